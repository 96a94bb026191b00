// The popup's side of the key worker (keygen-worker.ts). `generateKeyOffThread` has
// generateKey's contract, but the work happens in a Web Worker, so the first key of a fresh
// popup (noble's first-call set-up, forge, the self-test) never blocks the UI thread.
// `warmKeygen()` starts the worker early (after the first paint, or when the user reaches for
// the type chooser) so its script is parsed and its first-call set-up done before the click.
//
// The worker comes from Vite's `?worker` import for the reason bcrypt-workers.ts gives
// (wxt-dev/wxt#2032; MV3's `script-src 'self'`). Where no worker can start (no Worker, the
// script refused, a crash), the same generateKey runs in this thread from a lazily loaded chunk:
// slower to show progress, identical keys.
import { cancelledError, keyError } from '../ssh/errors';
import type { Progress } from './index';
import type { GenerateOptions, GeneratedKey } from './types';
import type { KeygenReply, KeygenRequest } from './keygen-worker';
import KeygenWorker from './keygen-worker.ts?worker';

type Pending = { resolve: (k: GeneratedKey) => void; reject: (e: unknown) => void; onProgress?: (p: Progress) => void };

let worker: Worker | undefined;
let broken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(why: string): void {
  broken = true;
  worker?.terminate();
  worker = undefined;
  for (const p of pending.values()) p.reject(new Error(why));
  pending.clear();
}

function start(): Worker | undefined {
  if (worker || broken) return worker;
  if (typeof Worker === 'undefined') {
    broken = true;
    return undefined;
  }
  try {
    worker = new KeygenWorker({ name: 'keygen' });
  } catch {
    broken = true;
    return undefined;
  }
  worker.addEventListener('message', (e: MessageEvent<KeygenReply>) => {
    const reply = e.data;
    const p = pending.get(reply.id);
    if (!p) return;
    if ('progress' in reply) return p.onProgress?.(reply.progress);
    pending.delete(reply.id);
    if ('key' in reply) return p.resolve(reply.key);
    const { code, en, zh, field } = reply.error;
    p.reject(code && zh !== undefined ? keyError(code, en, zh, field) : new Error(en));
  });
  worker.addEventListener('error', (e) => failAll(`key worker error: ${e.message || 'script failed to load'}`));
  worker.addEventListener('messageerror', () => failAll('key worker message could not be read'));
  return worker;
}

/** Starts the key worker and its first-call set-up, if not started yet. Cheap to call often. */
export function warmKeygen(): void {
  if (worker || broken) return;
  start()?.postMessage({ id: 0, warm: true } satisfies KeygenRequest);
}

type Hooks = { onProgress?: (p: Progress) => void; signal?: AbortSignal };

async function inThread(o: GenerateOptions, hooks: Hooks): Promise<GeneratedKey> {
  const { generateKey } = await import('./index');
  return generateKey(o, hooks);
}

/**
 * The user's Cancel: the key worker is terminated with everything it runs (its bcrypt workers
 * included), so no CPU keeps working on a key nobody will see; the next key gets a fresh worker.
 */
function cancelJob(id: number): void {
  const p = pending.get(id);
  if (!p) return;
  pending.delete(id);
  const others = [...pending.values()];
  pending.clear();
  worker?.terminate();
  worker = undefined;
  p.reject(cancelledError());
  for (const o of others) o.reject(cancelledError());
}

/** generateKey in the key worker (or in this thread where no worker can run). */
export async function generateKeyOffThread(o: GenerateOptions, hooks: Hooks = {}): Promise<GeneratedKey> {
  if (hooks.signal?.aborted) throw cancelledError();
  const w = start();
  if (!w) return inThread(o, hooks);
  const id = nextId++;
  const onAbort = () => cancelJob(id);
  hooks.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await new Promise<GeneratedKey>((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress: hooks.onProgress });
      w.postMessage({ id, options: o } satisfies KeygenRequest);
    });
  } catch (e) {
    // a worker that died (not a typed refusal of the options) leaves the job to this thread
    if (broken && !(e as { zh?: string }).zh) return inThread(o, hooks);
    throw e;
  } finally {
    hooks.signal?.removeEventListener('abort', onAbort);
  }
}
