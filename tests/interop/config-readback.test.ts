// What ssh itself reads back from what we write: `ssh -G` on our config snippets and connect
// commands (values with backslashes, `%`, scoped IPv6 hosts), a real login with a key whose
// path holds `%` and a backslash, and the ProxyCommand's hop as sh and ssh hand it to `ssh`
// (a recording `ssh` first in PATH), so that nothing in a user or host name expands.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { run, sshKeygen, startSshd, tempDir, noAgentEnv, TEST_HOST_STAR_BLOCK, type Sshd } from '../helpers/openssh';
import { buildSshConfig, connectCommand, parseConnectCommand, type Connection } from '../../lib/config';

/** `ssh -G -F FILE ALIAS` as key → values (identityfile may repeat). */
function sshG(configText: string, alias: string): Map<string, string[]> {
  const file = join(tempDir('cfg-'), 'config');
  writeFileSync(file, configText, { mode: 0o600 });
  const r = run('ssh', ['-G', '-F', file, alias]);
  expect(r.status, r.stderr).toBe(0);
  return parseG(r.stdout);
}

function parseG(out: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of out.split('\n')) {
    const k = line.indexOf(' ');
    if (k > 0) m.set(line.slice(0, k), [...(m.get(line.slice(0, k)) ?? []), line.slice(k + 1)]);
  }
  return m;
}

const DEV: Connection = { host: '10.1.2.3', port: 2222, user: 'root', kind: 'devmachine' };

describe('ssh -G reads back the IdentityFile and HostName we write', () => {
  // Windows paths come back with forward slashes (Windows OpenSSH accepts both); as a path
  // they are the same file. Everything else comes back exactly.
  const asWindows = (p: string) => p.replace(/\//g, '\\');
  const cases: [string, boolean][] = [
    ['C:\\Users\\me\\.ssh\\infini_ed25519', true],
    ['C:\\\\srv\\\\k', true], // doubled separators: OpenSSH ≥ 8.7 would read one of each pair
    ['\\\\fileserver\\keys\\k', true], // UNC: would lose its leading backslash
    ['C:\\Users\\me\\', true], // a trailing backslash inside quotes would break the file
    ['D:\\My Keys\\k', true],
    ['/home/me/.ssh/my key', false],
    ["/home/me/it's/k", false],
    ['/home/me/odd\\name/k', false], // a lone backslash reads the same in every version
    ['~/.ssh/infini_ed25519', false],
  ];
  for (const [path, windows] of cases) {
    it(JSON.stringify(path), () => {
      const g = sshG(buildSshConfig({ connection: DEV, identityFile: path, alias: 'dev' }), 'dev');
      const got = g.get('identityfile')!;
      expect(got).toHaveLength(1);
      if (windows) expect(asWindows(got[0])).toBe(path);
      else expect(got[0]).toBe(path.replace(/^~\//, '~/'));
    });
  }

  it('a scoped IPv6 host: HostName fe80::1%eth0 comes back as written (no "unknown key %e")', () => {
    const c = parseConnectCommand('ssh root@fe80::1%eth0');
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const g = sshG(buildSshConfig({ connection: c.connection, identityFile: '~/.ssh/k', alias: 'v6' }), 'v6');
    expect(g.get('hostname')).toEqual(['fe80::1%eth0']);
    expect(g.get('user')).toEqual(['root']);
  });

  it('a jump host with a scoped IPv6 address: its own block reads back too', () => {
    const c = parseConnectCommand('ssh -J jane@[fe80::2%eth1]:2200 root@aic-dbdz3pprd2g54crp');
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const text = buildSshConfig({ connection: c.connection, identityFile: '~/.ssh/k', alias: 'aic' });
    const j = sshG(text, 'aic-jump');
    expect(j.get('hostname')).toEqual(['fe80::2%eth1']);
    expect(j.get('port')).toEqual(['2200']);
    expect(sshG(text, 'aic').get('proxyjump')).toEqual(['aic-jump']);
  });
});

describe('a connect command for a scoped IPv6 host', () => {
  it('ssh -G reads the host, port and user from the posix command', () => {
    const c = parseConnectCommand('ssh -p 2222 root@fe80::1%eth0');
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    const cmd = connectCommand(c.connection, { identityFile: '~/.ssh/k', shell: 'posix' });
    const home = tempDir('home-');
    const r = run('bash', ['-c', cmd.replace(/^ssh /, 'ssh -G -F /dev/null ')], { env: { ...process.env, HOME: home } });
    expect(r.status, r.stderr).toBe(0);
    const g = parseG(r.stdout);
    expect(g.get('hostname')).toEqual(['fe80::1%eth0']);
    expect(g.get('port')).toEqual(['2222']);
    expect(g.get('user')).toEqual(['root']);
  });
});

// The hop of a connect command's ProxyCommand, as ssh %-expands it and sh runs it, recorded
// by an `ssh` stand-in first in PATH (one argument per line). The outer ssh is the real one.
function hopArgs(c: Connection, identityFile: string): { args: string[]; home: string } {
  const home = tempDir('home-');
  const bin = tempDir('bin-');
  const log = join(bin, 'argv');
  writeFileSync(join(bin, 'ssh'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}'\nexit 1\n`, { mode: 0o755 });
  const cmd = connectCommand(c, { identityFile, shell: 'posix' }).replace(/^ssh /, '/usr/bin/ssh -F /dev/null -o BatchMode=yes ');
  const r = run('bash', ['-c', `${cmd} true`], {
    env: noAgentEnv({ HOME: home, SHELL: '/bin/sh', PATH: `${bin}:${process.env.PATH}` }),
    cwd: home,
    timeout: 90_000,
  });
  expect(r.stderr).not.toMatch(/percent_expand|unknown key/);
  return { args: readFileSync(log, 'utf8').replace(/\n$/, '').split('\n'), home };
}

describe('the ProxyCommand hop gets exactly our arguments', () => {
  it('a hostile jump user ($HOME, backticks, $(…), %) reaches the hop literally; nothing runs', () => {
    const user = 'u$HOME`touch t1`$(touch t2)%n';
    const c: Connection = { host: 'target.example', user: 'root', jump: { host: 'jump.example', user }, kind: 'generic' };
    const { args, home } = hopArgs(c, '~/.ssh/k');
    expect(args).toEqual(['-i', `${home}/.ssh/k`, '-o', 'IdentitiesOnly=yes', '-W', 'target.example:22', `${user}@jump.example`]);
    expect(run('ls', ['-A', home]).stdout).toBe('');
  });

  it('a scoped IPv6 jump host and target, and a key path with a space', () => {
    const c: Connection = { host: 'fe80::1%eth0', port: 2222, user: 'root', jump: { host: 'fe80::2%eth1', port: 2200, user: 'jane' }, kind: 'generic' };
    const { args, home } = hopArgs(c, '~/.ssh/my key');
    expect(args).toEqual(['-i', `${home}/.ssh/my key`, '-o', 'IdentitiesOnly=yes', '-p', '2200', '-W', '[fe80::1%eth0]:2222', 'jane@fe80::2%eth1']);
  });
});

describe('a real login with a key whose path holds % and a backslash', () => {
  let server: Sshd;
  let keyPath: string;
  beforeAll(async () => {
    const dir = join(tempDir('keys-'), '100%d odd\\dir');
    mkdirSync(dir);
    keyPath = join(dir, 'k');
    expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', keyPath]).status).toBe(0);
    server = await startSshd([readFileSync(keyPath + '.pub', 'utf8').trim()]);
  });
  afterAll(async () => server?.stop());

  it('ssh -F our snippet logs in (IdentityFile written with %%)', () => {
    const conn: Connection = { host: '127.0.0.1', port: server.port, user: userInfo().username, kind: 'devmachine' };
    const file = join(tempDir('cfg-'), 'config');
    writeFileSync(file, buildSshConfig({ connection: conn, identityFile: keyPath, alias: 'dev' }) + TEST_HOST_STAR_BLOCK, { mode: 0o600 });
    const r = run('ssh', ['-F', file, 'dev', 'echo', 'ok'], { env: noAgentEnv(), timeout: 90_000 });
    expect(r.stderr).not.toMatch(/percent_expand/);
    expect(r.stdout, r.stderr).toBe('ok\n');
  });

  it('the connect command refuses such a path (ssh -i cannot take it), bilingual; a backslash alone is fine', () => {
    const conn: Connection = { host: '127.0.0.1', port: server.port, user: userInfo().username, kind: 'devmachine' };
    const refusal = (() => {
      try {
        connectCommand(conn, { identityFile: keyPath, shell: 'posix' });
      } catch (e) {
        return e as { code: string; zh: string };
      }
    })();
    expect(refusal?.code).toBe('connect-unusable-key-path');
    expect(refusal?.zh).toMatch(/重命名/);
    // what ssh itself does with -i and a % in the path, whichever way it is written
    for (const p of [keyPath, keyPath.replace(/%/g, '%%')]) {
      const r = run('ssh', ['-F', '/dev/null', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'BatchMode=yes', '-o', 'IdentitiesOnly=yes', '-i', p, '-p', String(server.port), `${conn.user}@127.0.0.1`, 'echo', 'ok'], { env: noAgentEnv(), timeout: 90_000 });
      expect(r.stdout).toBe('');
    }
    const plain = join(tempDir('keys-'), 'odd\\dir k');
    expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', plain]).status).toBe(0);
    writeFileSync(server.authorizedKeysFile, readFileSync(plain + '.pub', 'utf8'));
    const cmd = connectCommand(conn, { identityFile: plain, shell: 'posix' }).replace(/^ssh /, 'ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes ');
    const r = run('bash', ['-c', `${cmd} echo ok`], { env: noAgentEnv(), timeout: 90_000 });
    expect(r.stdout, r.stderr).toBe('ok\n');
  });
});
