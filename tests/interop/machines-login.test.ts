// Chained hops, logged in for real: three throwaway sshd on 127.0.0.1 in the layout users have
// (jump host → AICoder → dev machine behind the AICoder's internal address). The key has a
// non-default name, there is no agent and no default key, so a login works only if the key
// reaches every hop; each server's own log must show the key accepted, so a login that skipped
// a hop cannot pass. The docs' template and a plain `-J a,b -i KEY` fail in the same harness.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { sshKeygen, startJumpChain, acceptedLogins, tempDir, run, noAgentEnv, sshWrapperDir, TEST_HOST_STAR_BLOCK, type JumpChain } from '../helpers/openssh';
import { buildSshConfig, buildManagedSection, mergeSshConfig, parseConnectCommand, connectCommand, type Connection } from '../../lib/config';

const KEY_NAME = 'infini_chain_ed25519';
const user = userInfo().username;

let chain: JumpChain;
let home: string;
let keyPath: string;

beforeAll(async () => {
  home = tempDir('home-');
  mkdirSync(join(home, '.ssh'), { mode: 0o700 });
  keyPath = join(home, '.ssh', KEY_NAME);
  expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'chain', '-f', keyPath]).status).toBe(0);
  chain = await startJumpChain([readFileSync(keyPath + '.pub', 'utf8').trim()]);
});
afterAll(async () => chain?.stop());

const ep = (port: number) => ({ host: '127.0.0.1', port, user });
/** what the console shows for each, parsed as the extension parses it */
function parsed(cmd: string): Connection {
  const r = parseConnectCommand(cmd);
  if (!r.ok) throw new Error(`refused: ${r.error.en}`);
  return r.connection;
}
const aicoder = () => parsed(`ssh -J ${user}@127.0.0.1:${chain.jump.port} -p ${chain.aicoder.port} ${user}@127.0.0.1`);
const devBehindAicoder = () => parsed(`ssh -J ${user}@127.0.0.1:${chain.jump.port},${user}@127.0.0.1:${chain.aicoder.port} -p ${chain.dev.port} ${user}@127.0.0.1`);

function loginWithConfig(configText: string, alias: string) {
  const file = join(tempDir('cfg-'), 'config');
  writeFileSync(file, configText, { mode: 0o600 });
  return run('ssh', ['-F', file, alias, 'echo', 'ok'], { env: noAgentEnv({ HOME: home }), timeout: 60_000 });
}
function runCommand(cmd: string) {
  return run('bash', ['-c', `${cmd} echo ok`], { env: noAgentEnv({ HOME: home, SHELL: '/bin/bash', PATH: `${sshWrapperDir()}:${process.env.PATH}` }), timeout: 60_000 });
}
/**
 * Runs `login`, then waits until each server's log shows the key accepted during it (the log
 * arrives through a pipe this process reads between tests, so it is polled, never timed).
 */
async function loginThroughEveryHop(login: () => ReturnType<typeof run>, servers: number[] = [0, 1, 2]) {
  const before = chain.all.map(acceptedLogins);
  const r = login();
  expect(r.stdout, r.stderr).toBe('ok\n');
  const want = chain.all.map((_, i) => (servers.includes(i) ? 1 : 0));
  await expect.poll(() => chain.all.map((s, i) => acceptedLogins(s) - before[i]), { timeout: 30_000, interval: 50 }).toEqual(want);
}

describe('three hops on loopback: jump host → AICoder → dev machine', () => {
  it('the parser reads the chain the way the console would show it', () => {
    const c = devBehindAicoder();
    expect(c.jumps).toEqual([ep(chain.jump.port), ep(chain.aicoder.port)]);
    expect(c.jump).toEqual(ep(chain.jump.port));
  });

  it('"config for all": both machines log in through every hop; the dev machine hops through the AICoder\'s own block', async () => {
    const section = buildManagedSection([
      { alias: 'infini-aic', connection: aicoder(), identityFile: keyPath },
      { alias: 'infini-dev', connection: devBehindAicoder(), identityFile: keyPath },
    ]);
    expect(section).toMatch(/\nHost infini-dev\n(?: {4}.*\n)*? {4}ProxyJump infini-aic\n/);
    expect(section.match(/^Host /gm)).toHaveLength(3); // two machines, the jump host's block once
    const config = mergeSshConfig(TEST_HOST_STAR_BLOCK, section);
    await loginThroughEveryHop(() => loginWithConfig(config, 'infini-aic'), [0, 1]);
    await loginThroughEveryHop(() => loginWithConfig(config, 'infini-dev'));
  });

  it('the per-machine snippet for the chained dev machine logs in (one keyed block per hop)', async () => {
    const snippet = buildSshConfig({ connection: devBehindAicoder(), identityFile: keyPath, alias: 'dev-chain' });
    expect(snippet).toContain('Host dev-chain-jump1\n');
    expect(snippet).toContain('    ProxyJump dev-chain-jump1\n');
    await loginThroughEveryHop(() => loginWithConfig(mergeSshConfig(TEST_HOST_STAR_BLOCK, snippet), 'dev-chain'));
  });

  it('the -i command (nested ProxyCommand) reaches every hop with the key', async () => {
    const cmd = connectCommand(devBehindAicoder(), { identityFile: `~/.ssh/${KEY_NAME}`, shell: 'posix' });
    expect(cmd).not.toContain(' -J ');
    await loginThroughEveryHop(() => runCommand(cmd));
  });

  it('a key path with a space and a quote survives two levels of nested quoting', () => {
    writeFileSync(join(home, '.ssh', "it's my key"), readFileSync(keyPath), { mode: 0o600 });
    const cmd = connectCommand(devBehindAicoder(), { identityFile: "~/.ssh/it's my key", shell: 'posix' });
    const r = runCommand(cmd);
    expect(r.stdout, r.stderr).toBe('ok\n');
  });

  it("the docs' template (ProxyJump a,b, IdentityFile on the target only) fails: Permission denied (publickey)", () => {
    const docs = [
      'Host devchain',
      '    HostName 127.0.0.1',
      `    Port ${chain.dev.port}`,
      `    User ${user}`,
      '    IdentitiesOnly Yes',
      `    ProxyJump ${user}@127.0.0.1:${chain.jump.port},${user}@127.0.0.1:${chain.aicoder.port}`,
      `    IdentityFile ${keyPath}`,
      '',
    ].join('\n');
    const r = loginWithConfig(docs + TEST_HOST_STAR_BLOCK, 'devchain');
    expect(r.status).toBe(255);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Permission denied \(publickey\)/);
  });

  it('a plain `ssh -i KEY -J a,b` fails the same way: -i reaches no hop', () => {
    const r = runCommand(`ssh -i ~/.ssh/${KEY_NAME} -o IdentitiesOnly=yes -J ${user}@127.0.0.1:${chain.jump.port},${user}@127.0.0.1:${chain.aicoder.port} -p ${chain.dev.port} ${user}@127.0.0.1`);
    expect(r.status).toBe(255);
    expect(r.stderr).toMatch(/Permission denied \(publickey\)/);
  });
});
