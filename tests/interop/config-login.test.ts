// Real logins with what lib/config writes: the real ssh client against two throwaway sshd on
// 127.0.0.1 (a jump host and a target, the AICoder layout) and one sshd alone (a dev machine).
// The key has a non-default name, there is no agent and no default key, so a login works only
// if the key reaches every hop. The docs' template and a plain `-J` fail in the same harness,
// which shows the harness can tell.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { readFileSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import {
  sshKeygen,
  startJumpPair,
  tempDir,
  run,
  noAgentEnv,
  sshWrapperDir,
  TEST_HOST_STAR_BLOCK,
  type JumpPair,
  loginStderr,
} from '../helpers/openssh';
import { buildSshConfig, mergeSshConfig, parseConnectCommand, connectCommand, defaultAlias, type Connection } from '../../lib/config';

const KEY_NAME = 'infini_test_ed25519';

let pair: JumpPair;
let home: string;
let keyPath: string;
let otherKey: string;
const user = userInfo().username;

beforeAll(async () => {
  home = tempDir('home-');
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  keyPath = join(home, '.ssh', KEY_NAME);
  otherKey = join(home, 'not-authorized');
  expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', keyPath]).status).toBe(0);
  expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', otherKey]).status).toBe(0);
  pair = await startJumpPair([readFileSync(keyPath + '.pub', 'utf8').trim()]);
  // ssh looks for default keys in the passwd home: none there may be the one we authorized
  const pwHome = userInfo().homedir;
  for (const n of ['id_rsa', 'id_ecdsa', 'id_ed25519']) {
    const p = join(pwHome, '.ssh', n + '.pub');
    if (existsSync(p)) expect(readFileSync(p, 'utf8')).not.toContain(readFileSync(keyPath + '.pub', 'utf8').split(' ')[1]);
  }
});
afterAll(async () => pair?.stop());

function jumpConnection(): Connection {
  return {
    host: '127.0.0.1',
    port: pair.target.port,
    user,
    jump: { host: '127.0.0.1', port: pair.jump.port, user },
    kind: 'generic',
  };
}

/** `ssh -F config ALIAS echo ok` with no agent; ssh hands -F on to the ProxyJump hop. */
function loginWithConfig(configText: string, alias: string) {
  const dir = tempDir('cfg-');
  const file = join(dir, 'config');
  writeFileSync(file, configText, { mode: 0o600 });
  return run('ssh', ['-F', file, alias, 'echo', 'ok'], { env: noAgentEnv({ HOME: home }), timeout: 90_000 });
}

/** A connect command run by bash as a user would, with `echo ok` as the remote command. */
function runCommand(cmd: string) {
  return run('bash', ['-c', `${cmd} echo ok`], {
    env: noAgentEnv({ HOME: home, SHELL: '/bin/bash', PATH: `${sshWrapperDir()}:${process.env.PATH}` }),
    timeout: 90_000,
  });
}

describe('ssh config snippet through a jump host', () => {
  it('logs in through the jump host with our snippet merged into a config that has a Host * block', () => {
    // ssh expands `~` in IdentityFile with the passwd home, not $HOME: the test uses the absolute path
    const snippet = buildSshConfig({ connection: jumpConnection(), identityFile: keyPath, alias: 'aicoder-test' });
    const config = mergeSshConfig(TEST_HOST_STAR_BLOCK, snippet);
    expect(config.indexOf('Host aicoder-test')).toBeLessThan(config.indexOf('Host *'));
    const r = loginWithConfig(config, 'aicoder-test');
    expect(loginStderr(r.stderr)).toBe('');
    expect(r.stdout).toBe('ok\n');
    expect(r.status).toBe(0);
  });

  it("the docs' template (no block for the jump host) fails in the same harness with Permission denied (publickey)", () => {
    const docs = [
      'Host aicoder',
      '    HostName 127.0.0.1',
      `    Port ${pair.target.port}`,
      `    User ${user}`,
      '    IdentitiesOnly Yes',
      `    ProxyJump ${user}@127.0.0.1:${pair.jump.port}`,
      `    IdentityFile ${keyPath}`,
      '',
    ].join('\n');
    const r = loginWithConfig(docs + TEST_HOST_STAR_BLOCK, 'aicoder');
    expect(r.status).toBe(255);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Permission denied \(publickey\)/);
  });

  it('a key that is not authorized fails through our snippet too', () => {
    const snippet = buildSshConfig({ connection: jumpConnection(), identityFile: otherKey, alias: 'aicoder-test' });
    const r = loginWithConfig(mergeSshConfig(TEST_HOST_STAR_BLOCK, snippet), 'aicoder-test');
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(/Permission denied \(publickey\)/);
  });

  it('a pasted command → parse → snippet → login, with a key path containing a space', () => {
    const spaced = join(home, '.ssh', 'infini key');
    writeFileSync(spaced, readFileSync(keyPath), { mode: 0o600 });
    const parsed = parseConnectCommand(`$ ssh -J ${user}@127.0.0.1:${pair.jump.port} -p ${pair.target.port} ${user}@127.0.0.1\n`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const alias = defaultAlias(parsed.connection);
    const snippet = buildSshConfig({ connection: parsed.connection, identityFile: spaced });
    expect(snippet).toContain(`IdentityFile "${spaced}"`);
    const r = loginWithConfig(TEST_HOST_STAR_BLOCK.replace('Host *', '# user config\nHost *') + '\n' + snippet, alias);
    expect(r.stdout, r.stderr).toBe('ok\n');
  });
});

describe('connect commands', () => {
  it('the posix command with a jump host logs in (the key reaches the hop through ProxyCommand)', () => {
    const cmd = connectCommand(jumpConnection(), { identityFile: `~/.ssh/${KEY_NAME}`, shell: 'posix' });
    expect(cmd).toContain('ProxyCommand=');
    const r = runCommand(cmd);
    expect(loginStderr(r.stderr)).toBe('');
    expect(r.stdout).toBe('ok\n');
  });

  it("a key path with a space and a quote survives the nested quoting of the ProxyCommand", () => {
    writeFileSync(join(home, '.ssh', "it's mine"), readFileSync(keyPath), { mode: 0o600 });
    const cmd = connectCommand(jumpConnection(), { identityFile: "~/.ssh/it's mine", shell: 'posix' });
    const r = runCommand(cmd);
    expect(r.stdout, r.stderr).toBe('ok\n');
  });

  it('the Git Bash command is the same text and logs in too', () => {
    const c = jumpConnection();
    const cmd = connectCommand(c, { identityFile: `~/.ssh/${KEY_NAME}`, shell: 'gitbash' });
    expect(cmd).toBe(connectCommand(c, { identityFile: `~/.ssh/${KEY_NAME}`, shell: 'posix' }));
    expect(runCommand(cmd).stdout).toBe('ok\n');
  });

  it('a plain -J with -i fails: -i does not reach the jump hop', () => {
    const r = runCommand(`ssh -i ~/.ssh/${KEY_NAME} -o IdentitiesOnly=yes -J ${user}@127.0.0.1:${pair.jump.port} -p ${pair.target.port} ${user}@127.0.0.1`);
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(/Permission denied \(publickey\)/);
  });

  it('the dev machine form (port and user, no jump) logs in to one sshd; a key not authorized does not', () => {
    const c: Connection = { host: '127.0.0.1', port: pair.target.port, user, kind: 'devmachine' };
    const cmd = connectCommand(c, { identityFile: `~/.ssh/${KEY_NAME}`, shell: 'posix' });
    expect(cmd).toBe(`ssh -i ~/.ssh/${KEY_NAME} -o IdentitiesOnly=yes -p ${pair.target.port} ${user}@127.0.0.1`);
    expect(runCommand(cmd).stdout).toBe('ok\n');
    const bad = runCommand(connectCommand(c, { identityFile: otherKey, shell: 'posix' }));
    expect(bad.status).toBe(255);
    expect(bad.stderr).toMatch(/Permission denied \(publickey\)/);
  });

  it('the dev machine snippet logs in with ssh -F', () => {
    const parsed = parseConnectCommand(`ssh -p ${pair.target.port} ${user}@127.0.0.1`);
    expect(parsed.ok && parsed.connection.kind).toBe('devmachine');
    if (!parsed.ok) return;
    const snippet = buildSshConfig({ connection: parsed.connection, identityFile: keyPath, alias: 'dev' });
    const r = loginWithConfig(mergeSshConfig(TEST_HOST_STAR_BLOCK, snippet), 'dev');
    expect(r.stdout, r.stderr).toBe('ok\n');
  });
});
