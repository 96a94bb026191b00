// The body of the Argon2 worker: one .ppk v3 key derivation per message, off the popup's thread.
import { argon2, type Argon2Params } from '../ssh/crypto/argon2';

export interface Argon2Job {
  id: number;
  password: Uint8Array;
  params: Argon2Params;
}

export type Argon2Reply = { id: number; out: Uint8Array } | { id: number; error: string };

const scope = self as unknown as { onmessage: ((e: MessageEvent<Argon2Job>) => void) | null; postMessage(m: Argon2Reply): void };

scope.onmessage = (e) => {
  const { id, password, params } = e.data;
  try {
    scope.postMessage({ id, out: argon2(password, params) });
  } catch (err) {
    scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
