// Decoding and checking SSH public key blobs (RFC 4253 §6.6, RFC 5656, RFC 8709, OpenSSH's
// PROTOCOL.u2f) for every plain key type OpenSSH 9.2 reads. Two strictness levels:
//  - 'ssh-keygen': accept exactly what `ssh-keygen -l` accepts (sshkey_fromb), so the CLI lists
//    the same keys;
//  - 'strict' (the key intake): additionally refuse non-minimal integers and even/tiny RSA
//    exponents — a key we hand to the console must be one every SSH server accepts.
// Hand-written because no browser-side library decodes all of these (sshpk needs Node's crypto),
// and the checks are small: lengths, curve names, and the curve equation with BigInt.
import { bitLength, ecdsaPublicBlob } from './public-key-line';
import { keyError, SshKeyError } from '../errors';
import { SshReader } from '../encoding/wire';
import type { Bytes } from '../encoding/bytes';

export type EcCurveName = 'nistp256' | 'nistp384' | 'nistp521';

export interface DecodedPublicKey {
  /** the type name inside the blob, e.g. 'ssh-ed25519' */
  type: string;
  /** bits as ssh-keygen reports them (sshkey_size) */
  bits: number;
  /** ssh-keygen's short label: ED25519, RSA, ECDSA, DSA, ED25519-SK, ECDSA-SK */
  label: string;
  curve?: EcCurveName;
  /** RSA public exponent / modulus, ECDSA point, Ed25519 key: for conversions */
  rsa?: { e: Bytes; n: Bytes };
  dsa?: { p: Bytes; q: Bytes; g: Bytes; y: Bytes };
  ecPoint?: Bytes;
  ed25519?: Bytes;
  /** sk-* keys: the FIDO application string (usually "ssh:") */
  application?: string;
}

export const PLAIN_KEY_TYPES = [
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
  'ssh-dss',
] as const;

export const CERT_SUFFIX = '-cert-v01@openssh.com';

export function isKnownKeyType(t: string): boolean {
  return (PLAIN_KEY_TYPES as readonly string[]).includes(t) || isCertType(t);
}

export function isCertType(t: string): boolean {
  return (
    t.endsWith(CERT_SUFFIX) &&
    ['ssh-ed25519', 'ssh-rsa', 'ssh-dss', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'sk-ssh-ed25519', 'sk-ecdsa-sha2-nistp256'].includes(
      t.slice(0, -CERT_SUFFIX.length),
    )
  );
}

/** The type a key blob names in its first string, or null when there is no text to read there. */
export function blobTypeName(blob: Uint8Array): string | null {
  try {
    return new SshReader(blob).text('key type');
  } catch {
    return null;
  }
}

// Curve parameters (SEC 2 / FIPS 186-4): a = -3 for all three.
export const CURVES: Record<EcCurveName, { p: bigint; b: bigint; bytes: number; bits: number; oid: string }> = {
  nistp256: {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    bytes: 32,
    bits: 256,
    oid: '1.2.840.10045.3.1.7',
  },
  nistp384: {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    bytes: 48,
    bits: 384,
    oid: '1.3.132.0.34',
  },
  nistp521: {
    p: (1n << 521n) - 1n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    bytes: 66,
    bits: 521,
    oid: '1.3.132.0.35',
  },
};

export function bytesToBig(b: Uint8Array): bigint {
  let x = 0n;
  for (const v of b) x = (x << 8n) | BigInt(v);
  return x;
}

export function bigToBytes(x: bigint, len: number): Bytes {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** b^e mod m (square and multiply), for the curve checks here and DSA signatures in certificate.ts. */
export function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

function curveRhs(c: (typeof CURVES)[EcCurveName], x: bigint): bigint {
  return mod(x * x * x - 3n * x + c.b, c.p);
}

/** Is the uncompressed point (0x04 || X || Y) on the curve? (cofactor 1: on-curve means in the group) */
export function isValidEcPoint(curve: EcCurveName, point: Uint8Array): boolean {
  const c = CURVES[curve];
  if (point.length !== 1 + 2 * c.bytes || point[0] !== 0x04) return false;
  const x = bytesToBig(point.subarray(1, 1 + c.bytes));
  const y = bytesToBig(point.subarray(1 + c.bytes));
  if (x >= c.p || y >= c.p) return false;
  return mod(y * y, c.p) === curveRhs(c, x);
}

/** 0x02/0x03 || X → 0x04 || X || Y, or null when X is not on the curve. All three primes are 3 mod 4. */
export function decompressEcPoint(curve: EcCurveName, point: Uint8Array): Bytes | null {
  const c = CURVES[curve];
  if (point.length !== 1 + c.bytes || (point[0] !== 2 && point[0] !== 3)) return null;
  const x = bytesToBig(point.subarray(1));
  if (x >= c.p) return null;
  const rhs = curveRhs(c, x);
  let y = modPow(rhs, (c.p + 1n) / 4n, c.p);
  if (mod(y * y, c.p) !== rhs) return null;
  if ((y & 1n) !== BigInt(point[0] & 1)) y = c.p - y;
  const out = new Uint8Array(1 + 2 * c.bytes);
  out[0] = 4;
  out.set(bigToBytes(x, c.bytes), 1);
  out.set(bigToBytes(y, c.bytes), 1 + c.bytes);
  return out;
}

function bad(code: string, en: string, zh: string): SshKeyError {
  return keyError(code, en, zh, 'publicKey');
}

export type Strictness = 'strict' | 'ssh-keygen';

// OpenSSH's limits (sshbuf_get_bignum2: at most 16384 bits; sshkey.c: RSA 1024…16384 bits).
const MAX_BIGNUM_BYTES = 2048;

function mpint(r: SshReader, field: string, strictness: Strictness): Bytes {
  const raw = r.string(field);
  if (raw.length > 0 && raw[0] & 0x80) throw bad('bad-integer', `The key's ${field} is negative`, `密钥的 ${field} 为负数`);
  if (raw.length > MAX_BIGNUM_BYTES + 1 || (raw.length === MAX_BIGNUM_BYTES + 1 && raw[0] !== 0)) {
    throw bad('bad-integer', `The key's ${field} is too large`, `密钥的 ${field} 过大`);
  }
  // An mpint has a leading zero only to keep the top bit clear; a redundant one means the
  // blob was not written by an SSH implementation.
  if (strictness === 'strict' && raw.length > 1 && raw[0] === 0 && !(raw[1] & 0x80)) {
    throw bad('bad-integer', `The key's ${field} is not minimally encoded`, `密钥的 ${field} 编码不规范（有多余的前导零）`);
  }
  let i = 0;
  while (i < raw.length && raw[i] === 0) i++;
  return raw.slice(i) as Bytes;
}

// OpenSSH reads the FIDO application as a C string (no NUL bytes); the intake also wants UTF-8.
function readApplication(r: SshReader, strictness: Strictness): string {
  const raw = r.string('application');
  if (raw.includes(0)) throw bad('truncated', 'The security key application name contains a NUL byte', '安全密钥的 application 名称包含 NUL 字节');
  if (strictness === 'strict') {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(raw);
    } catch {
      throw bad('truncated', 'The security key application name is not valid UTF-8', '安全密钥的 application 名称不是有效的 UTF-8');
    }
  }
  return new TextDecoder('latin1').decode(raw);
}

function curveOf(name: string): EcCurveName | null {
  return name === 'nistp256' || name === 'nistp384' || name === 'nistp521' ? name : null;
}

function readEcdsa(r: SshReader, type: string, expected: EcCurveName): { curve: EcCurveName; point: Bytes } {
  const curveName = r.text('curve name');
  const curve = curveOf(curveName);
  if (curve !== expected) {
    throw bad(
      'ecdsa-curve-mismatch',
      `The key says ${type} but names the curve "${curveName}"`,
      `密钥类型为 ${type}，但其中的曲线名为 "${curveName}"，两者不一致`,
    );
  }
  const point = r.string('curve point');
  if (!isValidEcPoint(curve, point)) {
    throw bad(
      'ecdsa-bad-point',
      `The ${curve} public point is not a valid uncompressed point on the curve`,
      `${curve} 公钥点不是曲线上有效的未压缩点`,
    );
  }
  return { curve, point };
}

/**
 * Decodes a plain public key blob and checks it; throws SshKeyError (codes: 'truncated',
 * 'trailing-data', 'unknown-key-type', 'certificate', 'ecdsa-curve-mismatch', 'ecdsa-bad-point',
 * 'ed25519-bad-length', 'rsa-bad-exponent', 'rsa-bad-modulus', 'bad-integer').
 */
export function decodePublicBlob(blob: Uint8Array, strictness: Strictness = 'strict'): DecodedPublicKey {
  const r = new SshReader(blob, 'The public key');
  const typeBytes = r.string('key type');
  let type: string;
  try {
    type = new TextDecoder('utf-8', { fatal: true }).decode(typeBytes);
  } catch {
    throw bad('unknown-key-type', 'The key type inside the key data is not text', '密钥数据中的密钥类型不是文本');
  }
  let out: DecodedPublicKey;
  switch (type) {
    case 'ssh-ed25519': {
      const pk = r.string('Ed25519 key');
      if (pk.length !== 32) throw bad('ed25519-bad-length', `An Ed25519 public key has 32 bytes, this one ${pk.length}`, `Ed25519 公钥应为 32 字节，实际为 ${pk.length} 字节`);
      out = { type, bits: 256, label: 'ED25519', ed25519: pk };
      break;
    }
    case 'sk-ssh-ed25519@openssh.com': {
      const pk = r.string('Ed25519 key');
      if (pk.length !== 32) throw bad('ed25519-bad-length', `An Ed25519 public key has 32 bytes, this one ${pk.length}`, `Ed25519 公钥应为 32 字节，实际为 ${pk.length} 字节`);
      const application = readApplication(r, strictness);
      out = { type, bits: 256, label: 'ED25519-SK', ed25519: pk, application };
      break;
    }
    case 'ssh-rsa': {
      const e = mpint(r, 'RSA exponent', strictness);
      const n = mpint(r, 'RSA modulus', strictness);
      const bits = bitLength(n);
      if (strictness === 'strict' && bits < 2048) {
        throw bad(
          'rsa-too-small',
          `This RSA key has only ${bits} bits, which is too weak (at least 2048 are needed). Make a new Ed25519 key (ssh-keygen -t ed25519) and use that.`,
          `该 RSA 密钥只有 ${bits} 位，强度不足（至少需要 2048 位）。请生成新的 Ed25519 密钥（ssh-keygen -t ed25519）并使用它。`,
        );
      }
      if (bits < 1024 || bits > 16384) {
        // Below 1024 bits OpenSSH refuses to load the key at all.
        throw bad('rsa-bad-modulus', `The RSA modulus has ${bits} bits; OpenSSH accepts 1024 to 16384`, `RSA 模数为 ${bits} 位，OpenSSH 只接受 1024 到 16384 位`);
      }
      if (strictness === 'strict') {
        if (!(n[n.length - 1] & 1)) throw bad('rsa-bad-modulus', 'The RSA modulus is even, so it is not an RSA key', 'RSA 模数为偶数，不是有效的 RSA 密钥');
        const ev = bytesToBig(e);
        if (ev < 3n || !(ev & 1n)) throw bad('rsa-bad-exponent', `The RSA exponent must be odd and at least 3 (got ${ev})`, `RSA 公钥指数必须为 ≥ 3 的奇数（实际为 ${ev}）`);
      }
      out = { type, bits, label: 'RSA', rsa: { e, n } };
      break;
    }
    case 'ecdsa-sha2-nistp256':
    case 'ecdsa-sha2-nistp384':
    case 'ecdsa-sha2-nistp521': {
      const { curve, point } = readEcdsa(r, type, type.slice(11) as EcCurveName);
      out = { type, bits: CURVES[curve].bits, label: 'ECDSA', curve, ecPoint: point };
      break;
    }
    case 'sk-ecdsa-sha2-nistp256@openssh.com': {
      const { curve, point } = readEcdsa(r, type, 'nistp256');
      const application = readApplication(r, strictness);
      out = { type, bits: 256, label: 'ECDSA-SK', curve, ecPoint: point, application };
      break;
    }
    case 'ssh-dss': {
      const p = mpint(r, 'DSA p', strictness);
      const q = mpint(r, 'DSA q', strictness);
      const g = mpint(r, 'DSA g', strictness);
      const y = mpint(r, 'DSA y', strictness);
      out = { type, bits: bitLength(p), label: 'DSA', dsa: { p, q, g, y } };
      break;
    }
    default:
      if (isCertType(type)) throw bad('certificate', `This is an OpenSSH certificate (${type}), not a plain public key`, `这是 OpenSSH 证书（${type}），不是普通公钥`);
      throw bad('unknown-key-type', `Unknown key type "${type.slice(0, 60)}"`, `未知的密钥类型 "${type.slice(0, 60)}"`);
  }
  r.end('after the key');
  return out;
}

/** The ECDSA blob for a curve point (re-exported for the converters). */
export { ecdsaPublicBlob };
