// Before a key is handed out, prove the files we wrote: read the private key back with our
// own reader (decrypting it with the passphrase), re-derive the public key, and make and
// check a signature with it. A failure is an error; the user never gets a broken key.
import * as ed from '@noble/ed25519';
import { bytesEqual, utf8Encode, type Bytes } from '../ssh/encoding/bytes';
import { isSshKeyError, keyError } from '../ssh/errors';
import { readPrivateKey, rsaJwk, type KdfCache, type PrivateKeyMaterial } from '../ssh/formats/private-key';
import { SshReader } from '../ssh/encoding/wire';

/** `en`/`zh` say what failed, each in its own language (the Chinese text carries no English detail). */
function selfTestFailed(en: string, zh: string) {
  return keyError(
    'self-test-failed',
    `The new key failed its self-test (${en}) and was discarded. Please try again; if it keeps failing, report it.`,
    `新密钥未通过自检（${zh}），已丢弃。请重试；如果反复失败，请反馈此问题。`,
  );
}

export async function signAndVerify(m: PrivateKeyMaterial, publicBlob: Uint8Array): Promise<boolean> {
  const msg = utf8Encode('infini-ssh-keys self-test');
  if (m.type === 'ssh-ed25519') {
    const r = new SshReader(publicBlob);
    r.text();
    const pk = r.string();
    const sig = await ed.signAsync(msg, m.seed);
    return ed.verifyAsync(sig, msg, pk);
  }
  if (m.type === 'ssh-rsa') {
    const { priv, pub } = rsaJwk(m);
    const algo = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    const sk = await crypto.subtle.importKey('jwk', priv, algo, false, ['sign']);
    // verify with the public key as the public blob states it, not as the private file does
    const r = new SshReader(publicBlob);
    r.text();
    const e = r.mpint();
    const n = r.mpint();
    if (!bytesEqual(e, m.e) || !bytesEqual(n, m.n)) return false;
    const pk = await crypto.subtle.importKey('jwk', pub, algo, false, ['verify']);
    const sig = await crypto.subtle.sign(algo, sk, msg);
    return crypto.subtle.verify(algo, pk, sig, msg);
  }
  return false;
}

export async function selfTest(opts: {
  privateKeyPem: string;
  passphrase?: string;
  kdfCache?: KdfCache;
  expectedPublicBlob: Bytes;
  expectedComment: string;
}): Promise<void> {
  let read;
  try {
    read = await readPrivateKey(opts.privateKeyPem, opts.passphrase || undefined, opts.kdfCache);
  } catch (e) {
    // a typed error from the reader has both languages; anything else only an English detail
    if (isSshKeyError(e)) throw selfTestFailed(`read back: ${e.en}`, `无法读回私钥：${e.zh}`);
    throw selfTestFailed(`read back: ${(e as Error).message}`, '无法读回私钥');
  }
  if (!bytesEqual(read.publicBlob, opts.expectedPublicBlob)) throw selfTestFailed('public key differs', '公钥不一致');
  if (read.comment !== opts.expectedComment) throw selfTestFailed('comment differs', '备注不一致');
  if (!(await signAndVerify(read.material, read.publicBlob))) throw selfTestFailed('signature did not verify', '签名验证失败');
}
