// The ciphers OpenSSH uses for private keys, on WebCrypto (browser and Node alike).
// AES-192 is left out: Chromium's WebCrypto refuses 192-bit AES keys.
import type { Bytes } from '../encoding/bytes';
import { keyError } from '../errors';

export interface CipherSpec {
  name: string;
  keyLen: number;
  ivLen: number;
  blockSize: number;
  /** bytes of authentication tag stored after the encrypted section (GCM) */
  tagLen: number;
  mode: 'ctr' | 'cbc' | 'gcm' | 'none';
}

const SPECS: Record<string, CipherSpec> = {
  none: { name: 'none', keyLen: 0, ivLen: 0, blockSize: 8, tagLen: 0, mode: 'none' },
  'aes128-ctr': { name: 'aes128-ctr', keyLen: 16, ivLen: 16, blockSize: 16, tagLen: 0, mode: 'ctr' },
  'aes256-ctr': { name: 'aes256-ctr', keyLen: 32, ivLen: 16, blockSize: 16, tagLen: 0, mode: 'ctr' },
  'aes128-cbc': { name: 'aes128-cbc', keyLen: 16, ivLen: 16, blockSize: 16, tagLen: 0, mode: 'cbc' },
  'aes256-cbc': { name: 'aes256-cbc', keyLen: 32, ivLen: 16, blockSize: 16, tagLen: 0, mode: 'cbc' },
  'aes128-gcm@openssh.com': { name: 'aes128-gcm@openssh.com', keyLen: 16, ivLen: 12, blockSize: 16, tagLen: 16, mode: 'gcm' },
  'aes256-gcm@openssh.com': { name: 'aes256-gcm@openssh.com', keyLen: 32, ivLen: 12, blockSize: 16, tagLen: 16, mode: 'gcm' },
};

export function cipherSpec(name: string): CipherSpec {
  const s = SPECS[name];
  if (!s) {
    throw keyError(
      'unsupported-cipher',
      `This private key is encrypted with "${name}", which is not supported here (supported: ${Object.keys(SPECS).join(', ')}). Re-encrypt it with \`ssh-keygen -p -f KEY\`.`,
      `此私钥使用 "${name}" 加密，此处不支持（支持：${Object.keys(SPECS).join(', ')}）。请用 \`ssh-keygen -p -f KEY\` 重新加密。`,
      'cipher',
    );
  }
  return s;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw keyError('no-webcrypto', 'WebCrypto is not available in this context (a secure https or extension page is needed)', '当前环境不支持 WebCrypto（需要 https 或扩展页面）');
  return s;
}

async function importKey(spec: CipherSpec, key: Uint8Array): Promise<CryptoKey> {
  const algo = spec.mode === 'ctr' ? 'AES-CTR' : spec.mode === 'cbc' ? 'AES-CBC' : 'AES-GCM';
  return subtle().importKey('raw', key as Bytes, { name: algo }, false, ['encrypt', 'decrypt']);
}

/** OpenSSH pads the plaintext itself (to blockSize), so CBC runs without PKCS#7 padding. */
export async function encrypt(spec: CipherSpec, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Bytes> {
  if (spec.mode === 'none') return data.slice() as Bytes;
  const k = await importKey(spec, key);
  if (spec.mode === 'ctr') {
    return new Uint8Array(await subtle().encrypt({ name: 'AES-CTR', counter: iv as Bytes, length: 128 }, k, data as Bytes));
  }
  if (spec.mode === 'gcm') {
    return new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv: iv as Bytes, tagLength: 128 }, k, data as Bytes));
  }
  // CBC without padding: WebCrypto always pads, so drop the final padding block it adds.
  const out = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: iv as Bytes }, k, data as Bytes));
  return out.slice(0, data.length) as Bytes;
}

/** For GCM, `data` is ciphertext followed by the tag. Throws 'decrypt-failed' on a bad tag. */
export async function decrypt(spec: CipherSpec, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Bytes> {
  if (spec.mode === 'none') return data.slice() as Bytes;
  const k = await importKey(spec, key);
  if (spec.mode === 'ctr') {
    return new Uint8Array(await subtle().decrypt({ name: 'AES-CTR', counter: iv as Bytes, length: 128 }, k, data as Bytes));
  }
  if (spec.mode === 'gcm') {
    try {
      return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv: iv as Bytes, tagLength: 128 }, k, data as Bytes));
    } catch {
      throw wrongPassphrase();
    }
  }
  // CBC without padding: append one block that decrypts to a valid PKCS#7 padding block,
  // so WebCrypto's unpadding removes exactly it. E(pad ^ lastCipherBlock) is that block.
  if (data.length % 16 !== 0 || data.length === 0) throw wrongPassphrase();
  const last = data.slice(data.length - 16);
  const pad = new Uint8Array(16).fill(16);
  for (let i = 0; i < 16; i++) pad[i] ^= last[i];
  const extra = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: new Uint8Array(16) }, k, pad)).slice(0, 16);
  const joined = new Uint8Array(data.length + 16);
  joined.set(data);
  joined.set(extra, data.length);
  return new Uint8Array(await subtle().decrypt({ name: 'AES-CBC', iv: iv as Bytes }, k, joined));
}

export function wrongPassphrase() {
  return keyError(
    'wrong-passphrase',
    'Wrong passphrase: the private key could not be decrypted with it. Check the passphrase (and the keyboard layout) and try again.',
    '密码错误：无法用此密码解密私钥。请检查密码（以及输入法/键盘布局）后重试。',
    'passphrase',
  );
}
