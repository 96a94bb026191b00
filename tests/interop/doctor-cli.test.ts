// `cli doctor` as a user runs it, on a log the real ssh printed at test time: human text in the
// locale's language, the stable --json shape, --key and --command making the diagnosis
// sharper, exit 0 whatever the verdict and 2 for input it cannot use.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { run, sshKeygen, startSshd, tempDir, noAgentEnv, SSH_CLIENT_OPTS, type Sshd } from '../helpers/openssh';

const ROOT = join(__dirname, '..', '..');
const cli = (args: string[], opts: { input?: string; lang?: string } = {}) =>
  run('npm', ['run', '--silent', 'cli', '--', 'doctor', ...args], { cwd: ROOT, input: opts.input, env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: opts.lang ?? 'en_US.UTF-8' } });

let server: Sshd;
let dir: string;
let wrongKeyLog: string;
const user = userInfo().username;

beforeAll(async () => {
  dir = tempDir('doctor-cli-');
  sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'infini_ed25519')]);
  sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id_old')]);
  server = await startSshd([readFileSync(join(dir, 'infini_ed25519.pub'), 'utf8').trim()]);
  // the real failure: ssh offers the old key, the machine knows only the new one
  // (-v first: ssh keeps the first log level it is given, so the options' LogLevel=ERROR is ignored)
  const r = run('ssh', ['-v', ...SSH_CLIENT_OPTS, '-i', join(dir, 'id_old'), '-p', String(server.port), `${user}@127.0.0.1`, 'true'], { env: noAgentEnv() });
  expect(r.status).toBe(255);
  wrongKeyLog = join(dir, 'ssh-debug.txt');
  writeFileSync(wrongKeyLog, r.stderr);
});
afterAll(async () => server?.stop());

describe('cli doctor', () => {
  it('reads the file, prints the path, the verdict, the cause and the fix in English; exit 0 for a failed login', () => {
    const r = cli([wrongKeyLog]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Connection path: Your computer → Machine .*127\.0\.0\.1.* \(✗ failed\)\nverdict: key-rejected\n/);
    expect(r.stdout).toContain('Cause: ');
  });

  it('LANG=zh_CN.UTF-8 and the log on stdin: Chinese', () => {
    const r = cli(['-'], { input: readFileSync(wrongKeyLog, 'utf8'), lang: 'zh_CN.UTF-8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('连接路径');
    expect(r.stdout).toContain('原因: ');
    expect(r.stdout).toMatch(/拒绝了密钥/);
  });

  it('--json with --key and --command: the stable shape; the saved key was never offered, the fix logs in', () => {
    const r = cli(['--json', '--key', join(dir, 'infini_ed25519.pub'), '--command', `ssh -p ${server.port} ${user}@127.0.0.1`, wrongKeyLog]);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['verdict', 'findings', 'hops']);
    expect(j.verdict).toBe('key-not-offered');
    expect(j.findings[0]).toMatchObject({ code: 'key-not-offered', hop: 0 });
    expect(j.findings[0].message).toContain('infini_ed25519');
    expect(j.hops).toEqual([
      {
        host: '127.0.0.1',
        port: server.port,
        user,
        authenticated: false,
        offered: [{ path: join(dir, 'id_old'), fingerprint: expect.stringMatching(/^SHA256:/) }],
        accepted: null,
      },
    ]);
    // the fix names ~/.ssh/infini_ed25519; with the key there (an absolute path here) it logs in
    const config = j.findings[0].fix.replace('~/.ssh/infini_ed25519', join(dir, 'infini_ed25519'));
    const cfg = join(dir, 'config');
    writeFileSync(cfg, config + 'Host *\n    StrictHostKeyChecking no\n    UserKnownHostsFile /dev/null\n    BatchMode yes\n', { mode: 0o600 });
    const alias = /^Host (\S+)$/m.exec(config)![1];
    const login = run('ssh', ['-F', cfg, alias, 'echo', 'ok'], { env: noAgentEnv() });
    expect(login.stdout, login.stderr).toBe('ok\n');
  });

  it('exit 2: not an ssh log, a private key pasted, an unknown option, a missing file', () => {
    expect(cli(['-'], { input: 'hello\n' }).status).toBe(2);
    const priv = cli(['-'], { input: readFileSync(join(dir, 'infini_ed25519'), 'utf8') });
    expect(priv.status).toBe(2);
    expect(priv.stderr).toMatch(/PRIVATE key/);
    expect(priv.stdout).toBe('');
    expect(priv.stderr).not.toContain(readFileSync(join(dir, 'infini_ed25519'), 'utf8').split('\n')[1].slice(0, 30));
    expect(cli(['--verbose', wrongKeyLog]).status).toBe(2);
    expect(cli([join(dir, 'nope.txt')]).status).toBe(2);
  });
});
