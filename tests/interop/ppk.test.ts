// PuTTY .ppk both ways, with the real puttygen 0.78 as the oracle: every .ppk we write opens in
// puttygen (same public key, same private key once converted back, wrong passphrase refused),
// and every .ppk puttygen writes opens in ours.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sshKeygen, tempDir } from '../helpers/openssh';
import { passFile, puttygen } from '../helpers/putty';
import { readPrivateKey, toOpenSshPrivateKey, type ReadPrivateKey } from '../../lib/ssh/formats/private-key';
import { readPpk, toPpk } from '../../lib/ssh/formats/ppk';

const dir = tempDir('ppk-');
const PASS = '密码 pässwörd';
const WRONG = '密码 passwort';

function opensshKey(type: 'ed25519' | 'rsa', bits?: number): string {
  const f = join(dir, `src-${type}${bits ?? ''}`);
  const r = sshKeygen(['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', `me@laptop ${type} 笔记本`, '-f', f]);
  expect(r.status, r.stderr).toBe(0);
  return f;
}

describe('puttygen reads every .ppk we write', () => {
  const keys: Record<string, ReadPrivateKey> = {};
  beforeAll(async () => {
    for (const [name, type, bits] of [['ed25519', 'ed25519'], ['rsa2048', 'rsa', 2048], ['rsa4096', 'rsa', 4096]] as const) {
      keys[name] = await readPrivateKey(readFileSync(opensshKey(type, bits), 'utf8'));
    }
  });

  for (const name of ['ed25519', 'rsa2048', 'rsa4096']) {
    for (const version of [2, 3] as const) {
      for (const encrypted of [false, true]) {
        it(`${name} v${version} ${encrypted ? 'encrypted (non-ASCII passphrase)' : 'plain'}`, async () => {
          const k = keys[name];
          const ppk = await toPpk(k.material, k.comment, { version, passphrase: encrypted ? PASS : '' });
          expect(ppk.startsWith(`PuTTY-User-Key-File-${version}: ${k.type}\n`)).toBe(true);
          expect(ppk).toContain(`Encryption: ${encrypted ? 'aes256-cbc' : 'none'}\n`);
          const f = join(dir, `ours-${name}-v${version}-${encrypted ? 'enc' : 'plain'}.ppk`);
          writeFileSync(f, ppk);
          const old = passFile(dir, encrypted ? PASS : '');

          const pub = puttygen([f, '-O', 'public-openssh', '--old-passphrase', old]);
          expect(pub.status, pub.stderr).toBe(0);
          expect(pub.stdout.trim()).toBe(k.publicKeyLine);

          // back to OpenSSH, unencrypted, and ssh-keygen derives the same key from it
          const back = join(f + '.openssh');
          const conv = puttygen([f, '-O', 'private-openssh-new', '-o', back, '--old-passphrase', old, '--new-passphrase', passFile(dir, '')]);
          expect(conv.status, conv.stderr).toBe(0);
          const y = sshKeygen(['-y', '-f', back]);
          expect(y.status, y.stderr).toBe(0);
          expect(y.stdout.trim().split(' ').slice(0, 2)).toEqual(k.publicKeyLine.split(' ').slice(0, 2));
          // the private halves are the same key: ours reads puttygen's conversion to the same material
          const again = await readPrivateKey(readFileSync(back, 'utf8'));
          expect(again.material).toEqual(k.material);

          if (encrypted) {
            // (the public half of a .ppk is not encrypted: only the private half checks a passphrase)
            const wrong = puttygen([f, '-O', 'private-openssh', '-o', f + '.wrong', '--old-passphrase', passFile(dir, WRONG), '--new-passphrase', passFile(dir, '')]);
            expect(wrong.status).not.toBe(0);
            expect(wrong.stderr).toMatch(/wrong passphrase/i);
          }
        });
      }
    }
  }
});

describe('ours reads every .ppk puttygen writes', () => {
  for (const [type, bits] of [['ed25519', 255], ['rsa', 2048], ['ecdsa', 256]] as const) {
    for (const version of [2, 3] as const) {
      for (const encrypted of [false, true]) {
        it(`${type} v${version} ${encrypted ? 'encrypted' : 'plain'}`, async () => {
          const f = join(dir, `putty-${type}-v${version}-${encrypted ? 'enc' : 'plain'}.ppk`);
          const gen = puttygen(['-q', '-t', type, '-b', String(bits), '-C', `putty ${type} 键`, '-o', f, '--new-passphrase', passFile(dir, encrypted ? PASS : ''), '--ppk-param', `version=${version}`]);
          expect(gen.status, gen.stderr).toBe(0);
          const text = readFileSync(f, 'utf8');
          const pub = puttygen([f, '-O', 'public-openssh', '--old-passphrase', passFile(dir, encrypted ? PASS : '')]);
          expect(pub.status, pub.stderr).toBe(0);

          const k = await readPpk(text, encrypted ? PASS : undefined);
          expect(k.publicKeyLine).toBe(pub.stdout.trim());
          expect(k.ppkVersion).toBe(version);
          expect(k.encrypted).toBe(encrypted);
          // the same through the general reader (the derive view and `keygen -y` use it)
          expect((await readPrivateKey(text, encrypted ? PASS : undefined)).fingerprint).toBe(k.fingerprint);

          // its OpenSSH private key (what the derive view offers) is the same key for ssh-keygen
          const out = join(f + '.ours-openssh');
          writeFileSync(out, await toOpenSshPrivateKey(k.material, k.comment, { passphrase: encrypted ? PASS : '', rounds: 4 }), { mode: 0o600 });
          const y = sshKeygen(['-y', '-P', encrypted ? PASS : '', '-f', out]);
          expect(y.status, y.stderr).toBe(0);
          expect(y.stdout.trim()).toBe(k.publicKeyLine);
          // … and puttygen's own conversion of the .ppk agrees on the private half
          const conv = join(f + '.putty-openssh');
          const c = puttygen([f, '-O', 'private-openssh-new', '-o', conv, '--old-passphrase', passFile(dir, encrypted ? PASS : ''), '--new-passphrase', passFile(dir, '')]);
          expect(c.status, c.stderr).toBe(0);
          expect((await readPrivateKey(readFileSync(conv, 'utf8'))).material).toEqual(k.material);

          if (encrypted) {
            await expect(readPpk(text, WRONG)).rejects.toMatchObject({ code: 'wrong-passphrase' });
            await expect(readPpk(text)).rejects.toMatchObject({ code: 'passphrase-required' });
          }
        });
      }
    }
  }

  it('puttygen with non-default Argon2 settings (Argon2i, 2 lanes, 4 MiB) is read too', async () => {
    const f = join(dir, 'putty-argon2i.ppk');
    const gen = puttygen(['-q', '-t', 'ed25519', '-o', f, '--new-passphrase', passFile(dir, PASS), '--ppk-param', 'kdf=argon2i,memory=4096,passes=3,parallelism=2']);
    expect(gen.status, gen.stderr).toBe(0);
    const text = readFileSync(f, 'utf8');
    expect(text).toContain('Key-Derivation: Argon2i\n');
    const pub = puttygen([f, '-O', 'public-openssh', '--old-passphrase', passFile(dir, PASS)]);
    expect((await readPpk(text, PASS)).publicKeyLine).toBe(pub.stdout.trim());
  });
});
