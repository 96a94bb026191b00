// The finished-but-not-downloaded key lives in session storage only, expires, and is
// dropped once both files are out.
import { describe, it, expect, beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterDownload, discardPendingKey, loadPendingKey, markDownloaded, newPendingKey, PENDING_TTL_MS, storePendingKey, sweepPendingKey } from '../../lib/pending-key';
import type { GeneratedKey } from '../../lib/keygen/types';
import { addSavedKey } from '../../lib/saved-keys';
import { savedKeys } from '../../lib/storage';

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

async function everything(area: 'local' | 'sync' | 'session') {
  return JSON.stringify(await fakeBrowser.storage[area].get(null));
}

describe('pending key', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is kept in session storage only, never local or sync', async () => {
    await storePendingKey(newPendingKey(key, 'k', 'id1', 1000));
    expect(await everything('session')).toContain('PRIVATE KEY');
    expect(await everything('local')).not.toContain('PRIVATE KEY');
    expect(await everything('sync')).not.toContain('PRIVATE KEY');
  });

  it('is gone after both downloads, in either order', async () => {
    await storePendingKey(newPendingKey(key, 'k', 'id1', 1000));
    const after1 = await markDownloaded('publicKey', 2000);
    expect(after1?.downloaded).toEqual({ privateKey: false, publicKey: true });
    expect((await loadPendingKey(3000))?.downloaded.publicKey).toBe(true);
    expect(await markDownloaded('privateKey', 4000)).toBeNull();
    expect(await loadPendingKey(5000)).toBeNull();
    expect(await everything('session')).not.toContain('PRIVATE KEY');
  });

  it('a repeated download of the same file does not release the key', () => {
    const p = newPendingKey(key, 'k', 'id1', 0);
    const once = afterDownload(p, 'privateKey')!;
    expect(afterDownload(once, 'privateKey')).not.toBeNull();
    expect(afterDownload(once, 'publicKey')).toBeNull();
  });

  it('expires after ten minutes and is removed when read or swept', async () => {
    await storePendingKey(newPendingKey(key, 'k', 'id1', 0));
    expect(await loadPendingKey(PENDING_TTL_MS - 1)).not.toBeNull();
    expect(await loadPendingKey(PENDING_TTL_MS)).toBeNull();
    expect(await everything('session')).not.toContain('PRIVATE KEY');

    await storePendingKey(newPendingKey(key, 'k', 'id1', 0));
    await sweepPendingKey(PENDING_TTL_MS + 1);
    expect(await everything('session')).not.toContain('PRIVATE KEY');
  });

  it('is removed on discard', async () => {
    await storePendingKey(newPendingKey(key, 'k', 'id1', Date.now()));
    await discardPendingKey();
    expect(await loadPendingKey()).toBeNull();
  });

  it('on expiry, a key whose private half never left takes its saved public half with it', async () => {
    const facts = { name: 'k', comment: 'c', type: 'ssh-ed25519', bits: 256, fingerprint: 'SHA256:x', publicKeyLine: key.publicKeyLine };
    const lost = await addSavedKey(facts);
    const kept = await addSavedKey({ ...facts, name: 'k2' });
    await storePendingKey(newPendingKey(key, 'k', lost.id, 0));
    await sweepPendingKey(PENDING_TTL_MS);
    expect((await savedKeys.getValue()).map((k) => k.id)).toEqual([kept.id]);
    // downloaded private half: the public half stays usable and stays saved
    await storePendingKey({ ...newPendingKey(key, 'k2', kept.id, 0), downloaded: { privateKey: true, publicKey: false } });
    await sweepPendingKey(PENDING_TTL_MS);
    expect((await savedKeys.getValue()).map((k) => k.id)).toEqual([kept.id]);
    expect(await everything('session')).not.toContain('PRIVATE KEY');
  });
});
