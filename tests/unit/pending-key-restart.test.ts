// A key made in the popup whose private file was never downloaded, when the browser quits before
// Done: storage.session (which held the private half) is gone at the next start, so the saved
// public half must go too, and until then it must not be offered for filling. Before the fix only
// the expiry alarm and Discard removed it; a quit left it saved and offered.
import { describe, it, expect, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { markDownloaded, newPendingKey, storePendingKey, removeKeysWhosePrivateHalfIsGone, pendingKey } from '../../lib/pending-key';
import type { GeneratedKey } from '../../lib/keygen/types';
import { addSavedKey } from '../../lib/saved-keys';
import { keysDefaultFirst, savedKeys } from '../../lib/storage';

const key: GeneratedKey = {
  type: 'ed25519',
  bits: 256,
  comment: 'c',
  publicKeyLine: 'ssh-ed25519 AAAA c',
  privateKeyPem: '-----BEGIN OPENSSH PRIVATE KEY-----\nx\n-----END OPENSSH PRIVATE KEY-----\n',
  fingerprint: 'SHA256:x',
  randomart: '+--+',
  encrypted: false,
};
const facts = (name: string) => ({ name, comment: 'c', type: 'ssh-ed25519', bits: 256, fingerprint: `SHA256:${name}`, publicKeyLine: `ssh-ed25519 AAAA ${name}` });
const names = async () => (await savedKeys.getValue()).map((k) => k.name);

/** What the popup does on Generate (components/popup/App.tsx onGenerated). */
async function generated(name: string) {
  const saved = await addSavedKey({ ...facts(name), privateNotDownloaded: true });
  await storePendingKey(newPendingKey(key, name, saved.id));
  return saved;
}

/**
 * A browser quit and start: session storage is emptied, then what the background runs on
 * runtime.onStartup / onInstalled (entrypoints/background.ts).
 */
async function restartBrowser(): Promise<void> {
  await fakeBrowser.storage.session.clear();
  await removeKeysWhosePrivateHalfIsGone();
}

describe('a key whose private half never left', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is not offered for filling while its private file was not downloaded, and is once it was', async () => {
    await addSavedKey(facts('old'));
    await generated('fresh');
    expect((await keysDefaultFirst()).map((k) => k.name)).toEqual(['old']);
    await markDownloaded('privateKey');
    expect((await keysDefaultFirst()).map((k) => k.name).sort()).toEqual(['fresh', 'old']);
    expect((await savedKeys.getValue()).find((k) => k.name === 'fresh')?.privateNotDownloaded).toBeUndefined();
  });

  it('is removed at the next browser start; downloaded and imported keys stay', async () => {
    await addSavedKey(facts('imported'));
    await generated('downloaded');
    await markDownloaded('privateKey');
    await generated('never-downloaded'); // replaces the pending entry, as a second key does
    await markDownloaded('publicKey'); // the public file alone does not make it usable
    expect(await names()).toEqual(['imported', 'downloaded', 'never-downloaded']);
    await restartBrowser();
    expect(await pendingKey.getValue()).toBeNull();
    await expect.poll(names).toEqual(['imported', 'downloaded']);
    expect((await keysDefaultFirst()).map((k) => k.name).sort()).toEqual(['downloaded', 'imported']);
  });

  it('a key still pending in this session is kept (an install or update while the popup holds it)', async () => {
    const orphan = await generated('orphan'); // its pending entry is replaced by the next key
    await generated('pending');
    await removeKeysWhosePrivateHalfIsGone();
    expect(await names()).toEqual(['pending']);
    expect(orphan.id).not.toBe((await pendingKey.getValue())?.savedId);
  });
});
