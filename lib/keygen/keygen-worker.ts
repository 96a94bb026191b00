// The body of the key worker: the whole of generateKey (key, OpenSSH and PKCS#1 files,
// passphrase encryption, self-test) runs here, off the popup's UI thread. The popup only shows
// progress. The finished key, private half included, comes back in one message: worker and
// popup are both extension contexts, and nothing is written anywhere on the way.
import { generateKey, type Progress } from './index';
import { installBcryptWorkers } from './bcrypt-workers';
import type { GenerateOptions, GeneratedKey } from './types';
import { isSshKeyError } from '../ssh/errors';

export type KeygenRequest = { id: number; options: GenerateOptions } | { id: 0; warm: true };

export type KeygenReply =
  | { id: number; progress: Progress }
  | { id: number; key: GeneratedKey }
  | { id: number; error: { code?: string; en: string; zh?: string; field?: string } };

const scope = self as unknown as { onmessage: ((e: MessageEvent<KeygenRequest>) => void) | null; postMessage(m: KeygenReply): void };

// bcrypt_pbkdf's two blocks still go to two (nested) workers, side by side.
installBcryptWorkers();

scope.onmessage = async (e) => {
  const req = e.data;
  if ('warm' in req) {
    // First-call set-up (noble's precomputed tables, JIT) before the user's first key.
    await generateKey({ type: 'ed25519', comment: '' }).catch(() => undefined);
    return;
  }
  const { id, options } = req;
  try {
    const key = await generateKey(options, { onProgress: (progress) => scope.postMessage({ id, progress }) });
    scope.postMessage({ id, key });
  } catch (err) {
    // SshKeyError is an Error with extra fields; structured clone keeps only message and name,
    // so its two languages travel as plain data and are rebuilt on the popup side.
    const error = isSshKeyError(err) ? { code: err.code, en: err.en, zh: err.zh, field: err.field } : { en: err instanceof Error ? err.message : String(err) };
    scope.postMessage({ id, error });
  }
};
