// PuTTY's private key files (.ppk), versions 2 and 3, both ways, as PuTTY 0.78 writes and
// reads them (sshpubk.c ppk_save_sb / ppk_load_s, ssh2_ppk_derive_keys).
//
//   PuTTY-User-Key-File-3: ssh-ed25519        (or -2)
//   Encryption: aes256-cbc | none
//   Comment: …
//   Public-Lines: N, then the public blob in base64, 64 characters a line
//   v3 encrypted only: Key-Derivation: Argon2id, Argon2-Memory, -Passes, -Parallelism, -Salt (hex)
//   Private-Lines: N, then the private blob (padded, maybe encrypted) in base64
//   Private-MAC: hex
//
// The private blob holds only the private integers (RSA d p q iqmp; Ed25519 the seed as an
// unsigned little-endian integer; ECDSA d), padded to the cipher block with the first bytes
// of its SHA-1. The MAC is over string(type) string(encryption) string(comment)
// string(public blob) string(padded private blob): HMAC-SHA-256 keyed by Argon2 output bytes
// 48..80 in v3 (an empty key when unencrypted), HMAC-SHA-1 keyed by
// SHA-1("putty-private-key-file-mac-key" ‖ passphrase) in v2. The cipher key is Argon2 bytes
// 0..32 and IV 32..48 in v3; in v2 SHA-1(0 ‖ pass) ‖ SHA-1(1 ‖ pass) and a zero IV.
//
// Hand-written: no npm package writes .ppk v3 in a browser (the ones that do use Node's crypto);
// the pieces come from noble (SHA, HMAC, Argon2) and WebCrypto (AES-CBC).
import { checkComment } from '../comment';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { base64Decode, base64Encode, bytesEqual, concatBytes, fromHex, toHex, utf8Encode, type Bytes } from '../encoding/bytes';
import { SshReader, SshWriter } from '../encoding/wire';
import { keyError, type SshKeyError } from '../errors';
import { cipherSpec, decrypt, encrypt, wrongPassphrase } from '../crypto/cipher';
import { argon2Async, checkArgon2Params, PPK_ARGON2_DEFAULTS, type Argon2Flavour, type Argon2Params } from '../crypto/argon2';
import { checkKeyMaterial, describePrivateKey, publicBlobOf, type PrivateKeyMaterial, type ReadPrivateKey } from './private-key';

export type PpkVersion = 2 | 3;

export interface PpkWriteOptions {
  version?: PpkVersion;
  /** empty or absent: a plain file (Encryption: none) */
  passphrase?: string;
  /** v3 Argon2 cost; PuTTY's defaults otherwise */
  argon2?: { flavour?: Argon2Flavour; memory?: number; passes?: number; parallelism?: number };
  randomBytes?: (n: number) => Bytes;
}

export interface ReadPpk extends ReadPrivateKey {
  ppkVersion: PpkVersion;
}

const MAC_KEY_V2 = 'putty-private-key-file-mac-key';
const AES = cipherSpec('aes256-cbc');

export function isPpkText(text: string): boolean {
  return /^\s*PuTTY-User-Key-File-\d+\s*:/.test(text);
}

function bad(what: string, zh: string): SshKeyError {
  return keyError('ppk-bad-file', `This .ppk file cannot be read (${what}): it is damaged or not a PuTTY key file.`, `无法读取此 .ppk 文件（${zh}）：文件已损坏或不是 PuTTY 密钥文件。`, 'privateKey');
}

/** ed25519's seed as PuTTY stores it: an unsigned little-endian integer, high zero bytes dropped. */
function leTrim(b: Uint8Array): Uint8Array {
  let n = b.length;
  while (n > 0 && b[n - 1] === 0) n--;
  return b.subarray(0, n);
}

function privateBlob(m: PrivateKeyMaterial): Bytes {
  const w = new SshWriter();
  if (m.type === 'ssh-ed25519') w.string(leTrim(m.seed));
  else if (m.type === 'ssh-rsa') w.mpint(m.d).mpint(m.p).mpint(m.q).mpint(m.iqmp);
  else w.mpint(m.d);
  return w.bytes();
}

function macData(type: string, encryption: string, comment: string, pub: Uint8Array, priv: Uint8Array): Bytes {
  return new SshWriter().string(type).string(encryption).string(comment).string(pub).string(priv).bytes();
}

interface Keys {
  cipherKey: Uint8Array;
  iv: Uint8Array;
  macKey: Uint8Array;
}

type PpkKdf = Omit<Argon2Params, 'length'>;

async function deriveKeys(version: PpkVersion, passphrase: Uint8Array, encrypted: boolean, kdf?: PpkKdf): Promise<Keys> {
  if (version === 2) {
    const k = (i: number) => sha1(concatBytes(new Uint8Array([0, 0, 0, i]), passphrase));
    return {
      cipherKey: concatBytes(k(0), k(1)).subarray(0, 32),
      iv: new Uint8Array(16),
      macKey: sha1(concatBytes(utf8Encode(MAC_KEY_V2), encrypted ? passphrase : new Uint8Array(0))),
    };
  }
  if (!encrypted) return { cipherKey: new Uint8Array(0), iv: new Uint8Array(0), macKey: new Uint8Array(0) };
  const out = await argon2Async(passphrase, { ...kdf!, length: 32 + 16 + 32 });
  return { cipherKey: out.subarray(0, 32), iv: out.subarray(32, 48), macKey: out.subarray(48, 80) };
}

const mac = (version: PpkVersion, key: Uint8Array, data: Uint8Array) => (version === 3 ? hmac(sha256, key, data) : hmac(sha1, key, data));

function lines(b64: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < b64.length; i += 64) out.push(b64.slice(i, i + 64));
  return out;
}

/** A .ppk file (LF line ends, as puttygen on Unix writes; PuTTY and WinSCP on Windows read them). */
export async function toPpk(m: PrivateKeyMaterial, comment: string, opts: PpkWriteOptions = {}): Promise<string> {
  const version = opts.version ?? 3;
  if (version !== 2 && version !== 3) throw keyError('ppk-bad-version', `\`version\` expected 2 or 3, got ${version}`, `\`version\`（.ppk 版本）应为 2 或 3，实际 ${version}`, 'version');
  if (/[\r\n]/.test(comment)) throw keyError('bad-comment', '`comment` must be a single line', '`comment`（备注）不能包含换行', 'comment');
  const random = opts.randomBytes ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  const passphrase = utf8Encode(opts.passphrase ?? '');
  const encrypted = passphrase.length > 0;
  const encryption = encrypted ? 'aes256-cbc' : 'none';
  const pub = publicBlobOf(m);
  const plain = privateBlob(m);
  const block = encrypted ? 16 : 1;
  const padLen = (block - (plain.length % block)) % block;
  const padded = concatBytes(plain, sha1(plain).subarray(0, padLen));

  const head = [`PuTTY-User-Key-File-${version}: ${m.type}`, `Encryption: ${encryption}`, `Comment: ${comment}`];
  const pubLines = lines(base64Encode(pub));
  head.push(`Public-Lines: ${pubLines.length}`, ...pubLines);
  let kdf: PpkKdf | undefined;
  if (version === 3 && encrypted) {
    const a = { ...PPK_ARGON2_DEFAULTS, ...opts.argon2 };
    kdf = { flavour: a.flavour, memory: a.memory, passes: a.passes, parallelism: a.parallelism, salt: random(16) };
    checkArgon2Params(kdf);
    head.push(`Key-Derivation: ${kdf.flavour}`, `Argon2-Memory: ${kdf.memory}`, `Argon2-Passes: ${kdf.passes}`, `Argon2-Parallelism: ${kdf.parallelism}`, `Argon2-Salt: ${toHex(kdf.salt)}`);
  }
  const keys = await deriveKeys(version, passphrase, encrypted, kdf);
  const tag = mac(version, keys.macKey, macData(m.type, encryption, comment, pub, padded));
  const stored = encrypted ? await encrypt(AES, keys.cipherKey, keys.iv, padded) : padded;
  const privLines = lines(base64Encode(stored));
  head.push(`Private-Lines: ${privLines.length}`, ...privLines, `Private-MAC: ${toHex(tag)}`);
  return head.join('\n') + '\n';
}

/** The header fields and base64 bodies of a .ppk, in file order (ppk_load_s's reader). */
class PpkLines {
  private i = 0;
  private readonly ls: string[];
  constructor(text: string) {
    this.ls = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  }
  header(key: string, zh = key): string {
    const line = this.ls[this.i++];
    const prefix = `${key}: `;
    if (line === undefined || !line.startsWith(prefix)) throw bad(`expected "${key}:"`, `缺少 "${key}:"`);
    return line.slice(prefix.length);
  }
  peek(key: string): boolean {
    return this.ls[this.i]?.startsWith(`${key}: `) ?? false;
  }
  count(key: string): number {
    const v = this.header(key);
    if (!/^\d{1,4}$/.test(v)) throw bad(`${key} is not a line count`, `${key} 不是行数`);
    return Number(v);
  }
  body(n: number, what: string): Bytes {
    let s = '';
    for (let k = 0; k < n; k++) {
      const line = this.ls[this.i++];
      if (line === undefined) throw bad(`${what} is cut short`, `${what}不完整`);
      s += line.trim();
    }
    const b = base64Decode(s);
    if (!b) throw bad(`${what} is not base64`, `${what}不是 base64`);
    return b;
  }
}

function readPublic(pub: Bytes, type: string): { type: PrivateKeyMaterial['type']; r: (priv: SshReader) => PrivateKeyMaterial } {
  const r = new SshReader(pub, 'public key');
  const t = r.text('key type');
  if (t !== type) throw bad('the public key is of another type than the header says', '公钥类型与文件头不符');
  if (t === 'ssh-ed25519') {
    const publicKey = r.string('ed25519 public key');
    if (publicKey.length !== 32) throw bad('Ed25519 public key length', 'Ed25519 公钥长度');
    return {
      type: t,
      r: (p) => {
        const le = p.string('ed25519 private key');
        if (le.length > 32) throw bad('Ed25519 private key length', 'Ed25519 私钥长度');
        const seed = new Uint8Array(32);
        seed.set(le);
        return { type: t, publicKey, seed };
      },
    };
  }
  if (t === 'ssh-rsa') {
    const e = r.mpint('rsa e');
    const n = r.mpint('rsa n');
    return { type: t, r: (p) => ({ type: t, n, e, d: p.mpint('rsa d'), p: p.mpint('rsa p'), q: p.mpint('rsa q'), iqmp: p.mpint('rsa iqmp') }) };
  }
  const m = /^ecdsa-sha2-(nistp256|nistp384|nistp521)$/.exec(t);
  if (m) {
    const curve = r.text('ecdsa curve');
    if (curve !== m[1]) throw bad('ECDSA curve name', 'ECDSA 曲线名');
    const point = r.string('ecdsa public point');
    const ty = t as `ecdsa-sha2-${'nistp256' | 'nistp384' | 'nistp521'}`;
    return { type: ty, r: (p) => ({ type: ty, curve: m[1] as 'nistp256', point, d: p.mpint('ecdsa private scalar') }) };
  }
  throw keyError('unsupported-key-type', `PuTTY keys of type "${t}" are not supported here (supported: Ed25519, RSA, ECDSA).`, `不支持 "${t}" 类型的 PuTTY 密钥（支持 Ed25519、RSA、ECDSA）。`, 'privateKey');
}

function passphraseRequired(): SshKeyError {
  return keyError('passphrase-required', 'This private key is protected by a passphrase: enter it to continue.', '此私钥受密码保护：请输入密码后继续。', 'passphrase');
}

/**
 * Reads a .ppk (v2 or v3, plain or encrypted) and gives its key, as puttygen would load it.
 * Errors: 'passphrase-required', 'wrong-passphrase', 'ppk-bad-file', 'ppk-old-version',
 * 'ppk-argon2-too-costly', 'unsupported-key-type', 'key-mismatch' …
 */
export async function readPpk(text: string, passphrase?: string): Promise<ReadPpk> {
  const L = new PpkLines(text);
  const first = /^PuTTY-User-Key-File-(\d+): (.*)$/.exec(text.replace(/^\uFEFF/, '').split(/\r?\n|\r/)[0] ?? '');
  if (!first) throw bad('no "PuTTY-User-Key-File-" header', '缺少 "PuTTY-User-Key-File-" 文件头');
  const version = Number(first[1]);
  if (version !== 2 && version !== 3) {
    throw keyError(
      'ppk-old-version',
      `This is a version ${first[1]} .ppk file; only versions 2 and 3 are read here. Load it in PuTTYgen and save it again.`,
      `这是第 ${first[1]} 版 .ppk 文件，此处只能读取第 2、3 版。请在 PuTTYgen 中载入后重新保存。`,
      'privateKey',
    );
  }
  const type = L.header(`PuTTY-User-Key-File-${version}`);
  const encryption = L.header('Encryption');
  if (encryption !== 'none' && encryption !== 'aes256-cbc') throw bad(`unknown encryption "${encryption}"`, `未知的加密方式 "${encryption}"`);
  const encrypted = encryption !== 'none';
  const commentBytes = L.header('Comment');
  // the one comment rule (lib/ssh/comment.ts): control and text-direction characters are refused
  // here, where a .ppk's comment enters, with PuTTYgen's way to change it
  const comment = checkComment(commentBytes, 'ppk-file');
  const pub = L.body(L.count('Public-Lines'), 'public key');
  let kdf: PpkKdf | undefined;
  if (version === 3 && encrypted) {
    const flavour = L.header('Key-Derivation');
    if (flavour !== 'Argon2id' && flavour !== 'Argon2i' && flavour !== 'Argon2d') throw bad(`unknown key derivation "${flavour}"`, `未知的密钥派生算法 "${flavour}"`);
    const num = (k: string) => {
      const v = L.header(k);
      if (!/^\d{1,10}$/.test(v)) throw bad(`${k} is not a number`, `${k} 不是数字`);
      return Number(v);
    };
    const memory = num('Argon2-Memory');
    const passes = num('Argon2-Passes');
    const parallelism = num('Argon2-Parallelism');
    const saltHex = L.header('Argon2-Salt');
    if (!/^(?:[0-9a-fA-F]{2}){1,64}$/.test(saltHex)) throw bad('Argon2-Salt is not hex', 'Argon2-Salt 不是十六进制');
    kdf = { flavour: flavour as Argon2Flavour, memory, passes, parallelism, salt: fromHex(saltHex.toLowerCase()) };
    // before any passphrase is asked for: a hostile file is refused at once
    checkArgon2Params(kdf);
  }
  const stored = L.body(L.count('Private-Lines'), 'private key');
  const macHex = L.header('Private-MAC');
  const macLen = version === 3 ? 32 : 20;
  if (!new RegExp(`^[0-9a-fA-F]{${macLen * 2}}$`).test(macHex)) throw bad('Private-MAC', 'Private-MAC');
  const pubInfo = readPublic(pub, type);

  if (encrypted && !passphrase) throw passphraseRequired();
  const pass = utf8Encode(encrypted ? passphrase! : '');
  const keys = await deriveKeys(version as PpkVersion, pass, encrypted, kdf);
  if (encrypted && stored.length % 16 !== 0) throw bad('the private key is not whole cipher blocks', '私钥长度不是整数个加密块');
  const padded = encrypted ? await decrypt(AES, keys.cipherKey, keys.iv, stored) : stored;
  const expected = mac(version as PpkVersion, keys.macKey, macData(type, encryption, commentBytes, pub, padded));
  if (!bytesEqual(expected, fromHex(macHex.toLowerCase()))) {
    if (encrypted) throw wrongPassphrase();
    throw keyError('key-mismatch', 'The .ppk file fails its own integrity check (MAC): it is damaged or was altered. Do not use it.', '此 .ppk 文件未通过完整性校验（MAC）：文件已损坏或被篡改，请勿使用。', 'privateKey');
  }
  const material = pubInfo.r(new SshReader(padded, 'private key'));
  await checkKeyMaterial(material);
  return { ...describePrivateKey(material, comment, 'ppk', encrypted), ppkVersion: version as PpkVersion };
}
