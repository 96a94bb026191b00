// Private keys: writing OpenSSH's `openssh-key-v1` format exactly as ssh-keygen does
// (sshkey.c sshkey_private_to_blob2), and reading it back plus the PEM formats of
// OpenSSL (PKCS#1, PKCS#8), as `ssh-keygen -y` does.
//
// openssh-key-v1 is hand-written: no npm package writes it with bcrypt_pbkdf + aes256-ctr
// in a browser (sshpk needs Node's crypto). PKCS#1/#8 PEM go through node-forge in
// ./openssl-pem.ts, loaded only when such a file is read (forge is most of the popup's weight).
import * as ed from '@noble/ed25519';
import { bytesEqual, concatBytes, fromHex, toHex, utf8Encode, type Bytes } from '../encoding/bytes';
import { cancelledError, keyError, SshKeyError } from '../errors';
import { SshReader, SshWriter } from '../encoding/wire';
import { armor, unarmor } from '../encoding/pem';
import { cipherSpec, decrypt, encrypt, wrongPassphrase } from '../crypto/cipher';
import { bcryptPbkdfAsync } from '../crypto/bcrypt-pbkdf';
import { bitLength, ecdsaPublicBlob, ed25519PublicBlob, publicKeyLine, rsaPublicBlob } from './public-key-line';
import { fingerprint } from './fingerprint';
import { isPpkText, readPpk } from './ppk';

export type EcdsaCurve = 'nistp256' | 'nistp384' | 'nistp521';

export type PrivateKeyMaterial =
  | { type: 'ssh-ed25519'; publicKey: Bytes; seed: Bytes }
  | { type: 'ssh-rsa'; n: Bytes; e: Bytes; d: Bytes; iqmp: Bytes; p: Bytes; q: Bytes }
  | { type: `ecdsa-sha2-${EcdsaCurve}`; curve: EcdsaCurve; point: Bytes; d: Bytes };

export interface ReadPrivateKey {
  /** e.g. 'ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256' */
  type: PrivateKeyMaterial['type'];
  publicBlob: Bytes;
  comment: string;
  bits: number;
  /** `type base64 comment` as `ssh-keygen -y` prints it (no newline) */
  publicKeyLine: string;
  fingerprint: string;
  format: 'openssh' | 'pkcs1' | 'pkcs8' | 'ppk';
  encrypted: boolean;
  material: PrivateKeyMaterial;
}

const MAGIC = utf8Encode('openssh-key-v1\0');
export const DEFAULT_KDF_ROUNDS = 16;
const SALT_LEN = 16;
const DEFAULT_CIPHER = 'aes256-ctr';

export function publicBlobOf(m: PrivateKeyMaterial): Bytes {
  switch (m.type) {
    case 'ssh-ed25519':
      return ed25519PublicBlob(m.publicKey);
    case 'ssh-rsa':
      return rsaPublicBlob(m.e, m.n);
    default:
      return ecdsaPublicBlob(m.curve, m.point);
  }
}

export function keyBits(m: PrivateKeyMaterial): number {
  if (m.type === 'ssh-ed25519') return 256;
  if (m.type === 'ssh-rsa') return bitLength(m.n);
  return m.curve === 'nistp256' ? 256 : m.curve === 'nistp384' ? 384 : 521;
}

function writeMaterial(w: SshWriter, m: PrivateKeyMaterial): void {
  w.string(m.type);
  switch (m.type) {
    case 'ssh-ed25519':
      w.string(m.publicKey).string(concatBytes(m.seed, m.publicKey));
      break;
    case 'ssh-rsa':
      w.mpint(m.n).mpint(m.e).mpint(m.d).mpint(m.iqmp).mpint(m.p).mpint(m.q);
      break;
    default:
      w.string(m.curve).string(m.point).mpint(m.d);
  }
}

/** Derived cipher key+IV of the last encryption, so an immediate self-test read need not run bcrypt again. */
export interface KdfCache {
  passphrase: string;
  salt: Bytes;
  rounds: number;
  keyIv: Bytes;
}

/**
 * Most work a key file may ask of us. A file names its own work factor, and a hostile or odd one
 * could ask for 2^32-1 bcrypt rounds (days) or millions of PBKDF2 iterations; above these caps the
 * file is refused with a message instead of freezing the popup.
 * - bcrypt rounds: ssh-keygen's default is 16 (about 0.1 s natively); guides recommend -a 64 to
 *   -a 100, a careful few use several hundred. 1000 rounds take about 6 s here (two workers):
 *   ten times the usual strong setting is still allowed, beyond it nobody waits.
 * - PBKDF2 iterations (PKCS#8): OpenSSL's default is 2048; OWASP (2023) asks 600,000 for SHA-256
 *   and 1,300,000 for SHA-1, the most seen in the wild is about 2 million. Native WebCrypto does
 *   2 million SHA-256 iterations in about a second.
 */
export interface KdfLimits {
  maxBcryptRounds: number;
  maxPbkdf2Iterations: number;
}
export const DEFAULT_KDF_LIMITS: KdfLimits = { maxBcryptRounds: 1000, maxPbkdf2Iterations: 2_000_000 };
/** For the command line, which reads keys as ssh-keygen does (its user has Ctrl-C). */
export const NO_KDF_LIMITS: KdfLimits = { maxBcryptRounds: Infinity, maxPbkdf2Iterations: Infinity };

export interface ReadOptions {
  limits?: KdfLimits;
  /** the user's Cancel: stops the key derivation (its workers are terminated) */
  signal?: AbortSignal;
}

function tooMuchWork(what: 'bcrypt' | 'pbkdf2', n: number, max: number): SshKeyError {
  const fix = what === 'bcrypt' ? 'ssh-keygen -p -a 100 -f KEYFILE' : 'openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 600000 -in KEYFILE -out NEWFILE';
  const name = what === 'bcrypt' ? 'bcrypt rounds' : 'PBKDF2 iterations';
  const zhName = what === 'bcrypt' ? 'bcrypt 轮数' : 'PBKDF2 迭代次数';
  return keyError(
    'kdf-too-costly',
    `This key file asks for ${n} ${name} to unlock it; more than ${max} would take minutes or longer here, so it is not tried. Re-encrypt the key with a usual setting, for example: ${fix}`,
    `该密钥文件要求 ${n} 次${zhName}才能解锁；超过 ${max} 次在此处需要数分钟甚至更久，因此不予尝试。请用常规设置重新加密该密钥，例如：${fix}`,
    'kdf',
  );
}

export interface WriteOptions {
  /** the user's Cancel (generating with a passphrase) */
  signal?: AbortSignal;
  passphrase?: string;
  rounds?: number;
  /** randomness source (tests may pass a deterministic one) */
  randomBytes?: (n: number) => Bytes;
  /** filled with the derived key material when a passphrase is used */
  kdfCache?: { value?: KdfCache };
}

function defaultRandom(n: number): Bytes {
  return crypto.getRandomValues(new Uint8Array(n));
}

function checkRounds(rounds: number): void {
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 0xffffffff) {
    throw keyError('bad-rounds', `\`rounds\` expected an integer ≥ 1, got ${rounds}`, `\`rounds\`（KDF 轮数）应为 ≥ 1 的整数，实际 ${rounds}`, 'rounds');
  }
}

/** The `-----BEGIN OPENSSH PRIVATE KEY-----` file, as ssh-keygen writes it. */
export async function toOpenSshPrivateKey(m: PrivateKeyMaterial, comment: string, opts: WriteOptions = {}): Promise<string> {
  if (typeof comment !== 'string') throw keyError('bad-comment', '`comment` expected a string', '`comment`（备注）应为字符串', 'comment');
  const random = opts.randomBytes ?? defaultRandom;
  const passphrase = opts.passphrase ?? '';
  const encrypted = passphrase.length > 0;
  const rounds = opts.rounds ?? DEFAULT_KDF_ROUNDS;
  checkRounds(rounds);
  const spec = cipherSpec(encrypted ? DEFAULT_CIPHER : 'none');

  const check = new DataView(random(4).buffer).getUint32(0);
  const priv = new SshWriter().uint32(check).uint32(check);
  writeMaterial(priv, m);
  priv.string(comment);
  let section = priv.bytes();
  const padLen = (spec.blockSize - (section.length % spec.blockSize)) % spec.blockSize;
  const pad = new Uint8Array(padLen);
  for (let i = 0; i < padLen; i++) pad[i] = i + 1;
  section = concatBytes(section, pad);

  let kdfName = 'none';
  let kdfOptions: Uint8Array = new Uint8Array(0);
  if (encrypted) {
    const salt = random(SALT_LEN);
    const keyIv = await bcryptPbkdfAsync(utf8Encode(passphrase), salt, rounds, spec.keyLen + spec.ivLen, opts.signal);
    if (opts.kdfCache) opts.kdfCache.value = { passphrase, salt, rounds, keyIv };
    section = await encrypt(spec, keyIv.subarray(0, spec.keyLen), keyIv.subarray(spec.keyLen), section);
    kdfName = 'bcrypt';
    kdfOptions = new SshWriter().string(salt).uint32(rounds).bytes();
  }
  const body = new SshWriter()
    .raw(MAGIC)
    .string(spec.name)
    .string(kdfName)
    .string(kdfOptions)
    .uint32(1)
    .string(publicBlobOf(m))
    .string(section)
    .bytes();
  return armor('OPENSSH PRIVATE KEY', body, 70);
}

function passphraseRequired(): SshKeyError {
  return keyError(
    'passphrase-required',
    'This private key is protected by a passphrase: enter it to continue.',
    '此私钥受密码保护：请输入密码后继续。',
    'passphrase',
  );
}

function notAPrivateKey(): SshKeyError {
  return keyError(
    'not-private-key',
    'This is not a private key file this tool can read (expected "-----BEGIN OPENSSH PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----" or "-----BEGIN PRIVATE KEY-----").',
    '这不是可读取的私钥文件（应以 "-----BEGIN OPENSSH PRIVATE KEY-----"、"-----BEGIN RSA PRIVATE KEY-----" 或 "-----BEGIN PRIVATE KEY-----" 开头）。',
    'privateKey',
  );
}

function unsupportedType(type: string): SshKeyError {
  return keyError(
    'unsupported-key-type',
    `Private keys of type "${type}" are not supported here (supported: Ed25519, RSA, ECDSA).`,
    `不支持 "${type}" 类型的私钥（支持 Ed25519、RSA、ECDSA）。`,
    'privateKey',
  );
}

function mismatch(what: string): SshKeyError {
  return keyError(
    'key-mismatch',
    `The private key is inconsistent (${what}): the file is damaged or was altered. Do not use it.`,
    `私钥内容自相矛盾（${what}）：文件已损坏或被篡改，请勿使用。`,
    'privateKey',
  );
}

function readMaterial(r: SshReader): PrivateKeyMaterial {
  const type = r.text('key type');
  if (type === 'ssh-ed25519') {
    const publicKey = r.string('ed25519 public key');
    const sk = r.string('ed25519 private key');
    if (publicKey.length !== 32 || sk.length !== 64) throw mismatch('Ed25519 key lengths');
    if (!bytesEqual(sk.subarray(32), publicKey)) throw mismatch('Ed25519 public halves differ');
    return { type, publicKey, seed: sk.slice(0, 32) as Bytes };
  }
  if (type === 'ssh-rsa') {
    const n = r.mpint('rsa n');
    const e = r.mpint('rsa e');
    const d = r.mpint('rsa d');
    const iqmp = r.mpint('rsa iqmp');
    const p = r.mpint('rsa p');
    const q = r.mpint('rsa q');
    return { type, n, e, d, iqmp, p, q };
  }
  const m = /^ecdsa-sha2-(nistp256|nistp384|nistp521)$/.exec(type);
  if (m) {
    const curve = r.text('ecdsa curve');
    if (curve !== m[1]) throw mismatch('ECDSA curve name');
    const point = r.string('ecdsa public point');
    const d = r.mpint('ecdsa private scalar');
    return { type: type as `ecdsa-sha2-${EcdsaCurve}`, curve: curve as EcdsaCurve, point, d };
  }
  throw unsupportedType(type);
}

const big = (b: Uint8Array): bigint => (b.length ? BigInt('0x' + toHex(b)) : 0n);
function mag(x: bigint): Bytes {
  let h = x.toString(16);
  if (h.length % 2) h = '0' + h;
  return fromHex(h);
}
function b64url(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** JWKs of an RSA key, for WebCrypto signing (self-test) — CRT values derived here. */
export function rsaJwk(m: Extract<PrivateKeyMaterial, { type: 'ssh-rsa' }>): { priv: JsonWebKey; pub: JsonWebKey } {
  const d = big(m.d);
  const pub: JsonWebKey = { kty: 'RSA', n: b64url(m.n), e: b64url(m.e), alg: 'RS256', ext: true };
  const priv: JsonWebKey = {
    ...pub,
    d: b64url(m.d),
    p: b64url(m.p),
    q: b64url(m.q),
    dp: b64url(mag(d % (big(m.p) - 1n))),
    dq: b64url(mag(d % (big(m.q) - 1n))),
    qi: b64url(m.iqmp),
  };
  return { priv, pub };
}

/** Cheap structural checks that catch a damaged key before anyone relies on it. */
export async function checkKeyMaterial(m: PrivateKeyMaterial): Promise<void> {
  if (m.type === 'ssh-ed25519') {
    const pk = await ed.getPublicKeyAsync(m.seed);
    if (!bytesEqual(pk, m.publicKey)) throw mismatch('Ed25519 seed does not match the public key');
  } else if (m.type === 'ssh-rsa') {
    const p = big(m.p), q = big(m.q);
    if (p * q !== big(m.n)) throw mismatch('RSA n ≠ p·q');
    if ((big(m.iqmp) * q) % p !== 1n) throw mismatch('RSA iqmp');
  }
}

/** What a read private key tells: its public half, fingerprint and where it came from. */
export function describePrivateKey(m: PrivateKeyMaterial, comment: string, format: ReadPrivateKey['format'], encrypted: boolean): ReadPrivateKey {
  const publicBlob = publicBlobOf(m);
  return {
    type: m.type,
    publicBlob,
    comment,
    bits: keyBits(m),
    publicKeyLine: publicKeyLine(m.type, publicBlob, comment),
    fingerprint: fingerprint(publicBlob),
    format,
    encrypted,
    material: m,
  };
}

async function readOpenSsh(body: Bytes, passphrase: string | undefined, kdfCache: KdfCache | undefined, opts: ReadOptions): Promise<ReadPrivateKey> {
  if (body.length < MAGIC.length || !bytesEqual(body.subarray(0, MAGIC.length), MAGIC)) throw notAPrivateKey();
  const r = new SshReader(body.subarray(MAGIC.length), 'private key');
  const spec = cipherSpec(r.text('cipher name'));
  const kdfName = r.text('kdf name');
  const kdfOptions = r.string('kdf options');
  const nkeys = r.uint32('number of keys');
  if (nkeys !== 1) throw keyError('bad-key-count', `The file holds ${nkeys} keys; exactly one was expected`, `文件中包含 ${nkeys} 个密钥，应只有 1 个`, 'privateKey');
  const outerPublic = r.string('public key');
  let section = r.string('private section');
  const tag = spec.tagLen ? r.raw(spec.tagLen, 'authentication tag') : new Uint8Array(0);
  const encrypted = spec.name !== 'none';
  if (encrypted) {
    if (kdfName !== 'bcrypt') throw keyError('unsupported-kdf', `Unsupported key derivation "${kdfName}"`, `不支持的密钥派生算法 "${kdfName}"`, 'kdf');
    // The work factor is read before the passphrase is asked for: a file above the cap is refused
    // at once, not after the user typed a passphrase.
    const ko = new SshReader(kdfOptions, 'kdf options');
    const salt = ko.string('salt');
    const rounds = ko.uint32('rounds');
    ko.end('kdf options');
    const cached = kdfCache && kdfCache.passphrase === passphrase && kdfCache.rounds === rounds && bytesEqual(kdfCache.salt, salt);
    const max = (opts.limits ?? DEFAULT_KDF_LIMITS).maxBcryptRounds;
    if (!cached && rounds > max) throw tooMuchWork('bcrypt', rounds, max);
    if (!passphrase) throw passphraseRequired();
    const keyIv = cached ? kdfCache.keyIv : await bcryptPbkdfAsync(utf8Encode(passphrase), salt, rounds, spec.keyLen + spec.ivLen, opts.signal);
    if (section.length % spec.blockSize !== 0) throw keyError('truncated', 'The private key is truncated', '私钥内容不完整', 'privateKey');
    section = await decrypt(spec, keyIv.subarray(0, spec.keyLen), keyIv.subarray(spec.keyLen), concatBytes(section, tag));
  } else if (kdfName !== 'none') {
    throw notAPrivateKey();
  }
  const p = new SshReader(section, 'private key');
  const c1 = p.uint32('check');
  const c2 = p.uint32('check');
  if (c1 !== c2) throw encrypted ? wrongPassphrase() : mismatch('check numbers');
  const m = readMaterial(p);
  const comment = new TextDecoder('utf-8').decode(p.string('comment'));
  const padding = p.rest();
  // any length, as OpenSSH's private2_check_padding: puttygen pads a plain key with up to 9 bytes
  for (let i = 0; i < padding.length; i++) if (padding[i] !== ((i + 1) & 0xff)) throw mismatch('padding');
  if (!bytesEqual(publicBlobOf(m), outerPublic)) throw mismatch('public key in header differs');
  await checkKeyMaterial(m);
  return describePrivateKey(m, comment, 'openssh', encrypted);
}

/** Loads forge's PEM reader (a separate chunk); a page may call it early to have it ready. */
export const loadOpenSslPem = () => import('./openssl-pem');

async function readOpenSslPem(text: string, label: string, headers: Record<string, string>, passphrase: string | undefined, body: Bytes, opts: ReadOptions): Promise<ReadPrivateKey> {
  const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/.test(headers['Proc-Type'] ?? '');
  // PKCS#8 PBES2's PBKDF2 runs in WebCrypto (native, off the popup's thread), and its iteration
  // count, outside the encryption, is checked before a passphrase is asked for. Both modules
  // hold node-forge: loaded only when such a file is read (the popup's first screen has none).
  let pbes2: { decrypt(passphrase: string): Promise<string | null> } | null = null;
  if (label === 'ENCRYPTED PRIVATE KEY') {
    const { readEncryptedPkcs8, decryptPbes2 } = await import('./pkcs8-pbes2');
    let info;
    try {
      info = readEncryptedPkcs8(body);
    } catch (e) {
      if (e instanceof SshKeyError) throw e;
      const msg = String((e as Error)?.message ?? e);
      throw keyError('bad-pem', `The PEM private key could not be read: ${msg}`, `无法读取 PEM 私钥：${msg}`, 'privateKey');
    }
    const max = (opts.limits ?? DEFAULT_KDF_LIMITS).maxPbkdf2Iterations;
    if (info.iterations !== null && info.iterations > max) throw tooMuchWork('pbkdf2', info.iterations, max);
    const p = info.pbes2;
    if (p) pbes2 = { decrypt: (pass) => decryptPbes2(p, pass) };
  }
  if (encrypted && !passphrase) throw passphraseRequired();
  const { readOpenSslRsa, rsaFromPkcs8Der } = await loadOpenSslPem();
  let m: PrivateKeyMaterial | null;
  try {
    if (label === 'ENCRYPTED PRIVATE KEY' && pbes2) {
      if (opts.signal?.aborted) throw cancelledError();
      const der = await pbes2.decrypt(passphrase!);
      if (opts.signal?.aborted) throw cancelledError();
      if (der === null) throw wrongPassphrase();
      m = rsaFromPkcs8Der(der);
    } else {
      m = readOpenSslRsa(text, encrypted ? passphrase : undefined);
      if (!m) throw wrongPassphrase();
    }
  } catch (e) {
    if (e instanceof SshKeyError) throw e;
    const msg = String((e as Error)?.message ?? e);
    if (/OID|not RSA/i.test(msg)) throw unsupportedType(label === 'PRIVATE KEY' || label === 'ENCRYPTED PRIVATE KEY' ? 'PKCS#8 non-RSA' : label);
    // Decrypted with a wrong passphrase, the bytes are noise: usually the padding check fails,
    // but about one time in 256 the padding looks right and the ASN.1 parse fails instead, with
    // any message. Whatever else goes wrong after decrypting an encrypted file is a wrong passphrase.
    if (encrypted) throw wrongPassphrase();
    throw keyError('bad-pem', `The PEM private key could not be read: ${msg}`, `无法读取 PEM 私钥：${msg}`, 'privateKey');
  }
  await checkKeyMaterial(m);
  return describePrivateKey(m, '', label === 'RSA PRIVATE KEY' ? 'pkcs1' : 'pkcs8', encrypted);
}

/**
 * Reads a private key file and derives its public key, as `ssh-keygen -y` does; a PuTTY .ppk
 * (lib/ssh/formats/ppk.ts) is read too.
 * Errors are SshKeyError: 'passphrase-required', 'wrong-passphrase', 'not-private-key',
 * 'unsupported-key-type', 'unsupported-cipher', 'key-mismatch', 'truncated' …
 */
export async function readPrivateKey(text: string, passphrase?: string, kdfCache?: KdfCache, opts: ReadOptions = {}): Promise<ReadPrivateKey> {
  if (typeof text !== 'string' || !text.trim()) throw notAPrivateKey();
  if (isPpkText(text)) return readPpk(text, passphrase);
  const pem = unarmor(text);
  if (!pem) throw notAPrivateKey();
  switch (pem.label) {
    case 'OPENSSH PRIVATE KEY':
      return readOpenSsh(pem.body, passphrase, kdfCache, opts);
    case 'RSA PRIVATE KEY':
    case 'PRIVATE KEY':
    case 'ENCRYPTED PRIVATE KEY':
      return readOpenSslPem(text.replace(/\r\n/g, '\n'), pem.label, pem.headers, passphrase, pem.body, opts);
    case 'EC PRIVATE KEY':
    case 'DSA PRIVATE KEY':
      throw unsupportedType(pem.label.replace(' PRIVATE KEY', ''));
    default:
      throw notAPrivateKey();
  }
}
