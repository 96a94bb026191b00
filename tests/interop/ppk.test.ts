// PuTTY .ppk both ways, with the real puttygen 0.78 as the oracle: every .ppk we write opens in
// puttygen (same public key, same private key once converted back, wrong passphrase refused),
// and every .ppk puttygen writes opens in ours.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, sshKeygen, tempDir } from '../helpers/openssh';
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

describe('cli ppk and keygen -i -m PPK / -y on a .ppk', () => {
  const cli = (args: string[]) => run('npx', ['tsx', 'bin/cli.ts', ...args], { timeout: 300_000 });

  it('ppk writes what puttygen reads: -N absent keeps the passphrase, -N "" writes a plain file, --version 2', async () => {
    const src = join(dir, 'cli-src');
    expect(sshKeygen(['-q', '-t', 'ed25519', '-N', PASS, '-C', 'cli 键', '-f', src]).status).toBe(0);
    const line = readFileSync(src + '.pub', 'utf8').trim();

    const kept = join(dir, 'cli-kept.ppk');
    const r1 = cli(['ppk', '-f', src, '-P', PASS, '-o', kept]);
    expect(r1.status, r1.stderr).toBe(0);
    expect(readFileSync(kept, 'utf8')).toMatch(/^PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: aes256-cbc\n/);
    const wrong = puttygen([kept, '-O', 'private-openssh', '-o', kept + '.x', '--old-passphrase', passFile(dir, ''), '--new-passphrase', passFile(dir, '')]);
    expect(wrong.status).not.toBe(0);
    const ok = puttygen([kept, '-O', 'private-openssh-new', '-o', kept + '.o', '--old-passphrase', passFile(dir, PASS), '--new-passphrase', passFile(dir, '')]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(sshKeygen(['-y', '-f', kept + '.o']).stdout.trim()).toBe(line);

    // stdout, plain, version 2
    const r2 = cli(['ppk', '-f', src, '-P', PASS, '-N', '', '--version', '2']);
    expect(r2.status, r2.stderr).toBe(0);
    expect(r2.stdout).toMatch(/^PuTTY-User-Key-File-2: ssh-ed25519\nEncryption: none\n/);
    const plain = join(dir, 'cli-plain.ppk');
    writeFileSync(plain, r2.stdout);
    expect(puttygen([plain, '-O', 'public-openssh']).stdout.trim()).toBe(line);

    // a wrong passphrase: refused in both languages, nothing on stdout
    const r3 = cli(['ppk', '-f', src, '-P', WRONG]);
    expect(r3.status).toBe(1);
    expect(r3.stdout).toBe('');
    expect(r3.stderr).toMatch(/Wrong passphrase/);
    expect(r3.stderr).toMatch(/密码错误/);
  });

  it('keygen -i -m PPK prints the OpenSSH private key of a puttygen .ppk; keygen -y prints its public line', () => {
    const f = join(dir, 'cli-putty.ppk');
    expect(puttygen(['-q', '-t', 'rsa', '-b', '2048', '-C', 'from putty', '-o', f, '--new-passphrase', passFile(dir, PASS)]).status).toBe(0);
    const line = puttygen([f, '-O', 'public-openssh']).stdout.trim();

    const y = cli(['keygen', '-y', '-P', PASS, '-f', f]);
    expect(y.status, y.stderr).toBe(0);
    expect(y.stdout).toBe(line + '\n');

    const i = cli(['keygen', '-i', '-m', 'PPK', '-P', PASS, '-f', f]);
    expect(i.status, i.stderr).toBe(0);
    const out = join(dir, 'cli-putty.openssh');
    writeFileSync(out, i.stdout, { mode: 0o600 });
    // re-encrypted with the same passphrase
    expect(sshKeygen(['-y', '-P', '', '-f', out]).status).not.toBe(0);
    expect(sshKeygen(['-y', '-P', PASS, '-f', out]).stdout.trim()).toBe(line);
  });
});
