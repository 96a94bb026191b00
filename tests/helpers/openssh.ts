// The real OpenSSH tools: ssh-keygen, ssh, and throwaway sshd servers on 127.0.0.1.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

export function sshdPath(): string {
  for (const p of ['/usr/sbin/sshd', '/usr/bin/sshd']) if (existsSync(p)) return p;
  throw new Error('sshd not found: apt-get install -y openssh-server');
}

export function tempDir(prefix = 'ssh-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs a command; input goes to stdin. Never throws: look at status/stdout/stderr. */
export function run(cmd: string, args: string[], opts: { input?: string | Uint8Array; env?: NodeJS.ProcessEnv; cwd?: string; timeout?: number } = {}): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, {
    input: opts.input,
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    encoding: 'utf8',
    timeout: opts.timeout ?? 60_000,
  });
}

export function sshKeygen(args: string[], input?: string): SpawnSyncReturns<string> {
  return run('ssh-keygen', args, { input });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Where startSshd takes its ports from; tests of the harness may swap `next` (the retry on a taken port). */
export const sshdPorts = { next: freePort };

const BIND_FAILURE = /Bind to port \d+ .* failed|Cannot bind any address|Address already in use/;

function sshdConfig(port: number, hostKey: string, dir: string, authorizedKeysFile: string, extraConfig: string[]): string {
  return (
    [
      // first: sshd takes the first value of each keyword, so the extras override the defaults below
      ...extraConfig,
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeysFile}`,
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      'AllowTcpForwarding yes',
      'LogLevel VERBOSE',
    ].join('\n') + '\n'
  );
}

/** Starts sshd and waits for "Server listening"; `child` is undefined when sshd exited first. */
async function launchSshd(config: string): Promise<{ child?: ChildProcess; output: () => string }> {
  let output = '';
  const child: ChildProcess = spawn(sshdPath(), ['-D', '-e', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const get = () => output;
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`sshd did not start within 60 s:\n${output}`));
    }, 60_000);
    const check = () => {
      if (output.includes('Server listening')) {
        clearTimeout(t);
        resolve({ child, output: get });
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    // 'close' (not 'exit'): all of sshd's output has arrived, the bind error included
    child.on('close', () => {
      clearTimeout(t);
      resolve({ output: get });
    });
  });
}

export interface Sshd {
  port: number;
  dir: string;
  authorizedKeysFile: string;
  /** the user ssh logs in as (the current user) */
  user: string;
  log: () => string;
  stop(): Promise<void>;
}

/** Starts a throwaway sshd on 127.0.0.1 that accepts exactly the given public key lines. */
export async function startSshd(authorizedKeys: string[], extraConfig: string[] = []): Promise<Sshd> {
  const dir = tempDir('sshd-');
  const hostKey = join(dir, 'hostkey');
  const kg = sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]);
  if (kg.status !== 0) throw new Error(`host key: ${kg.stderr}`);
  const authorizedKeysFile = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeysFile, authorizedKeys.join('\n') + '\n', { mode: 0o600 });
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true });
  const config = join(dir, 'sshd_config');
  // freePort() closes its probe before sshd binds: another process (a parallel test file) can
  // take the port in between. sshd then exits at once with a bind error; try a new port.
  let port = 0;
  let running: ChildProcess;
  let log: () => string;
  for (let attempt = 1; ; attempt++) {
    port = await sshdPorts.next();
    writeFileSync(config, sshdConfig(port, hostKey, dir, authorizedKeysFile, extraConfig));
    chmodSync(config, 0o600);
    const started = await launchSshd(config);
    if (started.child) {
      running = started.child;
      log = started.output;
      break;
    }
    const output = started.output();
    if (attempt >= 3 || !BIND_FAILURE.test(output)) throw new Error(`sshd did not start (attempt ${attempt}, port ${port}):\n${output}`);
  }
  return {
    port,
    dir,
    authorizedKeysFile,
    user: userInfo().username,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (running.exitCode !== null) return resolve();
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      }),
  };
}

/** Client options that make a login depend only on the key given (no agent, no default keys). */
export const SSH_CLIENT_OPTS = [
  '-F', '/dev/null',
  '-o', 'StrictHostKeyChecking=no',
  '-o', 'UserKnownHostsFile=/dev/null',
  '-o', 'IdentitiesOnly=yes',
  '-o', 'BatchMode=yes',
  '-o', 'ConnectTimeout=10',
  '-o', 'LogLevel=ERROR',
];

/** Logs in with the given private key file and runs `echo ok`. */
/**
 * A login's stderr without what the account's own shell start-up files print: sshd runs the
 * command through bash, which reads root's ~/.bashrc, and this machine image's runs `pyenv init`,
 * whose "pyenv: cannot rehash: … isn't writable" races with other shells. What is left is what
 * ssh and the remote command said.
 */
export function loginStderr(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !/^pyenv: /.test(l))
    .join('\n');
}

export function sshLogin(server: Sshd, keyFile: string, opts: { passphrase?: string } = {}): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, SSH_AUTH_SOCK: '' };
  let args = [...SSH_CLIENT_OPTS, '-i', keyFile, '-p', String(server.port), `${server.user}@127.0.0.1`, 'echo', 'ok'];
  if (opts.passphrase !== undefined) {
    // BatchMode suppresses passphrase prompts: answer through SSH_ASKPASS instead.
    const dir = tempDir('askpass-');
    const askpass = join(dir, 'askpass.sh');
    writeFileSync(join(dir, 'pass'), opts.passphrase);
    writeFileSync(askpass, `#!/bin/sh\ncat '${join(dir, 'pass')}'\n`, { mode: 0o700 });
    env.SSH_ASKPASS = askpass;
    env.SSH_ASKPASS_REQUIRE = 'force';
    env.DISPLAY = env.DISPLAY ?? ':0';
    args = args.map((a) => (a === 'BatchMode=yes' ? 'BatchMode=no' : a));
    args.unshift('-o', 'NumberOfPasswordPrompts=1');
  }
  return run('ssh', args, { env });
}

/** A jump host and a target behind it, both throwaway sshd on 127.0.0.1 accepting the given keys. */
export interface JumpPair {
  jump: Sshd;
  target: Sshd;
  stop(): Promise<void>;
}

export async function startJumpPair(authorizedKeys: string[], opts: { jumpConfig?: string[] } = {}): Promise<JumpPair> {
  const [jump, target] = await Promise.all([startSshd(authorizedKeys, opts.jumpConfig), startSshd(authorizedKeys)]);
  return { jump, target, stop: async () => void (await Promise.all([jump.stop(), target.stop()])) };
}

/**
 * The chained layout: a jump host, an AICoder behind it, a dev machine behind the AICoder, each
 * a throwaway sshd on 127.0.0.1 accepting the given keys (a hop forwards to the next over loopback).
 */
export interface JumpChain {
  jump: Sshd;
  aicoder: Sshd;
  dev: Sshd;
  all: Sshd[];
  stop(): Promise<void>;
}

export async function startJumpChain(authorizedKeys: string[]): Promise<JumpChain> {
  const all = await Promise.all([startSshd(authorizedKeys), startSshd(authorizedKeys), startSshd(authorizedKeys)]);
  const [jump, aicoder, dev] = all;
  return { jump, aicoder, dev, all, stop: async () => void (await Promise.all(all.map((s) => s.stop()))) };
}

/** How many logins with a public key a server has accepted so far (from its VERBOSE log). */
export function acceptedLogins(server: Sshd): number {
  return (server.log().match(/Accepted publickey for /g) ?? []).length;
}

/**
 * Options that must reach every hop of a test login (host keys of throwaway servers, no
 * prompts). Command-line -o does not reach a ProxyJump hop, so tests put these in a `Host *`
 * block of the config file they pass with -F (which ssh hands on to the hop).
 */
export const TEST_HOST_STAR_BLOCK = [
  'Host *',
  '    StrictHostKeyChecking no',
  '    UserKnownHostsFile /dev/null',
  '    BatchMode yes',
  '    ConnectTimeout 10',
  '    LogLevel ERROR',
  '',
].join('\n');

/** An environment with no agent: a login can only use the keys named in config or on the command line. */
export function noAgentEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.SSH_AUTH_SOCK;
  delete env.SSH_AGENT_PID;
  return env;
}

/**
 * A directory with an `ssh` wrapper to put first in PATH, for commands whose ProxyCommand
 * starts a second `ssh` by name that no command-line option reaches. The wrapper adds only
 * `-F <file with TEST_HOST_STAR_BLOCK>`: host keys of throwaway servers and no prompts (ssh
 * hands -F on to a ProxyJump hop too), and keeps the machine's own config out of the login.
 */
export function sshWrapperDir(): string {
  const dir = tempDir('sshwrap-');
  const config = join(dir, 'ssh_config');
  writeFileSync(config, TEST_HOST_STAR_BLOCK, { mode: 0o600 });
  writeFileSync(join(dir, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F '${config}' "$@"\n`, { mode: 0o755 });
  return dir;
}
