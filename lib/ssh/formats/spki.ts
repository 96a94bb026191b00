// SubjectPublicKeyInfo (RFC 5280 §4.1, RFC 3279, RFC 5480, RFC 8410) and PKCS#1 RSAPublicKey
// (RFC 8017 A.1.1) ⇄ SSH public key blobs: the `BEGIN PUBLIC KEY` / `BEGIN RSA PUBLIC KEY`
// PEM that other tools print and `ssh-keygen -e -m PKCS8|PEM` writes.
// A small DER reader/writer instead of node-forge: forge's SPKI reader knows only RSA, and
// these structures are a handful of SEQUENCEs.
import { concatBytes, type Bytes } from '../encoding/bytes';
import { keyError, SshKeyError } from '../errors';
import { SshWriter } from '../encoding/wire';
import { CURVES, decompressEcPoint, type EcCurveName } from './public-key-blob';
import { ecdsaPublicBlob, ed25519PublicBlob, rsaPublicBlob } from './public-key-line';

const OID_RSA = '1.2.840.113549.1.1.1';
const OID_EC = '1.2.840.10045.2.1';
const OID_DSA = '1.2.840.10040.4.1';
const OID_ED25519 = '1.3.101.112';
const OID_ED448 = '1.3.101.113';

export interface Der {
  tag: number;
  /** contents */
  body: Bytes;
  /** total encoded length (header + contents) */
  size: number;
}

function derFail(what: string): SshKeyError {
  return keyError('bad-der', `The PEM block is not valid DER (${what})`, `PEM 内容不是有效的 DER 编码（${what}）`, 'publicKey');
}

/** One DER element at `off`; definite, minimal lengths only. */
export function readDer(buf: Uint8Array, off = 0): Der {
  if (off + 2 > buf.length) throw derFail('truncated');
  const tag = buf[off];
  let len = buf[off + 1];
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || off + 2 + n > buf.length) throw derFail('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[off + 2 + i];
    if (len < 128 || buf[off + 2] === 0) throw derFail('non-minimal length');
    hdr += n;
  }
  if (off + hdr + len > buf.length) throw derFail('truncated');
  return { tag, body: buf.slice(off + hdr, off + hdr + len) as Bytes, size: hdr + len };
}

/** The children of a constructed element. */
export function derChildren(body: Uint8Array): Der[] {
  const out: Der[] = [];
  for (let off = 0; off < body.length; ) {
    const d = readDer(body, off);
    out.push(d);
    off += d.size;
  }
  return out;
}

function expectTag(d: Der | undefined, tag: number, what: string): Der {
  if (!d || d.tag !== tag) throw derFail(`expected ${what}`);
  return d;
}

/** One top-level element that fills the whole buffer. */
function derWhole(buf: Uint8Array, tag: number, what: string): Der {
  const d = readDer(buf);
  if (d.size !== buf.length) throw derFail('trailing data');
  return expectTag(d, tag, what);
}

export function oidToString(b: Uint8Array): string {
  if (b.length === 0) throw derFail('empty OID');
  const parts: number[] = [];
  let v = 0;
  for (const x of b) {
    v = v * 128 + (x & 0x7f);
    if (!(x & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  const first = parts.shift()!;
  const a = first < 80 ? Math.floor(first / 40) : 2;
  return [a, first - a * 40, ...parts].join('.');
}

function oidToBytes(oid: string): Bytes {
  const p = oid.split('.').map(Number);
  const out: number[] = [];
  const arcs = [p[0] * 40 + p[1], ...p.slice(2)];
  for (const arc of arcs) {
    const bytes = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift((v & 0x7f) | 0x80);
    out.push(...bytes);
  }
  return Uint8Array.from(out);
}

/** An INTEGER's contents as an unsigned magnitude; negative integers are refused. */
function derUint(d: Der | undefined, what: string): Bytes {
  const i = expectTag(d, 0x02, `INTEGER ${what}`);
  if (i.body.length === 0 || i.body[0] & 0x80) throw derFail(`${what} negative`);
  let k = 0;
  while (k < i.body.length - 1 && i.body[k] === 0) k++;
  return i.body.slice(k) as Bytes;
}

function bitStringBytes(d: Der | undefined): Bytes {
  const b = expectTag(d, 0x03, 'BIT STRING');
  if (b.body.length < 1 || b.body[0] !== 0) throw derFail('BIT STRING with unused bits');
  return b.body.slice(1) as Bytes;
}

function curveFromOid(oid: string): EcCurveName | null {
  for (const [name, c] of Object.entries(CURVES)) if (c.oid === oid) return name as EcCurveName;
  return null;
}

export interface SpkiKey {
  /** SSH blob of the key */
  blob: Bytes;
  type: 'ssh-rsa' | 'ssh-ed25519' | `ecdsa-sha2-${EcCurveName}` | 'ssh-dss';
}

export function dsaPublicBlob(p: Uint8Array, q: Uint8Array, g: Uint8Array, y: Uint8Array): Bytes {
  return new SshWriter().string('ssh-dss').mpint(p).mpint(q).mpint(g).mpint(y).bytes();
}

/** RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } */
export function rsaFromPkcs1(der: Uint8Array): SpkiKey {
  const s = derChildren(derWhole(der, 0x30, 'SEQUENCE').body);
  if (s.length !== 2) throw derFail('RSAPublicKey');
  const n = derUint(s[0], 'modulus');
  const e = derUint(s[1], 'exponent');
  return { type: 'ssh-rsa', blob: rsaPublicBlob(e, n) };
}

/**
 * SubjectPublicKeyInfo → SSH blob. Throws SshKeyError 'bad-der', 'unsupported-key-type'
 * (Ed448, unknown curves), or returns DSA for the caller to refuse.
 */
export function spkiToBlob(der: Uint8Array): SpkiKey {
  const top = derChildren(derWhole(der, 0x30, 'SEQUENCE').body);
  if (top.length !== 2) throw derFail('SubjectPublicKeyInfo');
  const alg = derChildren(expectTag(top[0], 0x30, 'AlgorithmIdentifier').body);
  const oid = oidToString(expectTag(alg[0], 0x06, 'algorithm OID').body);
  const key = bitStringBytes(top[1]);
  switch (oid) {
    case OID_RSA:
      return rsaFromPkcs1(key);
    case OID_ED25519:
      if (alg.length !== 1) throw derFail('Ed25519 parameters must be absent');
      if (key.length !== 32) throw keyError('ed25519-bad-length', `An Ed25519 public key has 32 bytes, this one ${key.length}`, `Ed25519 公钥应为 32 字节，实际为 ${key.length} 字节`, 'publicKey');
      return { type: 'ssh-ed25519', blob: ed25519PublicBlob(key) };
    case OID_EC: {
      const curveOid = alg[1]?.tag === 0x06 ? oidToString(alg[1].body) : '';
      const curve = curveFromOid(curveOid);
      if (!curve) {
        throw keyError('unsupported-key-type', `Unsupported elliptic curve ${curveOid || '(explicit parameters)'}; SSH uses P-256, P-384 or P-521`, `不支持的椭圆曲线 ${curveOid || '（显式参数）'}；SSH 只支持 P-256、P-384、P-521`, 'publicKey');
      }
      // OpenSSL may print compressed points; SSH blobs always carry the uncompressed form.
      const point = key[0] === 4 ? key : decompressEcPoint(curve, key);
      if (!point) throw keyError('ecdsa-bad-point', `The ${curve} public point is not on the curve`, `${curve} 公钥点不在曲线上`, 'publicKey');
      return { type: `ecdsa-sha2-${curve}`, blob: ecdsaPublicBlob(curve, point) };
    }
    case OID_DSA: {
      const params = derChildren(expectTag(alg[1], 0x30, 'DSA parameters').body);
      const y = derUint(derWhole(key, 0x02, 'INTEGER'), 'y');
      return { type: 'ssh-dss', blob: dsaPublicBlob(derUint(params[0], 'p'), derUint(params[1], 'q'), derUint(params[2], 'g'), y) };
    }
    case OID_ED448:
      throw keyError('unsupported-key-type', 'Ed448 keys are not supported by OpenSSH', 'OpenSSH 不支持 Ed448 密钥', 'publicKey');
    default:
      throw keyError('unsupported-key-type', `Unsupported public key algorithm ${oid}`, `不支持的公钥算法 ${oid}`, 'publicKey');
  }
}

// ---- writing (for `keygen -e -m PKCS8|PEM`, byte-identical to OpenSSL's DER) ----

function derLen(n: number): Bytes {
  if (n < 128) return Uint8Array.of(n);
  const b: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) b.unshift(v & 0xff);
  return Uint8Array.from([0x80 | b.length, ...b]);
}

export function der(tag: number, ...parts: Uint8Array[]): Bytes {
  const body = concatBytes(...parts);
  return concatBytes(Uint8Array.of(tag), derLen(body.length), body);
}

function derInt(mag: Uint8Array): Bytes {
  let i = 0;
  while (i < mag.length - 1 && mag[i] === 0) i++;
  let m: Uint8Array = mag.subarray(i);
  if (m.length === 0) m = Uint8Array.of(0);
  if (m[0] & 0x80) m = concatBytes(Uint8Array.of(0), m);
  return der(0x02, m);
}

const derOid = (oid: string) => der(0x06, oidToBytes(oid));
const bitString = (b: Uint8Array) => der(0x03, Uint8Array.of(0), b);

export function rsaPkcs1Der(e: Uint8Array, n: Uint8Array): Bytes {
  return der(0x30, derInt(n), derInt(e));
}

export function rsaSpkiDer(e: Uint8Array, n: Uint8Array): Bytes {
  return der(0x30, der(0x30, derOid(OID_RSA), Uint8Array.of(5, 0)), bitString(rsaPkcs1Der(e, n)));
}

export function ecSpkiDer(curve: EcCurveName, point: Uint8Array): Bytes {
  return der(0x30, der(0x30, derOid(OID_EC), derOid(CURVES[curve].oid)), bitString(point));
}

export function dsaSpkiDer(p: Uint8Array, q: Uint8Array, g: Uint8Array, y: Uint8Array): Bytes {
  return der(0x30, der(0x30, derOid(OID_DSA), der(0x30, derInt(p), derInt(q), derInt(g))), bitString(derInt(y)));
}

export function ed25519SpkiDer(pk: Uint8Array): Bytes {
  return der(0x30, der(0x30, derOid(OID_ED25519)), bitString(pk));
}

// ---- public parts of OpenSSL private keys (for `keygen -l` on PEM EC/DSA private keys) ----

/** ECPrivateKey (RFC 5915) with its optional publicKey [1] and named curve [0]. */
export function ecPrivateToBlob(derBytes: Uint8Array): SpkiKey | null {
  const s = derChildren(derWhole(derBytes, 0x30, 'SEQUENCE').body);
  const params = s.find((d) => d.tag === 0xa0);
  const pub = s.find((d) => d.tag === 0xa1);
  if (!params || !pub) return null;
  const curve = curveFromOid(oidToString(expectTag(readDer(params.body), 0x06, 'curve OID').body));
  if (!curve) return null;
  let point: Bytes | null = bitStringBytes(readDer(pub.body));
  if (point[0] !== 4) point = decompressEcPoint(curve, point);
  if (!point) return null;
  return { type: `ecdsa-sha2-${curve}`, blob: ecdsaPublicBlob(curve, point) };
}

/** OpenSSL's DSAPrivateKey: SEQUENCE { 0, p, q, g, y, x } */
export function dsaPrivateToBlob(derBytes: Uint8Array): SpkiKey {
  const s = derChildren(derWhole(derBytes, 0x30, 'SEQUENCE').body);
  if (s.length !== 6) throw derFail('DSAPrivateKey');
  return { type: 'ssh-dss', blob: dsaPublicBlob(derUint(s[1], 'p'), derUint(s[2], 'q'), derUint(s[3], 'g'), derUint(s[4], 'y')) };
}

/** RSAPrivateKey: SEQUENCE { 0, n, e, … } */
export function rsaPrivateToBlob(derBytes: Uint8Array): SpkiKey {
  const s = derChildren(derWhole(derBytes, 0x30, 'SEQUENCE').body);
  if (s.length < 9) throw derFail('RSAPrivateKey');
  return { type: 'ssh-rsa', blob: rsaPublicBlob(derUint(s[2], 'e'), derUint(s[1], 'n')) };
}
