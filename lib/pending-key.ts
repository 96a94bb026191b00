// The finished key whose files the user has not yet confirmed as saved. The action popup
// closes whenever focus leaves it (a save dialog, a click on the page), so a key made there
// must survive the popup — but a private key must never reach disk-backed storage. `session:`
// storage lives in memory only (gone when the browser quits).
//
// A click on a download button proves nothing: the user may cancel the Save dialog, or the
// download may fail (in Firefox the popup closes when the file chooser opens and its blob URL
// dies with it). So a download is only recorded, never taken as the end: the entry stays until
// the user confirms with Done (possible once the private key was downloaded at least once),
// discards it, or it is older than PENDING_TTL_MS.
import { storage } from '#imports';
import type { GeneratedKey } from './keygen/types';
import { deleteKeysNeverDownloaded, deleteSavedKey, markPrivateDownloaded } from './saved-keys';

export const PENDING_TTL_MS = 10 * 60 * 1000;

export type KeyFile = 'privateKey' | 'publicKey';
/** the private key again, as PuTTY's .ppk: a private file, counted like the private key download */
export type PrivateFile = KeyFile | 'ppk';

export interface PendingKey {
  key: GeneratedKey;
  /** file name stem (SavedKey.name) */
  name: string;
  /** the SavedKey made from the public half */
  savedId: string;
  createdAt: number;
  expiresAt: number;
  /** a download of this file was started at least once (not proof that the file exists) */
  downloaded: Record<KeyFile, boolean> & { ppk?: boolean };
}

export const pendingKey = storage.defineItem<PendingKey | null>('session:pendingKey', { fallback: null });

export function newPendingKey(key: GeneratedKey, name: string, savedId: string, now = Date.now()): PendingKey {
  return { key, name, savedId, createdAt: now, expiresAt: now + PENDING_TTL_MS, downloaded: { privateKey: false, publicKey: false } };
}

export function isExpired(p: PendingKey, now = Date.now()): boolean {
  return !(now < p.expiresAt);
}

/** The pending key with one more download recorded; it is kept either way. */
export function withDownload(p: PendingKey, file: PrivateFile): PendingKey {
  return { ...p, downloaded: { ...p.downloaded, [file]: true } };
}

/**
 * Done is offered only once the private key has left at least once (as the OpenSSH file or as
 * the .ppk, which holds the same key for PuTTY users): before that it would be a discard.
 */
export function canRelease(p: PendingKey): boolean {
  return p.downloaded.privateKey || p.downloaded.ppk === true;
}

// Every read-modify-write of the entry in this page runs one after the other, so two quick
// clicks cannot each read the old entry and the second write lose the first one's mark.
// (Only the popup writes marks; the background only ever removes the entry.)
let queue: Promise<unknown> = Promise.resolve();
function serially<T>(f: () => Promise<T>): Promise<T> {
  const r = queue.then(f, f);
  queue = r.catch(() => undefined);
  return r;
}

export async function storePendingKey(p: PendingKey): Promise<void> {
  await serially(() => pendingKey.setValue(p));
}

async function loadFresh(now: number): Promise<PendingKey | null> {
  const p = await pendingKey.getValue();
  if (!p) return null;
  if (isExpired(p, now)) {
    await drop(p);
    return null;
  }
  return p;
}

/** The pending key if it is still fresh; an expired one is removed on the way. */
export function loadPendingKey(now = Date.now()): Promise<PendingKey | null> {
  return serially(() => loadFresh(now));
}

/**
 * Records that a download of `file` was started, on the entry as stored now (not on a copy a
 * component holds). Returns the updated entry, or null when the key is no longer held
 * (expired, discarded or released meanwhile): then there is nothing to download.
 */
export function markDownloaded(file: PrivateFile, now = Date.now()): Promise<PendingKey | null> {
  return serially(async () => {
    const p = await loadFresh(now);
    if (!p) return null;
    const next = withDownload(p, file);
    await pendingKey.setValue(next);
    // the private key left (as the OpenSSH file or as the .ppk): the saved public half is usable
    if (canRelease(next)) await markPrivateDownloaded(p.savedId);
    return next;
  });
}

/**
 * Done: the user has both files. The private key leaves session storage; its public half stays
 * saved. Refused (false) while the private key was never downloaded, or when nothing is held.
 */
export function releasePendingKey(now = Date.now()): Promise<boolean> {
  return serially(async () => {
    const p = await loadFresh(now);
    if (!p || !canRelease(p)) return false;
    await pendingKey.removeValue();
    return true;
  });
}

export async function discardPendingKey(): Promise<void> {
  await serially(() => pendingKey.removeValue());
}

async function drop(p: PendingKey): Promise<void> {
  if (!canRelease(p)) await deleteSavedKey(p.savedId);
  await pendingKey.removeValue();
}

/**
 * Discarded or expired: the private key leaves memory, and a key whose private half was never
 * downloaded cannot be used, so its saved public half goes too (it must not be offered for
 * filling). Decided on the entry as stored now, so a download recorded since `p` was read counts.
 */
export function dropPendingKey(p: PendingKey): Promise<void> {
  return serially(async () => {
    // Another key may have taken its place meanwhile (a second popup); that one is left alone.
    const cur = await pendingKey.getValue();
    if (cur && cur.savedId === p.savedId) await drop(cur);
  });
}

/** For the background to call on a timer/alarm so an expired key does not wait for the next popup. */
export async function sweepPendingKey(now = Date.now()): Promise<void> {
  await loadPendingKey(now);
}

/**
 * At browser start (and extension install or update), when storage.session has been emptied: a
 * saved key whose private half was never downloaded has lost that half for good, so its public
 * half goes too. Before this change only the expiry alarm and Discard removed it, and a browser
 * quit left it among the saved keys. A key still pending (none at a real start) is kept.
 */
export function removeKeysWhosePrivateHalfIsGone(): Promise<void> {
  return serially(async () => {
    const p = await pendingKey.getValue();
    await deleteKeysNeverDownloaded(p?.savedId);
  });
}
