// Keys we make, judged by the real OpenSSH: ssh-keygen reads them, signs with them, and a
// real sshd lets them in. And keys ssh-keygen makes, read by us.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync, copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateKey, type GenerateOptions, type GeneratedKey } from '../../lib/keygen/index';
import { readPrivateKey } from '../../lib/ssh/formats/private-key';
import { unarmor } from '../../lib/ssh/encoding/pem';
import { SshReader } from '../../lib/ssh/encoding/wire';
import { run, sshKeygen, startSshd, sshLogin, tempDir, type Sshd } from '../helpers/openssh';

const dir = tempDir('engine-');

function askpassEnv(passphrase: string): NodeJS.ProcessEnv {
  const f = join(tempDir('askpass-'), 'askpass.sh');
  writeFileSync(f + '.txt', passphrase);
  writeFileSync(f, `#!/bin/sh\ncat '${f}.txt'\n`, { mode: 0o700 });
  return { ...process.env, SSH_ASKPASS: f, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0', SSH_AUTH_SOCK: '' };
}

const kinds: Array<{ name: string; opts: GenerateOptions }> = [
  { name: 'ed25519', opts: { type: 'ed25519', comment: 'ed 用户@机器' } },
  { name: 'ed25519-pass', opts: { type: 'ed25519', comment: 'enc', passphrase: 'correct horse 电池' } },
  { name: 'rsa-2048', opts: { type: 'rsa', bits: 2048, comment: '' } },
  { name: 'rsa-3072-pass', opts: { type: 'rsa', bits: 3072, comment: 'r3', passphrase: 'pässwörd', rounds: 8 } },
  { name: 'rsa-4096', opts: { type: 'rsa', bits: 4096, comment: 'big key' } },
];

describe('keys we make, checked by the real OpenSSH', () => {
  const made = new Map<string, { key: GeneratedKey; file: string; pass?: string }>();
  let server: Sshd;

  beforeAll(async () => {
    for (const k of kinds) {
      const key = await generateKey(k.opts);
      const file = join(dir, k.name);
      writeFileSync(file, key.privateKeyPem, { mode: 0o600 });
      writeFileSync(file + '.pub', key.publicKeyLine + '\n');
      if (key.pkcs1Pem) writeFileSync(file + '.pem', key.pkcs1Pem, { mode: 0o600 });
      made.set(k.name, { key, file, pass: k.opts.passphrase });
    }
    server = await startSshd([...made.values()].map((m) => m.key.publicKeyLine));
  });
  afterAll(async () => server?.stop());

  for (const k of kinds) {
    describe(k.name, () => {
      it('ssh-keygen -y derives our public key line, from the OpenSSH and the PKCS#1 file', () => {
        const { key, file, pass } = made.get(k.name)!;
        const y = sshKeygen(['-y', '-P', pass ?? '', '-f', file]);
        expect(y.stderr).toBe('');
        expect(y.stdout).toBe(key.publicKeyLine + '\n');
        if (key.pkcs1Pem) {
          expect(key.pkcs1Pem).toMatch(pass ? /Proc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,/ : /^-----BEGIN RSA PRIVATE KEY-----\n[A-Za-z0-9+/]{64}\n/);
          const y2 = sshKeygen(['-y', '-P', pass ?? '', '-f', file + '.pem']);
          expect(y2.stdout).toBe(key.publicKeyLine.split(' ').slice(0, 2).join(' ') + '\n');
        }
      });
      it('ssh-keygen -l prints our fingerprint and bits', () => {
        const { key, file } = made.get(k.name)!;
        const l = sshKeygen(['-l', '-f', file + '.pub']);
        expect(l.stdout.split(' ').slice(0, 2)).toEqual([String(key.bits), key.fingerprint]);
      });
      it('ssh-keygen -Y sign with our private key verifies against our public key', () => {
        const { key, file, pass } = made.get(k.name)!;
        const msg = join(dir, `${k.name}.msg`);
        writeFileSync(msg, 'a message signed with our key\n');
        const sign = run('ssh-keygen', ['-Y', 'sign', '-f', file, '-n', 'file', msg], { env: askpassEnv(pass ?? '') });
        expect(sign.status, sign.stderr).toBe(0);
        const signers = join(dir, `${k.name}.allowed`);
        writeFileSync(signers, `me@example ${key.publicKeyLine.split(' ').slice(0, 2).join(' ')}\n`);
        const verify = run('ssh-keygen', ['-Y', 'verify', '-f', signers, '-I', 'me@example', '-n', 'file', '-s', msg + '.sig'], { input: readFileSync(msg, 'utf8') });
        expect(verify.status, verify.stderr + verify.stdout).toBe(0);
        expect(verify.stdout).toMatch(/Good "file" signature for me@example/);
      });
      it('logs in to a real sshd on 127.0.0.1', () => {
        const { file, pass } = made.get(k.name)!;
        const r = sshLogin(server, file, { passphrase: pass });
        expect(r.stdout.trim(), r.stderr).toBe('ok');
      });
    });
  }

  it('writes byte for byte what ssh-keygen writes (check numbers aside)', () => {
    for (const name of ['ed25519', 'rsa-2048']) {
      const { file } = made.get(name)!;
      const copy = file + '.rewritten';
      copyFileSync(file, copy);
      // ssh-keygen -p re-serialises the key with its own code
      expect(sshKeygen(['-q', '-p', '-P', '', '-N', '', '-f', copy]).status).toBe(0);
      const ours = unarmor(readFileSync(file, 'utf8'))!.body;
      const theirs = unarmor(readFileSync(copy, 'utf8'))!.body;
      expect(ours.length).toBe(theirs.length);
      // locate the check numbers (first 8 bytes of the private section) and blank them
      const blank = (b: Uint8Array) => {
        const r = new SshReader(b.subarray(15));
        r.string(); r.string(); r.string(); r.uint32(); r.string();
        const at = 15 + r.offset + 4;
        const c = b.slice();
        c.fill(0, at, at + 8);
        return c;
      };
      expect(blank(ours)).toEqual(blank(theirs));
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
  });
});

describe('keys ssh-keygen makes, read by us as ssh-keygen -y reads them', () => {
  const cases: Array<{ args: string[]; pass: string; fmt?: string }> = [
    { args: ['-t', 'ed25519'], pass: '' },
    { args: ['-t', 'ed25519'], pass: 'sesame 芝麻' },
    { args: ['-t', 'rsa', '-b', '2048'], pass: '' },
    { args: ['-t', 'rsa', '-b', '3072'], pass: 'sesame' },
    { args: ['-t', 'ecdsa', '-b', '256'], pass: '' },
    { args: ['-t', 'ecdsa', '-b', '384'], pass: 'sesame' },
    { args: ['-t', 'ecdsa', '-b', '521'], pass: '' },
    { args: ['-t', 'rsa', '-b', '2048'], pass: '', fmt: 'PEM' },
    { args: ['-t', 'rsa', '-b', '2048'], pass: 'sesame', fmt: 'PEM' },
    { args: ['-t', 'rsa', '-b', '2048'], pass: '', fmt: 'PKCS8' },
    { args: ['-t', 'rsa', '-b', '2048'], pass: 'sesame', fmt: 'PKCS8' },
  ];
  for (const [i, c] of cases.entries()) {
    it(`${c.args.join(' ')}${c.pass ? ' encrypted' : ''}${c.fmt ? ' -m ' + c.fmt : ''}`, async () => {
      const f = join(dir, `native-${i}`);
      const gen = sshKeygen(['-q', ...c.args, '-N', c.pass, '-C', 'made by ssh-keygen', ...(c.fmt ? ['-m', c.fmt] : []), '-f', f]);
      expect(gen.status, gen.stderr).toBe(0);
      const expected = sshKeygen(['-y', '-P', c.pass, '-f', f]).stdout;
      const text = readFileSync(f, 'utf8');
      const key = await readPrivateKey(text, c.pass || undefined);
      expect(key.publicKeyLine + '\n').toBe(expected);
      expect(key.encrypted).toBe(!!c.pass);
      if (c.pass) {
        await expect(readPrivateKey(text, c.pass + 'x')).rejects.toMatchObject({ code: 'wrong-passphrase' });
        await expect(readPrivateKey(text)).rejects.toMatchObject({ code: 'passphrase-required' });
      }
      // the CLI prints exactly what ssh-keygen -y prints
      const cli = run('npx', ['tsx', 'bin/cli.ts', 'keygen', '-y', ...(c.pass ? ['-P', c.pass] : []), '-f', f]);
      expect(cli.stdout).toBe(expected);
    });
  }
});
