// OpenSSH's sshkey_read(): one "type base64" at the start of a string, with exactly the
// leniency and strictness of OpenSSH 9.2, so `keygen -l` lists the keys ssh-keygen lists.
// Strings here are "binary" (one char per byte, latin1) because OpenSSH works on bytes.
import { base64Decode, type Bytes } from './bytes';
import { decodePublicBlob, isKnownKeyType, type DecodedPublicKey } from './public-key-blob';

/** b64_pton: whitespace anywhere is skipped, padding is required, slack bits must be zero. */
export function opensshBase64Decode(s: string): Bytes | null {
  const compact = s.replace(/[ \t\n\v\f\r]/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  return base64Decode(compact);
}

export interface SshkeyReadResult {
  blob: Bytes;
  key: DecodedPublicKey;
  /** what follows the key, leading spaces/tabs skipped (sshkey_read leaves cp at the comment) */
  rest: string;
}

export function sshkeyRead(cp: string): SshkeyReadResult | null {
  let space = cp.search(/[ \t]/);
  if (space < 0) return null;
  const type = cp.slice(0, space);
  // Certificates would need their CA signature checked before ssh-keygen trusts them: not read here.
  if (!isKnownKeyType(type) || type.endsWith('-cert-v01@openssh.com')) return null;
  let rest = cp.slice(space).replace(/^[ \t]+/, '');
  if (!rest) return null;
  space = rest.search(/[ \t]/);
  if (space < 0) space = rest.length;
  const blob = opensshBase64Decode(rest.slice(0, space));
  if (!blob) return null;
  let key: DecodedPublicKey;
  try {
    key = decodePublicBlob(blob, 'ssh-keygen');
  } catch {
    return null;
  }
  if (key.type !== type) return null;
  rest = rest.slice(space).replace(/^[ \t]+/, '');
  return { blob, key, rest };
}
