// The managed "config for all" section as ssh and the shells read it: `ssh -G` gives back every
// alias as built (host, port, user, keys, the ProxyJump chain); the install command run by bash
// with a temporary HOME keeps a dated backup, every other byte, and changes nothing when run
// again; the CLI's `config --all FILE` prints the same section the builder does.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { run, tempDir } from '../helpers/openssh';
import { buildManagedSection, buildSshConfig, configInstallScript, parseConnectCommand, type Connection } from '../../lib/config';
import { managedMachines, rememberMachine, type MachineRecord } from '../../lib/machines';

function conn(cmd: string): Connection {
  const r = parseConnectCommand(cmd);
  if (!r.ok) throw new Error(r.error.en);
  return r.connection;
}

const LINES: [string | undefined, string][] = [
  ['my-dev', 'ssh -p 41587 root@36.103.1.2'],
  ['other-dev', 'ssh -p 41600 root@36.103.1.2'],
  ['aic', 'ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp'],
  ['inner', 'ssh -J ssh-jumper.cloud.infini-ai.com,root@aic-dbdz3pprd2g54crp -p 2222 root@172.27.0.5'],
  [undefined, 'ssh -J jane@bastion.example:2200,ops@10.0.0.1 root@10.0.0.9'],
];

function records(): MachineRecord[] {
  let recs: MachineRecord[] = [];
  LINES.forEach(([name, cmd], i) => (recs = rememberMachine(recs, { connection: conn(cmd), name, keyName: i % 2 ? 'infini_b' : 'infini_a' }, i, () => `m${i}`).records));
  return recs;
}

function sshG(configText: string, alias: string): Map<string, string[]> {
  const file = join(tempDir('cfg-'), 'config');
  writeFileSync(file, configText, { mode: 0o600 });
  const r = run('ssh', ['-G', '-F', file, alias]);
  expect(r.status, r.stderr).toBe(0);
  const m = new Map<string, string[]>();
  for (const line of r.stdout.split('\n')) {
    const k = line.indexOf(' ');
    if (k > 0) m.set(line.slice(0, k), [...(m.get(line.slice(0, k)) ?? []), line.slice(k + 1)]);
  }
  return m;
}

/** each Host block of the section as alias → its settings (lower-case keys, as ssh -G prints them) */
function blocks(section: string): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  let cur: Map<string, string[]> | undefined;
  for (const line of section.split('\n')) {
    const host = /^Host (\S+)$/.exec(line);
    if (host) out.set(host[1], (cur = new Map()));
    const kv = /^ {4}(\S+) (.*)$/.exec(line);
    if (kv && cur) cur.set(kv[1].toLowerCase(), [...(cur.get(kv[1].toLowerCase()) ?? []), kv[2]]);
  }
  return out;
}

describe('ssh -G reads the managed section back as built', () => {
  it('every alias: host, port, user, every IdentityFile, IdentitiesOnly and the ProxyJump chain', () => {
    const section = buildManagedSection(managedMachines(records()));
    const built = blocks(section);
    expect(built.size).toBe(LINES.length + 3); // + ssh-jumper, bastion, and ops@10.0.0.1 behind it
    for (const [alias, want] of built) {
      const g = sshG(section, alias);
      expect(g.get('hostname'), alias).toEqual(want.get('hostname'));
      expect(g.get('port'), alias).toEqual(want.get('port') ?? ['22']);
      if (want.has('user')) expect(g.get('user'), alias).toEqual(want.get('user'));
      expect(g.get('identityfile'), alias).toEqual(want.get('identityfile'));
      expect(g.get('identitiesonly'), alias).toEqual(['yes']);
      expect(g.get('proxyjump'), alias).toEqual(want.get('proxyjump'));
    }
    // the chain as ssh walks it: inner → aic → the jump host; ops → bastion
    expect(built.get('infini-inner')!.get('proxyjump')).toEqual(['infini-aic']);
    expect(built.get('infini-aic')!.get('proxyjump')).toEqual(['infini-jump']);
    expect(built.get('infini-jump')!.get('identityfile')).toEqual(['~/.ssh/infini_a', '~/.ssh/infini_b']);
  });
});

describe('the install command for the managed section, run by bash with a temporary HOME', () => {
  it('keeps a dated backup and every other byte, drops our older per-machine section, and run again changes nothing', () => {
    const home = tempDir('home-');
    mkdirSync(join(home, '.ssh'), { mode: 0o700 });
    const cfg = join(home, '.ssh', 'config');
    const oldDev = buildSshConfig({ connection: conn('ssh -p 40000 root@36.103.1.2'), identityFile: '~/.ssh/infini_a', alias: 'infini-my-dev' });
    const userTop = '# my settings\nInclude ~/.orbstack/ssh/config\n';
    const userHosts = 'Host work\n    HostName work.example\n    User me\n';
    const original = userTop + oldDev + '\n' + userHosts;
    writeFileSync(cfg, original, { mode: 0o600 });
    const section = buildManagedSection(managedMachines(records()));
    const script = configInstallScript({ shell: 'posix', configSnippet: section });
    const first = run('bash', ['-c', script], { env: { ...process.env, HOME: home } });
    expect(first.status, first.stderr).toBe(0);
    const merged = readFileSync(cfg, 'utf8');
    // our old section's lines went, the blank line after it (the user's now) stayed
    expect(merged).toBe(userTop + '\n' + section + '\n' + userHosts);
    const backups = readdirSync(join(home, '.ssh')).filter((f) => /^config\.bak-\d{14}$/.test(f));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(home, '.ssh', backups[0]), 'utf8')).toBe(original);
    const again = run('bash', ['-c', script], { env: { ...process.env, HOME: home } });
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(cfg, 'utf8')).toBe(merged);
  });
});

describe('cli config --all FILE', () => {
  it('prints the managed section the builder makes; a later line with a new port updates that machine', () => {
    const dir = tempDir('cli-');
    const file = join(dir, 'machines.txt');
    const text = LINES.map(([n, c]) => (n ? `${n}\t${c}` : c)).join('\n') + '\nmy-dev\tssh -p 43242 root@36.103.1.2\n';
    writeFileSync(file, text);
    const r = run('npx', ['tsx', 'bin/cli.ts', 'config', '--all', file, '--identity-file', '~/.ssh/infini_a'], { cwd: join(__dirname, '..', '..'), timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const recs = records().map((m) => (m.name === 'my-dev' ? { ...m, connection: { ...m.connection, port: 43242 } } : m));
    expect(r.stdout).toBe(buildManagedSection(managedMachines(recs.map((m) => ({ ...m, keyName: 'infini_a' })))));
    expect(r.stdout).not.toContain('41587');
    const j = run('npx', ['tsx', 'bin/cli.ts', 'config', '--command', 'ssh -J a@h1,b@h2 root@t', '--identity-file', '~/.ssh/k'], { cwd: join(__dirname, '..', '..'), timeout: 120_000 });
    expect(j.status, j.stderr).toBe(0);
    expect(j.stdout).toContain('Host infini-t-jump2\n');
    expect(j.stdout).toContain('    ProxyJump infini-t-jump1\n');
  });
});
