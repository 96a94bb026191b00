// The SSH doctor on REAL failures: each log is what the real `ssh -v` printed, at test time,
// against throwaway sshd on 127.0.0.1 (a jump host and a target, as AICoder is reached). Each
// case asserts the verdict and the hop; where the fix is a command or a config, the fix is
// applied and the login is tried again, which proves it is the fix and not just text.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { readFileSync, writeFileSync, chmodSync, mkdirSync, copyFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { userInfo } from 'node:os';
import { sshKeygen, startJumpPair, startSshd, tempDir, run, noAgentEnv, sshWrapperDir, TEST_HOST_STAR_BLOCK, type JumpPair, type Sshd } from '../helpers/openssh';
import { diagnoseSshLog, captureCommands, type Diagnosis, type DoctorContext } from '../../lib/doctor';
import { fingerprint } from '../../lib/ssh/formats/fingerprint';
import { parsePublicKey } from '../../lib/ssh/intake/parse-public-key';

const user = userInfo().username;
let dir: string;
let key: string;
let other: string;
let pair: JumpPair;
let single: Sshd;

/** Host-key and prompt options for every hop, with the log level left to -v. */
const HOST_STAR = TEST_HOST_STAR_BLOCK.replace('    LogLevel ERROR\n', '');

beforeAll(async () => {
  dir = tempDir('doctor-');
  key = join(dir, 'infini_ed25519');
  other = join(dir, 'not_authorized');
  expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'doctor', '-f', key]).status).toBe(0);
  expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', other]).status).toBe(0);
  const pub = readFileSync(key + '.pub', 'utf8').trim();
  [pair, single] = await Promise.all([startJumpPair([pub]), startSshd([pub], ['MaxAuthTries 2'])]);
});
afterAll(async () => {
  await Promise.all([pair?.stop(), single?.stop()]);
});

function configFile(text: string): string {
  const f = join(tempDir('doctor-cfg-'), 'config');
  writeFileSync(f, text, { mode: 0o600 });
  return f;
}

/** The real `ssh -v … echo ok`: its stderr is the log a user would paste. */
function sshV(args: string[], env: NodeJS.ProcessEnv = noAgentEnv()): { log: string; status: number | null; stdout: string } {
  const r = run('ssh', ['-v', ...args, 'echo', 'ok'], { env, timeout: 60_000 });
  return { log: r.stderr, status: r.status, stdout: r.stdout };
}

const direct = (server: Sshd, extra: string[] = []) => ['-F', configFile(HOST_STAR), ...extra, '-p', String(server.port), `${user}@127.0.0.1`];

function diagnose(log: string, ctx?: DoctorContext): Diagnosis {
  const r = diagnoseSshLog(log, ctx);
  if (!r.ok) throw new Error(`refused: ${r.error.code}\n${log}`);
  return r.diagnosis;
}

function keyInfo(path: string): { name: string; fingerprint: string; publicKeyLine: string } {
  const parsed = parsePublicKey(readFileSync(path + '.pub', 'utf8'));
  if (!parsed.ok) throw parsed.error;
  return { name: path.split('/').pop()!, fingerprint: fingerprint(parsed.key.blob), publicKeyLine: parsed.key.line };
}

function jumpConfig(identityFile: string, jumpPort = pair.jump.port): string {
  return [
    'Host t',
    '    HostName 127.0.0.1',
    `    Port ${pair.target.port}`,
    `    User ${user}`,
    '    ProxyJump j',
    '    IdentitiesOnly yes',
    `    IdentityFile ${identityFile}`,
    'Host j',
    '    HostName 127.0.0.1',
    `    Port ${jumpPort}`,
    `    User ${user}`,
    '    IdentitiesOnly yes',
    `    IdentityFile ${identityFile}`,
    HOST_STAR,
  ].join('\n');
}

describe('successes', () => {
  it('a direct login: ok, one hop authenticated with the key it offered', () => {
    const { log, stdout } = sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', key]));
    expect(stdout).toBe('ok\n');
    const d = diagnose(log);
    expect(d.verdict).toBe('ok');
    expect(d.findings).toEqual([]);
    expect(d.hops).toHaveLength(1);
    expect(d.hops[0]).toMatchObject({ role: 'direct', host: '127.0.0.1', port: single.port, user, authenticated: true });
    expect(d.hops[0].accepted?.fingerprint).toBe(keyInfo(key).fingerprint);
  });

  it('through the jump host: ok, both hops authenticated, jump host first', () => {
    const { log, stdout } = sshV(['-F', configFile(jumpConfig(key)), 't']);
    expect(stdout).toBe('ok\n');
    const d = diagnose(log);
    expect(d.verdict).toBe('ok');
    expect(d.hops.map((h) => [h.role, h.port, h.authenticated])).toEqual([
      ['jump', pair.jump.port, true],
      ['target', pair.target.port, true],
    ]);
  });
});

describe('the capture command', () => {
  it('run by bash, writes the whole log to ssh-debug.txt (and shows it), and the doctor reads that file', () => {
    const cwd = tempDir('doctor-capture-');
    const cmd = captureCommands({ host: '127.0.0.1', port: single.port, user, kind: 'devmachine' }, 'posix').save;
    // the PATH wrapper adds only the throwaway servers' host-key options (-F); no key is given
    const r = run('bash', ['-c', cmd], { cwd, env: noAgentEnv({ PATH: `${sshWrapperDir()}:${process.env.PATH}` }) });
    const file = readFileSync(join(cwd, 'ssh-debug.txt'), 'utf8');
    expect(file).toBe(r.stdout);
    expect(file).toMatch(/^OpenSSH_/);
    // no key reaches this server (a machine whose passwd home has a default key gets it refused)
    expect(['no-key-offered', 'key-rejected']).toContain(diagnose(file).verdict);
  });
});

describe('the jump host', () => {
  it("the docs' template (IdentityFile on the target only): jump-auth-failed on hop 0; its fix logs in", () => {
    const docs = ['Host aicoder', '    HostName 127.0.0.1', `    Port ${pair.target.port}`, `    User ${user}`, '    IdentitiesOnly Yes', `    ProxyJump ${user}@127.0.0.1:${pair.jump.port}`, `    IdentityFile ${key}`, HOST_STAR].join('\n');
    const { log, status } = sshV(['-F', configFile(docs), 'aicoder']);
    expect(status).toBe(255);
    const d = diagnose(log);
    expect(d.verdict).toBe('jump-auth-failed');
    expect(d.findings[0].hop).toBe(0);
    expect(d.hops.map((h) => [h.role, h.port, h.authenticated])).toEqual([
      ['jump', pair.jump.port, false],
      ['target', pair.target.port, false],
    ]);
    // without context the fix is built from the log alone (the key the config names)
    expect(d.findings[0].fix!.text).toContain(`IdentityFile ${key}`);
    // with the connection being fixed (as the popup and --command give it), the keyed jump
    // block really logs in, through the alias its how-to line names
    const connection = { host: '127.0.0.1', port: pair.target.port, user, jump: { host: '127.0.0.1', port: pair.jump.port, user }, kind: 'generic' as const };
    const fix = diagnose(log, { connection, identityFile: key }).findings[0].fix!;
    expect(fix.where).toBe('ssh-config');
    const alias = /ssh (\S+)$/.exec(fix.how.en)![1];
    const again = sshV(['-F', configFile(fix.text + '\n' + HOST_STAR), alias]);
    expect(again.stdout, again.log).toBe('ok\n');
    expect(diagnose(again.log).verdict).toBe('ok');
  });

  for (const option of ['DisableForwarding yes', 'AllowTcpForwarding no']) {
    it(`a jump host that refuses forwarding (${option}): jump-channel-failed, the jump host authenticated`, async () => {
      const jump = await startSshd([readFileSync(key + '.pub', 'utf8').trim()], [option]);
      try {
        const { log, status } = sshV(['-F', configFile(jumpConfig(key, jump.port)), 't']);
        expect(status).toBe(255);
        const d = diagnose(log);
        expect(d.verdict).toBe('jump-channel-failed');
        expect(d.findings[0].hop).toBe(0);
        expect(d.hops[0]).toMatchObject({ role: 'jump', port: jump.port, authenticated: true });
        expect(d.hops[1]).toMatchObject({ role: 'target', port: pair.target.port, authenticated: false, reached: false });
        expect(d.findings[0].message.en).toMatch(/administratively prohibited/);
      } finally {
        await jump.stop();
      }
    });
  }
});

describe('keys', () => {
  it('a missing identity file: key-not-found naming the file', () => {
    const { log } = sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-o', `IdentityFile=${key}-gone`]));
    const d = diagnose(log);
    expect(d.verdict).toBe('key-not-found');
    expect(d.findings[0].message.en).toContain(`${key}-gone`);
  });

  it('no key at all (IdentitiesOnly, no IdentityFile, no default key): no-key-offered', () => {
    const { log } = sshV(direct(single, ['-o', 'IdentitiesOnly=yes']));
    expect(diagnose(log).verdict).toBe('no-key-offered');
  });

  it('the wrong key: key-rejected; with the saved key as context, key-not-offered naming it', () => {
    const { log } = sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', other]));
    const plain = diagnose(log);
    expect(plain.verdict).toBe('key-rejected');
    expect(plain.hops[0].offered.map((k) => k.fingerprint)).toEqual([keyInfo(other).fingerprint]);
    const mine = keyInfo(key);
    const d = diagnose(log, { keys: [mine] });
    expect(d.verdict).toBe('key-not-offered');
    expect(d.findings[0].message.en).toContain(`Your key ${mine.name} (${mine.fingerprint})`);
    expect(d.findings[0].message.en).toContain(other);
    expect(d.findings[0].message.zh).toContain(mine.fingerprint);
  });

  it('a key offered that the machine lacks: key-rejected, and its Web Terminal one-liner makes the login work', () => {
    const { log } = sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', other]));
    const d = diagnose(log, { keys: [keyInfo(other)] });
    expect(d.verdict).toBe('key-rejected');
    const fix = d.findings[0].fix!;
    expect(fix.where).toBe('web-terminal');
    // run the one-liner "in the machine's terminal": a HOME whose authorized_keys the sshd reads
    const home = tempDir('doctor-home-');
    const server = run('sh', ['-c', fix.text], { env: { ...process.env, HOME: home } });
    expect(server.stdout).toContain('Key added');
    const authorized = readFileSync(join(home, '.ssh', 'authorized_keys'), 'utf8');
    writeFileSync(single.authorizedKeysFile, readFileSync(single.authorizedKeysFile, 'utf8') + authorized);
    expect(sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', other])).stdout).toBe('ok\n');
  });

  it('a private key with mode 0644 (ssh checks it even for root): key-permissions; chmod 600 from the fix logs in', () => {
    const loose = join(dir, 'loose');
    copyFileSync(key, loose);
    copyFileSync(key + '.pub', loose + '.pub');
    chmodSync(loose, 0o644);
    const { log } = sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', loose]));
    expect(log).toContain('UNPROTECTED PRIVATE KEY FILE');
    const d = diagnose(log);
    expect(d.verdict).toBe('key-permissions');
    expect(d.findings[0].message.en).toContain('0644');
    expect(d.findings[0].fix!.text).toBe(`chmod 600 ${loose}`);
    expect(run('sh', ['-c', d.findings[0].fix!.text]).status).toBe(0);
    expect(sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', loose])).stdout).toBe('ok\n');
  });

  it('the public key given as IdentityFile: key-format, the fix names the private key', () => {
    const { log } = sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', key + '.pub']));
    const d = diagnose(log);
    expect(d.verdict).toBe('key-format');
    expect(d.findings[0].fix!.text).toBe(`IdentityFile ${key}\n`);
  });

  it('a private key with CRLF line endings ("error in libcrypto"): key-format; the fix restores it', () => {
    const crlf = join(dir, 'crlf');
    writeFileSync(crlf, readFileSync(key, 'utf8').replace(/\n/g, '\r\n'), { mode: 0o600 });
    const { log } = sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', crlf]));
    expect(log).toContain('error in libcrypto');
    const d = diagnose(log);
    expect(d.verdict).toBe('key-format');
    expect(run('sh', ['-c', d.findings[0].fix!.text]).status).toBe(0);
    expect(sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', crlf])).stdout).toBe('ok\n');
  });

  it('a PuTTY .ppk as IdentityFile: key-format with the puttygen conversion', () => {
    const ppk = join(dir, 'putty.ppk');
    expect(run('puttygen', [key, '-O', 'private', '-o', ppk]).status).toBe(0);
    const { log } = sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', ppk]));
    const d = diagnose(log);
    expect(d.verdict).toBe('key-format');
    const fix = d.findings[0].fix!.text;
    expect(fix).toBe(`puttygen ${ppk} -O private-openssh -o ${ppk.replace(/\.ppk$/, '')}`);
  });

  it('a wrong passphrase through SSH_ASKPASS: passphrase', () => {
    const enc = join(dir, 'enc');
    expect(sshKeygen(['-q', '-t', 'ed25519', '-N', 'right', '-f', enc]).status).toBe(0);
    writeFileSync(single.authorizedKeysFile, readFileSync(single.authorizedKeysFile, 'utf8') + readFileSync(enc + '.pub', 'utf8'));
    const askpass = join(dir, 'askpass.sh');
    writeFileSync(askpass, '#!/bin/sh\necho wrong\n', { mode: 0o700 });
    const env = noAgentEnv({ SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' });
    const { log, status } = sshV(['-F', configFile(HOST_STAR.replace('BatchMode yes', 'BatchMode no')), '-o', 'NumberOfPasswordPrompts=1', '-o', 'IdentitiesOnly=yes', '-i', enc, '-p', String(single.port), `${user}@127.0.0.1`], env);
    expect(status).toBe(255);
    const d = diagnose(log);
    expect(d.verdict).toBe('passphrase');
    expect(d.findings[0].fix!.text).toBe(`ssh-keygen -y -f ${enc}`);
  });

  it('a DSA key: no-mutual-signature (OpenSSH no longer uses ssh-dss)', () => {
    const dsa = join(dir, 'dsa');
    expect(sshKeygen(['-q', '-t', 'dsa', '-N', '', '-f', dsa]).status).toBe(0);
    const { log } = sshV(direct(single, ['-o', 'IdentitiesOnly=yes', '-i', dsa]));
    const d = diagnose(log);
    expect(d.verdict).toBe('no-mutual-signature');
    expect(d.findings[0].fix!.text).toMatch(/^ssh-keygen -t ed25519/);
  });

  it('an agent holding many keys against MaxAuthTries 2: too-many-auth-failures; the keyed config logs in', () => {
    const agent = run('ssh-agent', ['-s']).stdout;
    const sock = /SSH_AUTH_SOCK=([^;]+)/.exec(agent)![1];
    const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(agent)![1]);
    try {
      const env = { ...noAgentEnv(), SSH_AUTH_SOCK: sock };
      for (let i = 0; i < 3; i++) {
        const k = join(dir, `agent${i}`);
        sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', k]);
        expect(run('ssh-add', [k], { env }).status).toBe(0);
      }
      expect(run('ssh-add', [key], { env }).status).toBe(0);
      const { log, status } = sshV(direct(single), env);
      expect(status).toBe(255);
      const d = diagnose(log, { identityFile: key });
      expect(d.verdict).toBe('too-many-auth-failures');
      const fix = d.findings[0].fix!;
      expect(fix.text).toContain('IdentitiesOnly yes');
      const alias = /ssh (\S+)$/.exec(fix.how.en)![1];
      const again = sshV(['-F', configFile(fix.text + HOST_STAR), alias], env);
      expect(again.stdout, again.log).toBe('ok\n');
    } finally {
      process.kill(pid);
    }
  });
});

describe('host keys', () => {
  it('a changed host key: host-key-changed with the known_hosts file and line; the ssh-keygen -R fix clears it', () => {
    const kh = join(dir, 'known_hosts');
    const stale = join(dir, 'stale_hostkey');
    sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', stale]);
    writeFileSync(kh, `# comment\n[127.0.0.1]:${single.port} ${readFileSync(stale + '.pub', 'utf8').split(' ').slice(0, 2).join(' ')}\n`);
    const args = ['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${kh}`, '-o', 'IdentitiesOnly=yes', '-i', key, '-p', String(single.port), `${user}@127.0.0.1`];
    const { log } = sshV(args);
    const d = diagnose(log);
    expect(d.verdict).toBe('host-key-changed');
    expect(d.findings[0].message.en).toContain(`${kh} (line 2)`);
    const fix = d.findings[0].fix!.text;
    expect(fix).toBe(`ssh-keygen -f ${kh} -R '[127.0.0.1]:${single.port}'`);
    expect(run('sh', ['-c', fix]).status).toBe(0);
    const again = sshV(args.map((a) => (a === 'StrictHostKeyChecking=yes' ? 'StrictHostKeyChecking=accept-new' : a)));
    expect(again.stdout, again.log).toBe('ok\n');
  });

  it('BatchMode with an unknown host: host-key-unverified', () => {
    const { log } = sshV(['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${join(dir, 'empty_known_hosts')}`, '-i', key, '-p', String(single.port), `${user}@127.0.0.1`]);
    const d = diagnose(log);
    expect(d.verdict).toBe('host-key-unverified');
    expect(d.findings[0].fix!.text).toBe(`ssh -o BatchMode=no -o StrictHostKeyChecking=ask -p ${single.port} ${user}@127.0.0.1 exit`);
  });
});

describe('the network and the config', () => {
  it('a closed port: connection-refused', async () => {
    const port = await new Promise<number>((resolve) => {
      const s: Server = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const { log } = sshV(['-F', '/dev/null', '-o', 'BatchMode=yes', '-p', String(port), '127.0.0.1']);
    const d = diagnose(log);
    expect(d.verdict).toBe('connection-refused');
    expect(d.findings[0].message.en).toContain(`port ${port}`);
  });

  it('a server that never answers: connection-timeout', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const { log } = sshV(['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=2', '-p', String((silent.address() as { port: number }).port), '127.0.0.1']);
      expect(diagnose(log).verdict).toBe('connection-timeout');
    } finally {
      silent.close();
    }
  });

  it('a name that does not resolve: dns', () => {
    const { log } = sshV(['-F', '/dev/null', '-o', 'BatchMode=yes', 'no-such-host.invalid']);
    const d = diagnose(log);
    expect(d.verdict).toBe('dns');
    expect(d.findings[0].message.en).toContain('no-such-host.invalid');
  });

  it('no common key exchange method: kex-failed', () => {
    const { log } = sshV(['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'KexAlgorithms=diffie-hellman-group1-sha1', '-p', String(single.port), '127.0.0.1']);
    const d = diagnose(log);
    expect(d.verdict).toBe('kex-failed');
    expect(d.findings[0].fix!.text).toMatch(/^Host 127\.0\.0\.1\n {4}KexAlgorithms \+\S+\n$/);
  });

  it('~/.ssh/config with mode 0666 (root too; a private home bind-mounted in its own mount namespace): config-permissions; chmod 600 fixes it', () => {
    const home = tempDir('doctor-pwhome-');
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    const cfg = join(home, '.ssh', 'config');
    writeFileSync(cfg, HOST_STAR);
    chmodSync(cfg, 0o666);
    // ssh reads ~/.ssh/config from the passwd home, not $HOME: mount the temp home over it
    const inHome = (cmd: string) => run('unshare', ['-m', '--propagation', 'private', 'sh', '-c', `mount --bind '${home}' '${userInfo().homedir}' && ${cmd}`], { env: noAgentEnv() });
    const r = inHome(`ssh -v -o IdentitiesOnly=yes -i '${key}' -p ${single.port} ${user}@127.0.0.1 echo ok`);
    expect(r.stderr).toContain('Bad owner or permissions');
    const d = diagnose(r.stderr);
    expect(d.verdict).toBe('config-permissions');
    expect(d.findings[0].hop).toBeNull();
    const fix = d.findings[0].fix!.text;
    expect(fix).toBe('chmod 600 ~/.ssh/config');
    const again = inHome(`${fix} && ssh -v -o IdentitiesOnly=yes -i '${key}' -p ${single.port} ${user}@127.0.0.1 echo ok`);
    expect(again.stdout, again.stderr).toBe('ok\n');
  });
});
