// Saved public keys (storage.local through lib/storage.ts): adding, deleting, the default.
import { savedKeys, defaultKeyId, type SavedKey } from './storage';

function newId(): string {
  return crypto.randomUUID();
}

export type PublicKeyFacts = Omit<SavedKey, 'id' | 'createdAt'>;

/** Saves a public key (never anything private) and makes it the default when there is none. */
export async function addSavedKey(facts: PublicKeyFacts, now = Date.now()): Promise<SavedKey> {
  const key: SavedKey = { id: newId(), createdAt: now, ...facts };
  const keys = await savedKeys.getValue();
  await savedKeys.setValue([...keys, key]);
  const def = await defaultKeyId.getValue();
  if (!def || !keys.some((k) => k.id === def)) await defaultKeyId.setValue(key.id);
  return key;
}

export async function deleteSavedKey(id: string): Promise<void> {
  const keys = (await savedKeys.getValue()).filter((k) => k.id !== id);
  await savedKeys.setValue(keys);
  // The default moves to the oldest remaining key so the console always has one to offer.
  if ((await defaultKeyId.getValue()) === id) await defaultKeyId.setValue(keys[0]?.id ?? null);
}

export async function setDefaultKey(id: string): Promise<void> {
  await defaultKeyId.setValue(id);
}

/** The type as in a public key line, from the key engine's short name. */
export function sshTypeOf(t: 'ed25519' | 'rsa'): string {
  return t === 'ed25519' ? 'ssh-ed25519' : 'ssh-rsa';
}

/** The private file of this (generated) key was downloaded: it is a usable key from now on. */
export async function markPrivateDownloaded(id: string): Promise<void> {
  const keys = await savedKeys.getValue();
  if (!keys.some((k) => k.id === id && k.privateNotDownloaded)) return;
  await savedKeys.setValue(keys.map((k) => (k.id === id ? (({ privateNotDownloaded: _, ...rest }) => rest)(k) : k)));
}

/** Removes every saved key whose private file was never downloaded, except `keepId`. */
export async function deleteKeysNeverDownloaded(keepId?: string): Promise<void> {
  for (const k of await savedKeys.getValue()) if (k.privateNotDownloaded && k.id !== keepId) await deleteSavedKey(k.id);
}
