// Saved public keys: the first becomes the default, deleting the default moves it, and only
// public facts are stored.
import { describe, it, expect, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addSavedKey, deleteSavedKey, identityFileOf, setDefaultKey, updateSavedKey } from '../../lib/saved-keys';
import { defaultKeyId, keysDefaultFirst, savedKeys } from '../../lib/storage';

const facts = (name: string) => ({ name, comment: 'c', type: 'ssh-ed25519', bits: 256, fingerprint: `SHA256:${name}`, publicKeyLine: `ssh-ed25519 AAAA ${name}`, privateKeyPath: `~/.ssh/${name}` });

describe('saved keys', () => {
  beforeEach(() => fakeBrowser.reset());

  it('makes the first key the default and keeps it when more are added', async () => {
    const a = await addSavedKey(facts('a'), 1);
    const b = await addSavedKey(facts('b'), 2);
    expect(await defaultKeyId.getValue()).toBe(a.id);
    expect((await savedKeys.getValue()).map((k) => k.name)).toEqual(['a', 'b']);
    await setDefaultKey(b.id);
    expect((await keysDefaultFirst()).map((k) => k.name)).toEqual(['b', 'a']);
  });

  it('moves the default to the oldest remaining key when the default is deleted', async () => {
    const a = await addSavedKey(facts('a'), 1);
    const b = await addSavedKey(facts('b'), 2);
    const c = await addSavedKey(facts('c'), 3);
    await setDefaultKey(b.id);
    await deleteSavedKey(b.id);
    expect(await defaultKeyId.getValue()).toBe(a.id);
    await deleteSavedKey(c.id);
    expect(await defaultKeyId.getValue()).toBe(a.id);
    await deleteSavedKey(a.id);
    expect(await defaultKeyId.getValue()).toBeNull();
    expect(await savedKeys.getValue()).toEqual([]);
  });

  it('a default pointing at a deleted key is replaced by the next key added', async () => {
    await defaultKeyId.setValue('gone');
    const a = await addSavedKey(facts('a'), 1);
    expect(await defaultKeyId.getValue()).toBe(a.id);
  });

  it('stores exactly the public facts', async () => {
    await addSavedKey(facts('a'), 1);
    const [k] = await savedKeys.getValue();
    expect(Object.keys(k).sort()).toEqual(['bits', 'comment', 'createdAt', 'fingerprint', 'id', 'name', 'privateKeyPath', 'publicKeyLine', 'type']);
  });

  it('renames a key and moves its private key path; refuses a path ssh cannot read back, a taken name, an ssh file name', async () => {
    const a = await addSavedKey(facts('a'), 1);
    await addSavedKey(facts('b'), 2);
    const moved = await updateSavedKey(a.id, { name: 'work laptop', privateKeyPath: 'C:\\Users\\李雷\\.ssh\\work' });
    expect(moved.name).toBe('work_laptop');
    expect(identityFileOf(moved)).toBe('C:\\Users\\李雷\\.ssh\\work');
    for (const [change, field] of [
      [{ privateKeyPath: '~/.ssh/"quoted"' }, 'privateKeyPath'],
      [{ privateKeyPath: '~/.ssh/${HOME}/k' }, 'privateKeyPath'],
      [{ privateKeyPath: '~/.ssh/k.pub' }, 'privateKeyPath'],
      [{ privateKeyPath: 'id_ed25519' }, 'privateKeyPath'],
      [{ name: 'B' }, 'name'],
      [{ name: 'config' }, 'name'],
    ] as const) {
      const err = await updateSavedKey(a.id, change).catch((e) => e);
      expect(err?.field, JSON.stringify(change)).toBe(field);
      expect(err.zh).toBeTruthy();
    }
    const [stored] = await savedKeys.getValue();
    expect(stored).toMatchObject({ name: 'work_laptop', privateKeyPath: 'C:\\Users\\李雷\\.ssh\\work' });
  });
});

describe('keys saved by an earlier version gain a private key path, once', () => {
  beforeEach(() => fakeBrowser.reset());

  it('v1 keys: named after their file keep ~/.ssh/<name>; named after their comment get the default file for their type', async () => {
    const v1 = [
      { id: '1', name: 'infini_ed25519', comment: 'infini-ai-2026-11-25', type: 'ssh-ed25519', bits: 256, fingerprint: 'SHA256:1', publicKeyLine: 'ssh-ed25519 AAAA1', createdAt: 1 },
      { id: '2', name: 'bar_laptop', comment: 'bar@laptop', type: 'ssh-ed25519', bits: 256, fingerprint: 'SHA256:2', publicKeyLine: 'ssh-ed25519 AAAA2 bar@laptop', createdAt: 2 },
      { id: '3', name: '3072-bit_RSA_converted_by_bar_laptop_from_OpenSSH', comment: '3072-bit RSA, converted by bar@laptop from OpenSSH', type: 'ssh-rsa', bits: 3072, fingerprint: 'SHA256:3', publicKeyLine: 'ssh-rsa AAAA3', createdAt: 3 },
      { id: '4', name: 'imported_key', comment: '', type: 'ecdsa-sha2-nistp256', bits: 256, fingerprint: 'SHA256:4', publicKeyLine: 'ecdsa-sha2-nistp256 AAAA4', createdAt: 4 },
      { id: '5', name: 'work', comment: 'jane@work', type: 'ssh-rsa', bits: 4096, fingerprint: 'SHA256:5', publicKeyLine: 'ssh-rsa AAAA5 jane@work', createdAt: 5 },
    ];
    // what version 1 left in storage.local: the list, and no version metadata
    await fakeBrowser.storage.local.set({ savedKeys: v1 });
    await savedKeys.migrate();
    const keys = await savedKeys.getValue();
    expect(keys.map((k) => [k.name, k.privateKeyPath])).toEqual([
      ['infini_ed25519', '~/.ssh/infini_ed25519'],
      ['bar_laptop', '~/.ssh/id_ed25519'],
      ['id_rsa', '~/.ssh/id_rsa'],
      ['imported_key', '~/.ssh/id_ecdsa'],
      ['work', '~/.ssh/work'],
    ]);
    // the comment stays the key's own
    expect(keys[2].comment).toBe('3072-bit RSA, converted by bar@laptop from OpenSSH');
    expect((await fakeBrowser.storage.local.get('savedKeys$')).savedKeys$).toEqual({ v: 2 });

    // once: a path the user set later is never reset by running the migration again
    await updateSavedKey('2', { privateKeyPath: '~/keys/bar' });
    await savedKeys.migrate();
    expect((await savedKeys.getValue())[1].privateKeyPath).toBe('~/keys/bar');
  });
});
