// Saved public keys (storage.local through lib/storage.ts): adding, deleting, the default.
import { savedKeys, defaultKeyId, type SavedKey } from './storage';
import { checkPrivateKeyPath, inSshDir, isSshFileName, sanitizeKeyName } from './keyfiles';
import { keyError } from './ssh/errors';

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

/** The private key file the commands and configs for `key` name (`-i`, `IdentityFile`). */
export function identityFileOf(key: Pick<SavedKey, 'name' | 'privateKeyPath'>): string {
  return key.privateKeyPath || inSshDir(key.name);
}

/**
 * Renames a saved key and/or moves its private key path. Refused with a bilingual SshKeyError
 * when the name is empty, an ssh file's or taken, or the path is one ssh cannot read back.
 */
export async function updateSavedKey(id: string, change: { name?: string; privateKeyPath?: string }): Promise<SavedKey> {
  const keys = await savedKeys.getValue();
  const at = keys.findIndex((k) => k.id === id);
  if (at < 0) throw keyError('key-gone', 'This key is no longer saved (deleted in another window?).', '此密钥已不在保存列表中（可能已在另一个窗口中删除）。');
  const next = { ...keys[at] };
  if (change.name !== undefined) {
    const name = sanitizeKeyName(change.name);
    if (!name) throw keyError('bad-key-name', 'Give the key a name (letters, digits, . _ -).', '请为密钥命名（字母、数字、. _ -）。', 'name');
    if (isSshFileName(name)) throw keyError('bad-key-name', `“${name}” is the name of one of ssh’s own files; choose another name.`, `“${name}” 是 ssh 自用的文件名，请换一个名称。`, 'name');
    if (keys.some((k) => k.id !== id && k.name.toLowerCase() === name.toLowerCase())) throw keyError('bad-key-name', `A saved key is already called “${name}”.`, `已有名为 “${name}” 的已保存密钥。`, 'name');
    next.name = name;
  }
  if (change.privateKeyPath !== undefined) {
    const bad = checkPrivateKeyPath(change.privateKeyPath);
    if (bad) throw bad;
    next.privateKeyPath = change.privateKeyPath;
  }
  const all = [...keys];
  all[at] = next;
  await savedKeys.setValue(all);
  return next;
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
