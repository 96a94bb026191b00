// Encrypted PKCS#8 (`-----BEGIN ENCRYPTED PRIVATE KEY-----`, RFC 8018 PBES2) decrypted with the
// browser's native PBKDF2 (crypto.subtle.deriveBits): asynchronous and off the page's main thread,
// where forge's pure-JavaScript PBKDF2 ran on it (8.4 million iterations froze every extension
// page). The file's iteration count is read first and capped (see KdfLimits in private-key.ts).
// The cipher (AES-CBC of any size, 3DES) and the PrivateKeyInfo inside stay with forge: a few
// kilobytes, no work factor. PBES1 and PKCS#12 schemes (no longer written by OpenSSL) are left
// to forge after the same cap on their iteration count.
import forge from 'node-forge';
import type { Bytes } from '../encoding/bytes';
import { derChildren, oidToString, readDer, type Der } from './spki';

const OID_PBES2 = '1.2.840.113549.1.5.13';
const OID_PBKDF2 = '1.2.840.113549.1.5.12';
const PRF: Record<string, string> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
};
const CIPHER: Record<string, { forge: forge.cipher.Algorithm; keyLen: number }> = {
  '2.16.840.1.101.3.4.1.2': { forge: 'AES-CBC', keyLen: 16 },
  '2.16.840.1.101.3.4.1.22': { forge: 'AES-CBC', keyLen: 24 },
  '2.16.840.1.101.3.4.1.42': { forge: 'AES-CBC', keyLen: 32 },
  '1.2.840.113549.3.7': { forge: '3DES-CBC', keyLen: 24 },
};

export interface Pbes2 {
  salt: Bytes;
  iterations: number;
  hash: string;
  cipher: (typeof CIPHER)[string];
  iv: Bytes;
  encrypted: Bytes;
}

function uint(d: Der | undefined): number {
  if (!d || d.tag !== 0x02) throw new Error('expected INTEGER');
  let n = 0;
  for (const b of d.body) n = n * 256 + b;
  return n;
}

/**
 * The scheme and the iteration count of an EncryptedPrivateKeyInfo. `pbes2` is null for a scheme
 * other than PBES2 with PBKDF2 and a known cipher (forge decrypts those); `iterations` is given
 * whenever the file names one, so the cap applies to every scheme.
 */
export function readEncryptedPkcs8(der: Uint8Array): { iterations: number | null; pbes2: Pbes2 | null } {
  const [alg, data] = derChildren(readDer(der).body);
  const [oid, params] = derChildren(alg.body);
  const scheme = oidToString(oid.body);
  if (scheme !== OID_PBES2) {
    // PBES1 / PKCS#12: params = SEQUENCE { salt OCTET STRING, iterations INTEGER }
    const p = params?.tag === 0x30 ? derChildren(params.body) : [];
    return { iterations: p[1]?.tag === 0x02 ? uint(p[1]) : null, pbes2: null };
  }
  const [kdf, enc] = derChildren(params.body);
  const [kdfOid, kdfParams] = derChildren(kdf.body);
  if (oidToString(kdfOid.body) !== OID_PBKDF2) return { iterations: null, pbes2: null };
  const kp = derChildren(kdfParams.body);
  const salt = kp[0].body as Bytes;
  const iterations = uint(kp[1]);
  let rest = kp.slice(2);
  if (rest[0]?.tag === 0x02) rest = rest.slice(1); // keyLength: implied by the cipher
  const prfOid = rest[0]?.tag === 0x30 ? oidToString(derChildren(rest[0].body)[0].body) : '1.2.840.113549.2.7';
  const [encOid, ivDer] = derChildren(enc.body);
  const cipher = CIPHER[oidToString(encOid.body)];
  const hash = PRF[prfOid];
  if (!cipher || !hash || ivDer?.tag !== 0x04) return { iterations, pbes2: null };
  return { iterations, pbes2: { salt, iterations, hash, cipher, iv: ivDer.body as Bytes, encrypted: data.body as Bytes } };
}

const binary = (b: Uint8Array): string => {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return s;
};

/** The PrivateKeyInfo DER inside, or null when the passphrase is wrong (bad padding). */
export async function decryptPbes2(p: Pbes2, passphrase: string): Promise<string | null> {
  const subtle = globalThis.crypto.subtle;
  const base = await subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', salt: p.salt, iterations: p.iterations, hash: p.hash }, base, p.cipher.keyLen * 8);
  const d = forge.cipher.createDecipher(p.cipher.forge, binary(new Uint8Array(bits)));
  d.start({ iv: binary(p.iv) });
  d.update(forge.util.createBuffer(binary(p.encrypted)));
  if (!d.finish()) return null;
  return d.output.getBytes();
}
