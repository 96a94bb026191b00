// RSA through node-forge's asynchronous generateKeyPair, which hands the work to native
// code: WebCrypto in a browser, node:crypto in Node. Its synchronous pure-JavaScript
// prime search takes 6–40 s for 4096 bits and would freeze the popup, so it is refused.
import forge from 'node-forge';
import { keyError } from '../ssh/errors';
import type { PrivateKeyMaterial } from '../ssh/formats/private-key';
import { fromHex, type Bytes } from '../ssh/encoding/bytes';

export const RSA_SIZES = [2048, 3072, 4096] as const;

function hasNativeRsa(): boolean {
  const nodeCrypto = typeof process !== 'undefined' && !!process.versions?.node;
  const subtle = globalThis.crypto?.subtle;
  return nodeCrypto || (!!subtle && typeof subtle.generateKey === 'function' && typeof subtle.exportKey === 'function');
}

const toBytes = (bn: forge.jsbn.BigInteger): Bytes => {
  const h = bn.toString(16);
  return fromHex(h.length % 2 ? '0' + h : h);
};

export async function generateRsa(bits: number): Promise<PrivateKeyMaterial> {
  if (!(RSA_SIZES as readonly number[]).includes(bits)) {
    throw keyError('bad-bits', `\`bits\` expected 2048, 3072 or 4096 for RSA, got ${bits}`, `RSA 的 \`bits\`（位数）应为 2048、3072 或 4096，实际 ${bits}`, 'bits');
  }
  if (!hasNativeRsa()) {
    throw keyError(
      'no-native-rsa',
      'This browser offers no native RSA key generation (WebCrypto); choose Ed25519 instead.',
      '当前浏览器不支持原生 RSA 密钥生成（WebCrypto），请改用 Ed25519。',
      'type',
    );
  }
  (forge as unknown as { options: { usePureJavaScript: boolean } }).options.usePureJavaScript = false;
  const pair = await new Promise<forge.pki.rsa.KeyPair>((resolve, reject) =>
    forge.pki.rsa.generateKeyPair({ bits, e: 0x10001 }, (err, kp) => (err ? reject(err) : resolve(kp))),
  );
  const k = pair.privateKey;
  return { type: 'ssh-rsa', n: toBytes(k.n), e: toBytes(k.e), d: toBytes(k.d), iqmp: toBytes(k.qInv), p: toBytes(k.p), q: toBytes(k.q) };
}
