// `cli keygen` against the real ssh-keygen: same flags, same stdout byte for byte. The key
// material differs (it is random), so the native output is taken as the template and its
// key-specific lines are replaced by what the native `ssh-keygen -lv` says about OUR key.
import { describe, it, expect } from 'vitest';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, sshKeygen, tempDir } from '../helpers/openssh';

const dir = tempDir('cli-keygen-');
const cli = (args: string[]) => run('npx', ['tsx', 'bin/cli.ts', 'keygen', ...args]);

/** ssh-keygen's generate output with the fingerprint line and randomart of the key at `path`. */
function expectedOutput(nativeOut: string, path: string, nativePath: string, hash = 'sha256'): string {
  const lv = sshKeygen(['-lv', '-E', hash, '-f', path + '.pub']);
  expect(lv.status, lv.stderr).toBe(0);
  const [first, ...art] = lv.stdout.trimEnd().split('\n');
  // "-l" prints "BITS FP COMMENT (TYPE)" ("no comment" for none); generation prints "FP COMMENT"
  const comment = readFileSync(path + '.pub', 'utf8').replace(/\n$/, '').split(' ').slice(2).join(' ');
  const fpLine = `${first.split(' ')[1]} ${comment}`;
  const lines = nativeOut.replaceAll(nativePath, path).trimEnd().split('\n');
  const at = lines.indexOf('The key fingerprint is:');
  expect(at).toBeGreaterThan(0);
  return [...lines.slice(0, at + 1), fpLine, "The key's randomart image is:", ...art].join('\n') + '\n';
}

describe('cli keygen prints what ssh-keygen prints', () => {
  const cases: Array<{ name: string; args: string[]; hash?: string }> = [
    { name: 'ed25519', args: ['-t', 'ed25519', '-N', '', '-C', 'laptop 笔记本'] },
    { name: 'ed25519-md5', args: ['-t', 'ed25519', '-N', '', '-C', 'x', '-E', 'md5'], hash: 'md5' },
    { name: 'rsa-2048', args: ['-t', 'rsa', '-b', '2048', '-N', 'pass phrase', '-a', '4', '-C', ''] },
    { name: 'combined-flags', args: ['-trsa', '-b2048', '-N', '', '-Cc'] },
    { name: 'spaced-comment', args: ['-t', 'ed25519', '-N', '', '-C', '  lead  and trail  '] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const ours = join(dir, `ours-${c.name}`);
      const theirs = join(dir, `native-${c.name}`);
      const n = sshKeygen([...c.args, '-f', theirs]);
      expect(n.status, n.stderr).toBe(0);
      const o = cli([...c.args, '-f', ours]);
      expect(o.status, o.stderr).toBe(0);
      expect(o.stdout).toBe(expectedOutput(n.stdout, ours, theirs, c.hash));
      // files where ssh-keygen puts them, with its modes, and readable by it
      expect(statSync(ours).mode & 0o777).toBe(0o600);
      expect(statSync(ours + '.pub').mode & 0o777).toBe(0o644);
      const pass = c.args[c.args.indexOf('-N') + 1];
      const y = sshKeygen(['-y', '-P', pass, '-f', ours]);
      expect(y.stdout).toBe(readFileSync(ours + '.pub', 'utf8'));
    });
  }

  it('-y keeps a comment exactly, spaces at either end included, as ssh-keygen -y does', () => {
    const f = join(dir, 'native-spaced');
    expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', ' a  b ', '-f', f]).status).toBe(0);
    const o = cli(['-y', '-f', f]);
    expect(o.stdout).toBe(sshKeygen(['-y', '-f', f]).stdout);
    expect(o.stdout).toMatch(/ {2}a {2}b \n$/);
  });

  it('-q prints nothing and still writes both files', () => {
    const f = join(dir, 'quiet');
    const o = cli(['-q', '-t', 'ed25519', '-N', '', '-f', f]);
    expect(o.status, o.stderr).toBe(0);
    expect(o.stdout).toBe('');
    expect(sshKeygen(['-l', '-f', f + '.pub']).status).toBe(0);
  });

  it('the -a rounds reach the file (ssh-keygen decrypts it, the KDF header says so)', () => {
    const f = join(dir, 'rounds');
    expect(cli(['-q', '-t', 'ed25519', '-N', 'sesame', '-a', '3', '-f', f]).status).toBe(0);
    expect(sshKeygen(['-y', '-P', 'sesame', '-f', f]).status).toBe(0);
    expect(sshKeygen(['-y', '-P', 'sesamE', '-f', f]).status).not.toBe(0);
    // the rounds field is the last 4 bytes of the kdf options: 16-byte salt then uint32 rounds
    const body = Buffer.from(readFileSync(f, 'utf8').replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const kdfOpts = body.indexOf(Buffer.from('bcrypt')) + 6 + 4;
    expect(body.readUInt32BE(kdfOpts + 4 + 16)).toBe(3);
  });

  it('refuses what it cannot do with a non-zero exit, a message and no files', () => {
    const f = join(dir, 'refused');
    for (const args of [['-t', 'rsa', '-b', '1024'], ['-t', 'dsa'], ['-t', 'ed25519', '-E', 'sha1'], ['-t', 'ed25519', '-a', 'many']]) {
      const o = cli([...args, '-N', '', '-f', f]);
      expect(o.status, args.join(' ')).not.toBe(0);
      expect(o.stderr.length).toBeGreaterThan(0);
      expect(() => statSync(f)).toThrow();
    }
    const missing = cli(['-t', 'ed25519', '-N', '']);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/-f/);
  });

  it('never overwrites an existing key', () => {
    const f = join(dir, 'existing');
    writeFileSync(f, 'precious');
    const o = cli(['-t', 'ed25519', '-N', '', '-f', f]);
    expect(o.status).not.toBe(0);
    expect(readFileSync(f, 'utf8')).toBe('precious');
  });
});
