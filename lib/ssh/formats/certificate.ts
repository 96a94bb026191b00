// OpenSSH certificates (PROTOCOL.certkeys), read the way OpenSSH 9.2's cert_parse() reads
// them: structure, the embedded plain key, and the CA's signature over everything before it.
// Only `keygen -l` lists certificates; the key intake refuses them by name before this runs.
// Signatures are checked with WebCrypto (Ed25519, ECDSA P-256/384/521, RSA PKCS#1 v1.5),
// available in Node 20 and current browsers, and DSA (FIPS 186, SHA-1) with BigInt, since
// WebCrypto has no DSA; a security-key CA counts as unverifiable.
import { concatBytes, type Bytes } from '../encoding/bytes';
import { SshReader, SshWriter } from '../encoding/wire';
import { CERT_SUFFIX, CURVES, bigToBytes, bytesToBig, decodePublicBlob, modPow, type DecodedPublicKey } from './public-key-blob';
import { ecSpkiDer, ed25519SpkiDer, rsaSpkiDer } from './spki';
import { sha1 } from '@noble/hashes/legacy.js';

export interface ParsedCertificate {
  /** e.g. 'ssh-ed25519-cert-v01@openssh.com' */
  type: string;
  /** ssh-keygen's label: ED25519-CERT, RSA-CERT, ECDSA-CERT … */
  label: string;
  /** the certified key as a plain blob (what ssh-keygen fingerprints) and its decoding */
  plainBlob: Bytes;
  key: DecodedPublicKey;
  certType: 1 | 2;
  keyId: string;
}

// Number of wire strings each plain key type contributes to a certificate after the nonce.
const KEY_FIELDS: Record<string, number> = {
  'ssh-ed25519': 1,
  'ssh-rsa': 2,
  'ssh-dss': 4,
  'ecdsa-sha2-nistp256': 2,
  'ecdsa-sha2-nistp384': 2,
  'ecdsa-sha2-nistp521': 2,
  'sk-ssh-ed25519@openssh.com': 2,
  'sk-ecdsa-sha2-nistp256@openssh.com': 3,
};

function plainName(certType: string): string | null {
  if (!certType.endsWith(CERT_SUFFIX)) return null;
  const base = certType.slice(0, -CERT_SUFFIX.length);
  const plain = base.startsWith('sk-') ? `${base}@openssh.com` : base;
  return plain in KEY_FIELDS ? plain : null;
}

/** Structure only; null when OpenSSH would not parse it. The signature is checked by verifyCertificate. */
export function parseCertificateStructure(blob: Uint8Array): (ParsedCertificate & { signed: Bytes; caBlob: Bytes; signature: Bytes }) | null {
  try {
    const r = new SshReader(blob, 'certificate');
    const type = r.text('type');
    const plain = plainName(type);
    if (!plain) return null;
    r.string('nonce');
    const w = new SshWriter().string(plain);
    for (let i = 0; i < KEY_FIELDS[plain]; i++) w.string(r.string('key'));
    const plainBlob = w.bytes();
    const key = decodePublicBlob(plainBlob, 'ssh-keygen');
    r.raw(8, 'serial');
    const certType = r.uint32('cert type');
    if (certType !== 1 && certType !== 2) return null;
    const keyId = new TextDecoder().decode(r.string('key id'));
    const principals = new SshReader(r.string('principals'), 'principals');
    while (principals.remaining) principals.text('principal');
    r.raw(16, 'validity');
    for (const section of [r.string('critical options'), r.string('extensions')]) {
      const s = new SshReader(section, 'options');
      while (s.remaining) {
        s.string('name');
        s.string('data');
      }
    }
    r.string('reserved');
    const caBlob = r.string('signature key');
    const signedLen = r.offset;
    const signature = r.string('signature');
    r.end();
    return { type, label: `${key.label}-CERT`, plainBlob, key, certType, keyId, signed: blob.slice(0, signedLen) as Bytes, caBlob, signature };
  } catch {
    return null;
  }
}

const subtle = () => globalThis.crypto.subtle;

async function verifySig(caBlob: Uint8Array, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  const ca = decodePublicBlob(caBlob, 'ssh-keygen');
  const s = new SshReader(signature, 'signature');
  const sigType = s.text('signature type');
  const sig = s.string('signature');
  s.end();
  const buf = (b: Uint8Array) => new Uint8Array(b) as Uint8Array<ArrayBuffer>;
  if (ca.type === 'ssh-ed25519' && ca.ed25519) {
    if (sigType !== 'ssh-ed25519' || sig.length !== 64) return false;
    const k = await subtle().importKey('spki', buf(ed25519SpkiDer(ca.ed25519)), { name: 'Ed25519' }, false, ['verify']);
    return subtle().verify({ name: 'Ed25519' }, k, buf(sig), buf(data));
  }
  if (ca.type === 'ssh-rsa' && ca.rsa) {
    const hash = { 'rsa-sha2-512': 'SHA-512', 'rsa-sha2-256': 'SHA-256', 'ssh-rsa': 'SHA-1' }[sigType];
    const nLen = ca.rsa.n.length;
    if (!hash || sig.length > nLen) return false;
    const padded = concatBytes(new Uint8Array(nLen - sig.length), sig);
    const k = await subtle().importKey('spki', buf(rsaSpkiDer(ca.rsa.e, ca.rsa.n)), { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
    return subtle().verify({ name: 'RSASSA-PKCS1-v1_5' }, k, buf(padded), buf(data));
  }
  if (ca.type.startsWith('ecdsa-sha2-') && ca.curve && ca.ecPoint) {
    if (sigType !== ca.type) return false;
    const rs = new SshReader(sig, 'ECDSA signature');
    const rr = bytesToBig(rs.mpint('r'));
    const ss = bytesToBig(rs.mpint('s'));
    rs.end();
    const c = CURVES[ca.curve];
    const raw = concatBytes(bigToBytes(rr, c.bytes), bigToBytes(ss, c.bytes));
    const namedCurve = { nistp256: 'P-256', nistp384: 'P-384', nistp521: 'P-521' }[ca.curve];
    const hash = { nistp256: 'SHA-256', nistp384: 'SHA-384', nistp521: 'SHA-512' }[ca.curve];
    const k = await subtle().importKey('spki', buf(ecSpkiDer(ca.curve, ca.ecPoint)), { name: 'ECDSA', namedCurve }, false, ['verify']);
    return subtle().verify({ name: 'ECDSA', hash }, k, buf(raw), buf(data));
  }
  if (ca.type === 'ssh-dss' && ca.dsa) {
    if (sigType !== 'ssh-dss' || sig.length !== 40) return false;
    const [p, q, g, y] = [ca.dsa.p, ca.dsa.q, ca.dsa.g, ca.dsa.y].map(bytesToBig);
    const r = bytesToBig(sig.subarray(0, 20));
    const sv = bytesToBig(sig.subarray(20));
    if (r <= 0n || r >= q || sv <= 0n || sv >= q) return false;
    const w = modPow(sv, q - 2n, q); // q is prime
    const h = bytesToBig(sha1(data)) ;
    const u1 = (h * w) % q;
    const u2 = (r * w) % q;
    return ((modPow(g, u1, p) * modPow(y, u2, p)) % p) % q === r;
  }
  return false;
}

/** The certificate as ssh-keygen accepts it (structure and a valid CA signature), or null. */
export async function parseCertificate(blob: Uint8Array): Promise<ParsedCertificate | null> {
  const c = parseCertificateStructure(blob);
  if (!c) return null;
  try {
    if (!(await verifySig(c.caBlob, c.signature, c.signed))) return null;
  } catch {
    return null;
  }
  return { type: c.type, label: c.label, plainBlob: c.plainBlob, key: c.key, certType: c.certType, keyId: c.keyId };
}
