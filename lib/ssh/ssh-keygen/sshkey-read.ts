// OpenSSH's sshkey_read(): one "type base64" at the start of a string, with exactly the
// leniency and strictness of OpenSSH 9.2, so `keygen -l` lists the keys ssh-keygen lists.
// Strings here are "binary" (one char per byte, latin1) because OpenSSH works on bytes.
import { base64Decode, type Bytes } from '../encoding/bytes';
import { decodePublicBlob, isCertType, isKnownKeyType, type DecodedPublicKey } from '../formats/public-key-blob';
import { parseCertificate } from '../formats/certificate';

/** b64_pton: whitespace anywhere is skipped, padding is required, slack bits must be zero. */
export function opensshBase64Decode(s: string): Bytes | null {
  const compact = s.replace(/[ \t\n\v\f\r]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  return base64Decode(compact);
}

export interface SshkeyReadResult {
  /** the blob ssh-keygen fingerprints (for a certificate: the certified plain key) */
  blob: Bytes;
  /** for a certificate, `label` is ssh-keygen's "…-CERT" name */
  key: DecodedPublicKey;
  /** what follows the key, leading spaces/tabs skipped (sshkey_read leaves cp at the comment) */
  rest: string;
  /** for a certificate: the whole certificate blob */
  certBlob?: Bytes;
}

function tokens(cp: string): { type: string; blob: Bytes; rest: string } | null {
  let space = cp.search(/[ \t]/);
  if (space < 0) return null;
  const type = cp.slice(0, space);
  if (!isKnownKeyType(type)) return null;
  let rest = cp.slice(space).replace(/^[ \t]+/, '');
  if (!rest) return null;
  space = rest.search(/[ \t]/);
  if (space < 0) space = rest.length;
  const blob = opensshBase64Decode(rest.slice(0, space));
  if (!blob) return null;
  rest = rest.slice(space).replace(/^[ \t]+/, '');
  return { type, blob, rest };
}

/** Plain keys only (certificates need their signature checked: sshkeyReadAsync). */
export function sshkeyRead(cp: string): SshkeyReadResult | null {
  const t = tokens(cp);
  if (!t || isCertType(t.type)) return null;
  let key: DecodedPublicKey;
  try {
    key = decodePublicBlob(t.blob, 'ssh-keygen');
  } catch {
    return null;
  }
  if (key.type !== t.type) return null;
  return { blob: t.blob, key, rest: t.rest };
}

/** Plain keys and certificates (whose CA signature must verify, as OpenSSH requires). */
export async function sshkeyReadAsync(cp: string): Promise<SshkeyReadResult | null> {
  const t = tokens(cp);
  if (!t) return null;
  if (!isCertType(t.type)) return sshkeyRead(cp);
  const c = await parseCertificate(t.blob);
  if (!c || c.type !== t.type) return null;
  return { blob: c.plainBlob, key: { ...c.key, label: c.label }, rest: t.rest, certBlob: t.blob };
}
