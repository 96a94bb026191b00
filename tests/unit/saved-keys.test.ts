// Saved public keys: the first becomes the default, deleting the default moves it, and only
// public facts are stored.
import { describe, it, expect, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { addSavedKey, deleteSavedKey, setDefaultKey } from '../../lib/saved-keys';
import { defaultKeyId, keysDefaultFirst, savedKeys } from '../../lib/storage';

const facts = (name: string) => ({ name, comment: 'c', type: 'ssh-ed25519', bits: 256, fingerprint: `SHA256:${name}`, publicKeyLine: `ssh-ed25519 AAAA ${name}` });

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
    expect(Object.keys(k).sort()).toEqual(['bits', 'comment', 'createdAt', 'fingerprint', 'id', 'name', 'publicKeyLine', 'type']);
  });
});
