// The key engine: one call makes a key pair in OpenSSH's own formats, self-tested.
import { keyError } from '../ssh/errors';
import { checkComment } from '../ssh/comment';
import { fingerprint, fingerprintDigest, randomart } from '../ssh/formats/fingerprint';
import { publicKeyLine, sshKeygenTypeLabel } from '../ssh/formats/public-key-line';
import { keyBits, publicBlobOf, toOpenSshPrivateKey, DEFAULT_KDF_ROUNDS, type KdfCache, type PrivateKeyMaterial } from '../ssh/formats/private-key';
import { generateEd25519 } from './ed25519';
import { generateRsa } from './rsa';
import { selfTest } from './selftest';
import { toPkcs1Pem } from '../ssh/formats/openssl-pem';
import type { GeneratedKey, GenerateOptions } from './types';

export type { GeneratedKey, GenerateOptions, KeyType, RsaBits } from './types';

export type Progress = 'generating' | 'encrypting' | 'self-test' | 'done';

function checkOptions(o: GenerateOptions): void {
  if (o.type !== 'ed25519' && o.type !== 'rsa') {
    throw keyError('bad-type', `\`type\` expected "ed25519" or "rsa", got ${JSON.stringify(o.type)}`, `\`type\`（密钥类型）应为 "ed25519" 或 "rsa"，实际 ${JSON.stringify(o.type)}`, 'type');
  }
  if (typeof o.comment !== 'string') throw keyError('bad-comment', '`comment` expected a string', '`comment`（备注）应为字符串', 'comment');
  if (/[\r\n]/.test(o.comment)) {
    throw keyError('bad-comment', '`comment` must be a single line (a public key line cannot contain a line break)', '`comment`（备注）不能包含换行（公钥只能占一行）', 'comment');
  }
  checkComment(o.comment, 'typed');
  if (o.passphrase !== undefined && typeof o.passphrase !== 'string') throw keyError('bad-passphrase', '`passphrase` expected a string', '`passphrase`（密码）应为字符串', 'passphrase');
  const rounds = o.rounds ?? DEFAULT_KDF_ROUNDS;
  // ssh-keygen takes any positive 32-bit count (-a); every 16 rounds cost about 0.1 s
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 0xffffffff) {
    throw keyError('bad-rounds', `\`rounds\` expected an integer from 1 to 4294967295, got ${rounds}`, `\`rounds\`（KDF 轮数）应为 1 到 4294967295 之间的整数，实际 ${rounds}`, 'rounds');
  }
}

/** Makes a key from material already generated (the CLI and tests use this for given seeds). */
export async function packageKey(m: PrivateKeyMaterial, o: GenerateOptions, onProgress?: (p: Progress) => void, signal?: AbortSignal): Promise<GeneratedKey> {
  const passphrase = o.passphrase ?? '';
  const cache: { value?: KdfCache } = {};
  onProgress?.('encrypting');
  const privateKeyPem = await toOpenSshPrivateKey(m, o.comment, { passphrase, rounds: o.rounds, kdfCache: cache, signal });
  const blob = publicBlobOf(m);
  onProgress?.('self-test');
  await selfTest({ privateKeyPem, passphrase, kdfCache: cache.value, expectedPublicBlob: blob, expectedComment: o.comment });
  const bits = keyBits(m);
  const key: GeneratedKey = {
    type: o.type,
    bits,
    comment: o.comment,
    publicKeyLine: publicKeyLine(m.type, blob, o.comment),
    privateKeyPem,
    fingerprint: fingerprint(blob),
    randomart: randomart(fingerprintDigest(blob), sshKeygenTypeLabel(m.type), bits),
    encrypted: passphrase.length > 0,
  };
  if (m.type === 'ssh-rsa') key.pkcs1Pem = toPkcs1Pem(m, passphrase);
  onProgress?.('done');
  return key;
}

/** `signal`: the user's Cancel; the passphrase encryption's bcrypt workers are terminated. */
export async function generateKey(o: GenerateOptions, hooks: { onProgress?: (p: Progress) => void; signal?: AbortSignal } = {}): Promise<GeneratedKey> {
  checkOptions(o);
  hooks.onProgress?.('generating');
  const m = o.type === 'ed25519' ? await generateEd25519() : await generateRsa(o.bits ?? 3072);
  return packageKey(m, o, hooks.onProgress, hooks.signal);
}
