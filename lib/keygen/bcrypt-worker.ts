// The body of one bcrypt worker: computes the bcrypt_pbkdf output blocks it is asked for.
// Blocks are independent (only their counter differs), so two workers halve the wall time
// of the 48-byte key+IV that aes256-ctr needs, and the UI thread stays free meanwhile.
import { bcryptPbkdfBlocks, type BcryptPbkdfParams } from '../ssh/crypto/bcrypt-pbkdf';

export interface BcryptJob {
  id: number;
  params: BcryptPbkdfParams;
  counters: number[];
}

export type BcryptReply = { id: number; blocks: Uint8Array[] } | { id: number; error: string };

const scope = self as unknown as { onmessage: ((e: MessageEvent<BcryptJob>) => void) | null; postMessage(m: BcryptReply): void };

scope.onmessage = (e) => {
  const { id, params, counters } = e.data;
  try {
    scope.postMessage({ id, blocks: bcryptPbkdfBlocks(params, counters) });
  } catch (err) {
    scope.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
