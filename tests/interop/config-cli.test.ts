// The CLI as a user runs it: `cli config` prints the snippet, `cli authorize` the one-liner
// (then run in bash against a temporary HOME); refusals exit non-zero, bilingual, on stderr.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { run, sshKeygen, tempDir } from '../helpers/openssh';

const ROOT = join(__dirname, '..', '..');
const cli = (...args: string[]) => run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'bin', 'cli.ts'), ...args], { cwd: ROOT });

describe('cli config / authorize', () => {
  it('config prints the snippet for a pasted AICoder command', () => {
    const r = cli('config', '--command', '$ ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp', '--identity-file', '~/.ssh/infini_ed25519');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'tests', 'fixtures', 'config', 'aicoder.snippet'), 'utf8'));
  });

  it('config refuses a command with ";" (exit 1, Chinese and English on stderr, nothing on stdout)', () => {
    const r = cli('config', '--command', 'ssh -p 41587 root@1.2.3.4; rm -rf ~', '--identity-file', '~/.ssh/k', '--alias', 'dev');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/多条命令/);
    expect(r.stderr).toMatch(/several commands/);
  });

  it('authorize prints a one-liner that adds the key file in bash', () => {
    const dir = tempDir('cli-');
    expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', "it's $(touch x)", '-f', join(dir, 'k')]).status).toBe(0);
    const r = cli('authorize', join(dir, 'k.pub'));
    expect(r.status, r.stderr).toBe(0);
    const home = tempDir('home-');
    const b = run('bash', ['-c', r.stdout], { env: { ...process.env, HOME: home }, cwd: home });
    expect(b.status, b.stderr).toBe(0);
    expect(readFileSync(join(home, '.ssh', 'authorized_keys'), 'utf8')).toBe(readFileSync(join(dir, 'k.pub'), 'utf8'));
    expect(readdirSync(home)).toEqual(['.ssh']); // the comment's $(touch x) ran nowhere
  });

  it('authorize refuses a file that is not a public key', () => {
    const dir = tempDir('cli-');
    writeFileSync(join(dir, 'x'), 'hello\n');
    const r = cli('authorize', join(dir, 'x'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/OpenSSH public key/);
    expect(r.stderr).toMatch(/公钥/);
  });
});
