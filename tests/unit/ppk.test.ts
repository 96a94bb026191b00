// The .ppk reader's refusals (puttygen itself is the oracle in tests/interop/ppk.test.ts).
import { describe, it, expect } from 'vitest';
import * as ed from '@noble/ed25519';
import { readPpk, toPpk } from '../../lib/ssh/formats/ppk';
import type { PrivateKeyMaterial } from '../../lib/ssh/formats/private-key';
import { ARGON2_LIMITS } from '../../lib/ssh/crypto/argon2';

async function edKey(lastSeedByte = 7): Promise<PrivateKeyMaterial> {
  const seed = crypto.getRandomValues(new Uint8Array(32));
  seed[31] = lastSeedByte;
  return { type: 'ssh-ed25519', seed, publicKey: await ed.getPublicKeyAsync(seed) };
}
const cheap = { memory: 64, passes: 1 };

describe('.ppk reading refuses what puttygen would not write', () => {
  it('a seed whose high byte is zero survives (PuTTY drops it: little-endian integer)', async () => {
    const m = await edKey(0);
    for (const version of [2, 3] as const) {
      const k = await readPpk(await toPpk(m, 'c', { version, passphrase: 'p', argon2: cheap }), 'p');
      expect(k.material).toEqual(m);
    }
  });

  it('absurd Argon2 costs are refused before any work, in both languages', async () => {
    const text = await toPpk(await edKey(), 'c', { passphrase: 'p', argon2: cheap });
    for (const [field, value] of [
      ['Argon2-Memory', ARGON2_LIMITS.maxMemoryKiB + 1],
      ['Argon2-Passes', ARGON2_LIMITS.maxPasses + 1],
      ['Argon2-Parallelism', ARGON2_LIMITS.maxParallelism + 1],
      ['Argon2-Memory', 4294967295],
    ] as const) {
      const hostile = text.replace(new RegExp(`${field}: \\d+`), `${field}: ${value}`);
      const err = await readPpk(hostile, 'p').catch((e) => e);
      expect(err.code, `${field} ${value}`).toBe('ppk-argon2-too-costly');
      expect(err.zh).toMatch(/Argon2/);
      expect(err.en).toMatch(/Argon2/);
      // refused even before a passphrase is asked for
      expect((await readPpk(hostile).catch((e) => e)).code).toBe('ppk-argon2-too-costly');
    }
  });

  it('a changed comment or private line fails the MAC; a wrong passphrase is named as such', async () => {
    const m = await edKey();
    const plain = await toPpk(m, 'laptop', { version: 3 });
    expect((await readPpk(plain.replace('Comment: laptop', 'Comment: laptoq')).catch((e) => e)).code).toBe('key-mismatch');
    const enc = await toPpk(m, 'laptop', { version: 2, passphrase: '密码' });
    expect((await readPpk(enc, '密马').catch((e) => e)).code).toBe('wrong-passphrase');
    expect((await readPpk(enc.replace('Comment: laptop', 'Comment: laptoq'), '密码').catch((e) => e)).code).toBe('wrong-passphrase');
  });

  it('version 1 files and damaged headers get a plain message', async () => {
    expect((await readPpk('PuTTY-User-Key-File-1: ssh-rsa\nEncryption: none\n').catch((e) => e)).code).toBe('ppk-old-version');
    const text = await toPpk(await edKey(), 'c');
    expect((await readPpk(text.replace('Public-Lines: 2', 'Public-Lines: x')).catch((e) => e)).code).toBe('ppk-bad-file');
    expect((await readPpk(text.split('\n').slice(0, 4).join('\n')).catch((e) => e)).code).toBe('ppk-bad-file');
  });
});
