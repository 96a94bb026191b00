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
    expect(r.stderr).toMatch(/not an SSH public key/i);
    expect(r.stderr).toMatch(/公钥/);
  });

  // The same intake as the popup: what it refuses, the CLI refuses; what it converts, the CLI installs.
  it('authorize refuses a DSA key and a malformed key body (exit 1, bilingual, no one-liner)', () => {
    const dir = tempDir('cli-');
    writeFileSync(join(dir, 'dsa.pub'), DSA_LINE + '\n');
    writeFileSync(join(dir, 'bad.pub'), 'ssh-ed25519 AAAAnotakey x\n');
    for (const [f, en] of [['dsa.pub', /DSA/], ['bad.pub', /truncated|malformed/i]] as const) {
      const r = cli('authorize', join(dir, f));
      expect(r.status, f).toBe(1);
      expect(r.stdout, f).toBe('');
      expect(r.stderr, f).toMatch(en);
      expect(r.stderr, f).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('authorize accepts RFC 4716 and PEM public key files and installs the OpenSSH line', () => {
    const dir = tempDir('cli-');
    expect(sshKeygen(['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-C', 'pem-key', '-f', join(dir, 'k')]).status).toBe(0);
    const typeAndBody = readFileSync(join(dir, 'k.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    for (const m of ['RFC4716', 'PEM', 'PKCS8']) {
      const conv = sshKeygen(['-e', '-m', m, '-f', join(dir, 'k.pub')]);
      expect(conv.status, conv.stderr).toBe(0);
      writeFileSync(join(dir, `k.${m}.pub`), conv.stdout);
      const r = cli('authorize', join(dir, `k.${m}.pub`));
      expect(r.status, `${m}: ${r.stderr}`).toBe(0);
      const home = tempDir('home-');
      const b = run('bash', ['-c', r.stdout], { env: { ...process.env, HOME: home }, cwd: home });
      expect(b.status, b.stderr).toBe(0);
      const installed = readFileSync(join(home, '.ssh', 'authorized_keys'), 'utf8');
      expect(installed.split('\n').length, m).toBe(2); // one line and its newline
      expect(installed.trim().split(' ').slice(0, 2).join(' '), m).toBe(typeAndBody);
    }
  });
});

// `ssh-keygen -t dsa` (OpenSSH 9.2 still writes them; the intake refuses them).
const DSA_LINE = 'ssh-dss AAAAB3NzaC1kc3MAAACBAPBY+DUUqplZfutOcz5coYfdeMud0+6cGRmz+aVHE25/oq7p8q6R9Z82omLIglIjHJywKJ6LzLkwdEe8W15WF7PyVpLI8dMCX+4YbzCb3QWfk0G9tPCwd2od2AhGbUQp1RQWXUPEf3tCBs/dbPVuPewW5jmoG+lbo0qkQQjYeAuPAAAAFQDwIjWJxb57HhDGFmmW6OeI2yyH+wAAAIBhgOXpjBW+tUJ3tGyBcTgd23Zuyhhczy86E/G+hx5LNsu7lDw9gdfRyGA+tniPOiUKnR6Sd3EYSXXljhlnuToNEmWddDhw2kQ2zY8pdkruBFW7FuEm6QHap4hf8RrFa02ydvGpgPBzRvIGrAYGT3/Ll9I9kmXoVJzhFccAuLJ6dAAAAIEAgM6pKvSzVyH3BusYP2TXC7CiPCv0hQF0j/Io3BMNd+sjOqXRYeXBLGXKGQoUOjpBREIp9t5ObV9mh84JZAXZksiSpYsileApokNyl723e9yARxIBRNLHUhNoO7OAOmi5nAaPRVcCtMyHgJjrcojzTmW7H/xDfQew/B+DF3ZJm60= root@vm';
