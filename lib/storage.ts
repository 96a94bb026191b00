// Everything the extension persists, defined once. Public data only: no private key,
// passphrase or secret ever goes into storage.local or storage.sync.
import { storage } from '#imports';

export interface SavedKey {
  id: string;
  /** the file name stem the user chose (e.g. "infini_ed25519") */
  name: string;
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

export const savedKeys = storage.defineItem<SavedKey[]>('local:savedKeys', { fallback: [] });
export const defaultKeyId = storage.defineItem<string | null>('local:defaultKeyId', { fallback: null });

/**
 * The keys offered for filling, default first (the order the console's fill menu offers them):
 * a key whose private half never left this browser is not among them.
 */
export async function keysDefaultFirst(): Promise<SavedKey[]> {
  const [keys, def] = await Promise.all([savedKeys.getValue(), defaultKeyId.getValue()]);
  return keys.filter((k) => !k.privateNotDownloaded).sort((a, b) => Number(b.id === def) - Number(a.id === def));
}
