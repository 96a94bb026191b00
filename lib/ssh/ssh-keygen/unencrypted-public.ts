// The public half of a private key file without any passphrase, for `keygen -l` on a private
// key: ssh-keygen reads the public key stored unencrypted in an openssh-key-v1 header, and
// the comment only when the private section is not encrypted. PEM (PKCS#1, SEC 1, DSA,
// unencrypted PKCS#8) carry their public parts in the clear too.
// The full readers (with passphrases) live in privatekey.ts; this one never decrypts.
import { bytesEqual, utf8Encode, type Bytes } from '../encoding/bytes';
import { SshReader } from '../encoding/wire';
import { unarmor } from '../encoding/pem';
import { derChildren, dsaPrivateToBlob, ecPrivateToBlob, oidToString, readDer, rsaPrivateToBlob } from '../formats/spki';
import { ecdsaPublicBlob } from '../formats/public-key-line';
import { decompressEcPoint, CURVES, type EcCurveName } from '../formats/public-key-blob';

const MAGIC = utf8Encode('openssh-key-v1\0');

export interface PrivateFilePublic {
  blob: Bytes;
  /** the comment as raw bytes, or null when the file does not reveal it (encrypted, PEM) */
  comment: Bytes | null;
  format: 'openssh' | 'pem';
  encrypted: boolean;
}

/** Field counts of each key type's private section (sshkey_private_deserialize), to reach the comment. */
function skipPrivateFields(r: SshReader, type: string): void {
  switch (type) {
    case 'ssh-ed25519':
      r.string();
      r.string();
      return;
    case 'ssh-rsa':
      for (let i = 0; i < 6; i++) r.string();
      return;
    case 'ssh-dss':
      for (let i = 0; i < 5; i++) r.string();
      return;
    case 'ecdsa-sha2-nistp256':
    case 'ecdsa-sha2-nistp384':
    case 'ecdsa-sha2-nistp521':
      r.string();
      r.string();
      r.string();
      return;
    case 'sk-ecdsa-sha2-nistp256@openssh.com':
      r.string();
      r.string();
      r.string();
      r.byte();
      r.string();
      r.string();
      return;
    case 'sk-ssh-ed25519@openssh.com':
      r.string();
      r.string();
      r.byte();
      r.string();
      r.string();
      return;
    default:
      throw new Error(`unknown private key type ${type}`);
  }
}

function fromOpenSsh(body: Uint8Array): PrivateFilePublic | null {
  if (body.length < MAGIC.length || !bytesEqual(body.subarray(0, MAGIC.length), MAGIC)) return null;
  const r = new SshReader(body.subarray(MAGIC.length), 'private key');
  const cipher = r.text('cipher');
  r.text('kdf');
  r.string('kdf options');
  if (r.uint32('nkeys') !== 1) return null;
  const blob = r.string('public key');
  const section = r.string('private section');
  if (cipher !== 'none') return { blob, comment: null, format: 'openssh', encrypted: true };
  try {
    const p = new SshReader(section, 'private key');
    if (p.uint32() !== p.uint32()) return { blob, comment: null, format: 'openssh', encrypted: false };
    skipPrivateFields(p, p.text());
    return { blob, comment: p.string(), format: 'openssh', encrypted: false };
  } catch {
    return { blob, comment: null, format: 'openssh', encrypted: false };
  }
}

/** PKCS#8 PrivateKeyInfo holding RSA or EC (what OpenSSL's PEM_read_PrivateKey would give OpenSSH). */
function fromPkcs8(der: Uint8Array): Bytes | null {
  const s = derChildren(readDer(der).body);
  const alg = derChildren(s[1].body);
  const oid = oidToString(alg[0].body);
  const inner = s[2].body;
  if (oid === '1.2.840.113549.1.1.1') return rsaPrivateToBlob(inner).blob;
  if (oid === '1.2.840.10045.2.1') {
    const curveOid = oidToString(alg[1].body);
    const curve = (Object.keys(CURVES) as EcCurveName[]).find((c) => CURVES[c].oid === curveOid);
    if (!curve) return null;
    const ec = derChildren(readDer(inner).body);
    const pub = ec.find((d) => d.tag === 0xa1);
    if (!pub) return null;
    const bits = readDer(pub.body).body;
    const point = bits[1] === 4 ? bits.slice(1) : decompressEcPoint(curve, bits.slice(1));
    return point ? ecdsaPublicBlob(curve, point) : null;
  }
  return null;
}

/** null when the text is not a private key whose public half can be read without a passphrase. */
export function publicFromPrivateFile(text: string): PrivateFilePublic | null {
  try {
    const pem = unarmor(text);
    if (!pem) return null;
    if (pem.label === 'OPENSSH PRIVATE KEY') return fromOpenSsh(pem.body);
    if (pem.headers['Proc-Type']) return null; // legacy OpenSSL encryption: needs the passphrase
    let blob: Bytes | null = null;
    if (pem.label === 'RSA PRIVATE KEY') blob = rsaPrivateToBlob(pem.body).blob;
    else if (pem.label === 'EC PRIVATE KEY') blob = ecPrivateToBlob(pem.body)?.blob ?? null;
    else if (pem.label === 'DSA PRIVATE KEY') blob = dsaPrivateToBlob(pem.body).blob;
    else if (pem.label === 'PRIVATE KEY') blob = fromPkcs8(pem.body);
    return blob ? { blob, comment: null, format: 'pem', encrypted: false } : null;
  } catch {
    return null;
  }
}
