// Everything the extension persists, defined once. Public data only: no private key,
// passphrase or secret ever goes into storage.local or storage.sync.
import { storage } from '#imports';
import { migrateKeysToPaths } from './keyfiles';

export interface SavedKey {
  id: string;
  /** a short name the user knows it by (a generated key's download file name, e.g. "infini_ed25519") */
  name: string;
  /**
   * where its private half is on the user's computer (`~/.ssh/id_ed25519`, `C:\\Users\\me\\.ssh\\work`):
   * the file every command, config, VS Code link and setup script names (lib/keyfiles.ts)
   */
  privateKeyPath: string;
  comment: string;
  /** key type as in the public key line, e.g. "ssh-ed25519", "ssh-rsa" */
  type: string;
  bits: number;
  /** SHA256:… */
  fingerprint: string;
  /** canonical OpenSSH public key line */
  publicKeyLine: string;
  /** epoch milliseconds */
  createdAt: number;
  /**
   * Made here and its private file not downloaded yet: the key cannot be used, so it is not
   * offered for filling, and it is removed at the next browser start if that never happens
   * (storage.session, which held the private half, is gone by then). Absent once downloaded.
   */
  privateNotDownloaded?: true;
}

// v2: every key carries privateKeyPath (keys saved by v1 gain one, once: migrateKeysToPaths)
export const savedKeys = storage.defineItem<SavedKey[]>('local:savedKeys', {
  fallback: [],
  version: 2,
  migrations: { 2: (keys: SavedKey[] | null) => (Array.isArray(keys) ? migrateKeysToPaths(keys) : keys) },
});
export const defaultKeyId = storage.defineItem<string | null>('local:defaultKeyId', { fallback: null });

/**
 * The keys offered for filling, default first (the order the console's fill menu offers them):
 * a key whose private half never left this browser is not among them.
 */
export async function keysDefaultFirst(): Promise<SavedKey[]> {
  const [keys, def] = await Promise.all([savedKeys.getValue(), defaultKeyId.getValue()]);
  return keys.filter((k) => !k.privateNotDownloaded).sort((a, b) => Number(b.id === def) - Number(a.id === def));
}

/**
 * "My machines" (lib/machines.ts): public data only (addresses, user names, jump chains, a saved
 * key's file name, times), in storage.local and never synced.
 */
export const machineRecords = storage.defineItem<import('./machines').MachineRecord[]>('local:machines', { fallback: [] });
/** Remember a machine when its connect command is shown, not only when its actions are used (on unless the user turns it off). */
export const rememberShownCommands = storage.defineItem<boolean>('local:rememberShownCommands', { fallback: true });
