// The finished-but-not-yet-downloaded key. The action popup closes whenever focus leaves it
// (a save dialog, a click on the page), so a key made there must survive the popup — but a
// private key must never reach disk-backed storage. `session:` storage lives in memory only
// (gone when the browser quits), and the entry is dropped as soon as both files are
// downloaded, when the user discards it, or once it is older than PENDING_TTL_MS.
import { storage } from '#imports';
import type { GeneratedKey } from './keygen/types';
import { deleteSavedKey } from './saved-keys';

export const PENDING_TTL_MS = 10 * 60 * 1000;

export type KeyFile = 'privateKey' | 'publicKey';

export interface PendingKey {
  key: GeneratedKey;
  /** file name stem (SavedKey.name) */
  name: string;
  /** the SavedKey made from the public half */
  savedId: string;
  createdAt: number;
  expiresAt: number;
  downloaded: Record<KeyFile, boolean>;
}

export const pendingKey = storage.defineItem<PendingKey | null>('session:pendingKey', { fallback: null });

export function newPendingKey(key: GeneratedKey, name: string, savedId: string, now = Date.now()): PendingKey {
  return { key, name, savedId, createdAt: now, expiresAt: now + PENDING_TTL_MS, downloaded: { privateKey: false, publicKey: false } };
}

export function isExpired(p: PendingKey, now = Date.now()): boolean {
  return !(now < p.expiresAt);
}

/** The pending key after one more download, or null when nothing secret is left to keep. */
export function afterDownload(p: PendingKey, file: KeyFile): PendingKey | null {
  const downloaded = { ...p.downloaded, [file]: true };
  return downloaded.privateKey && downloaded.publicKey ? null : { ...p, downloaded };
}

export async function storePendingKey(p: PendingKey): Promise<void> {
  await pendingKey.setValue(p);
}

/** The pending key if it is still fresh; an expired one is removed on the way. */
export async function loadPendingKey(now = Date.now()): Promise<PendingKey | null> {
  const p = await pendingKey.getValue();
  if (!p) return null;
  if (isExpired(p, now)) {
    await dropPendingKey(p);
    return null;
  }
  return p;
}

/** Records a download; removes the entry when both files are out. Returns what remains. */
export async function markDownloaded(file: KeyFile, now = Date.now()): Promise<PendingKey | null> {
  const p = await loadPendingKey(now);
  if (!p) return null;
  const next = afterDownload(p, file);
  if (next) await pendingKey.setValue(next);
  else await pendingKey.removeValue();
  return next;
}

export async function discardPendingKey(): Promise<void> {
  await pendingKey.removeValue();
}

/**
 * Discarded or expired: the private key leaves memory, and a key whose private half was never
 * downloaded cannot be used, so its saved public half goes too (it must not be offered for filling).
 */
export async function dropPendingKey(p: PendingKey): Promise<void> {
  if (!p.downloaded.privateKey) await deleteSavedKey(p.savedId);
  await pendingKey.removeValue();
}

/** For the background to call on a timer/alarm so an expired key does not wait for the next popup. */
export async function sweepPendingKey(now = Date.now()): Promise<void> {
  await loadPendingKey(now);
}
