// What the console's menus get from the background (lib/menu-data.ts): the keys they may offer
// (default first, never one whose private half was not downloaded, each with its private file)
// and the alias "My machines" gives a command's machine, the page's text checked again.
import { describe, it, expect, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addSavedKey, setDefaultKey } from '../../lib/saved-keys';
import { savedKeys } from '../../lib/storage';
import { recordMachine } from '../../lib/machine-store';
import { parseConnectCommand } from '../../lib/config';
import { menuDataFor } from '../../lib/menu-data';

const facts = (name: string, privateKeyPath = '') => ({ name, comment: 'c', type: 'ssh-ed25519', bits: 256, fingerprint: `SHA256:${name}`, publicKeyLine: `ssh-ed25519 AAAA ${name}`, privateKeyPath });
const ROW = 'ssh -p 41587 root@36.103.1.2';

describe('menu data for the console', () => {
  beforeEach(() => fakeBrowser.reset());

  it('the default key first, each with the file its private half is in; an undownloaded key is not offered', async () => {
    await addSavedKey(facts('infini_ed25519'), 1);
    const work = await addSavedKey(facts('work', 'C:\\Users\\me\\.ssh\\work'), 2);
    await setDefaultKey(work.id);
    await savedKeys.setValue([...(await savedKeys.getValue()), { ...facts('fresh'), id: 'f', createdAt: 3, privateNotDownloaded: true }]);
    const { keys, alias } = await menuDataFor({ type: 'menu-data' });
    expect(keys.map((k) => [k.name, k.identityFile])).toEqual([
      ['work', 'C:\\Users\\me\\.ssh\\work'],
      ['infini_ed25519', '~/.ssh/infini_ed25519'],
    ]);
    expect(alias).toBeUndefined();
  });

  it("a command's alias: the remembered machine's, else a new one from the page's name or address, unique among the records", async () => {
    expect((await menuDataFor({ type: 'menu-data', command: ROW })).alias).toBe('infini-36.103.1.2-41587');
    expect((await menuDataFor({ type: 'menu-data', command: ROW, name: 'my-dev' })).alias).toBe('infini-my-dev');
    const r = parseConnectCommand(ROW);
    if (!r.ok) throw new Error(r.error.en);
    // remembered under its address: the same alias comes back, with or without a name
    await recordMachine({ connection: r.connection });
    expect((await menuDataFor({ type: 'menu-data', command: ROW, name: 'my-dev' })).alias).toBe('infini-36.103.1.2-41587');
    // a machine of another kind under a name already taken: an alias of its own
    const gpu = parseConnectCommand('ssh -p 50000 root@10.0.0.1');
    if (!gpu.ok) throw new Error(gpu.error.en);
    await recordMachine({ connection: gpu.connection, name: 'gpu' });
    expect((await menuDataFor({ type: 'menu-data', command: 'ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp', name: 'gpu' })).alias).toBe('infini-gpu-2');
  });

  it("what the page gave is checked again: no alias for a text that is no command, too long, or on two lines; a name too long is left out", async () => {
    for (const command of ['rm -rf / #', `ssh -p 22 root@${'a'.repeat(300)}.com`, `${ROW}\nssh root@evil.example`, 42]) {
      expect(await menuDataFor({ type: 'menu-data', command })).toEqual({ keys: [] });
    }
    expect((await menuDataFor({ type: 'menu-data', command: ROW, name: 'x'.repeat(201) })).alias).toBe('infini-36.103.1.2-41587');
    expect(await menuDataFor(null)).toEqual({ keys: [] });
  });
});
