// Runs Argon2 (the .ppk v3 key derivation, about a second in pure JavaScript) in a Web Worker,
// so the popup stays responsive while a .ppk is written or read. One worker: Argon2 with one
// lane, as PuTTY writes, does not split. Same loading rules as lib/keygen/bcrypt-workers.ts
// (Vite's `?worker` import, not `new Worker(new URL(…))`, which WXT breaks), and the same
// fallback: any worker failure computes in-thread, which gives the same bytes.
import { argon2, setArgon2Runner, type Argon2Params, type Argon2Runner } from '../ssh/crypto/argon2';
import type { Argon2Job, Argon2Reply } from './argon2-worker';
import Argon2Worker from './argon2-worker.ts?worker';
import type { WorkerLike } from './bcrypt-workers';

export interface Argon2WorkerStats {
  runs: number;
  inWorker: number;
  inThread: number;
  lastError?: string;
}

export function createArgon2WorkerRunner(makeWorker: () => WorkerLike): { runner: Argon2Runner; stats: Argon2WorkerStats; dispose(): void } {
  const stats: Argon2WorkerStats = { runs: 0, inWorker: 0, inThread: 0 };
  let worker: WorkerLike | undefined;
  let broken = false;
  let nextId = 1;
  const pending = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();

  const fail = (why: string) => {
    stats.lastError = why;
    broken = true;
    for (const p of pending.values()) p.reject(new Error(why));
    pending.clear();
    worker?.terminate();
    worker = undefined;
  };

  const start = (): WorkerLike => {
    const w = makeWorker();
    w.addEventListener('message', (e: Event) => {
      const reply = (e as MessageEvent<Argon2Reply>).data;
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.out);
    });
    w.addEventListener('error', (e: Event) => fail(`argon2 worker error: ${(e as ErrorEvent).message || 'script failed to load'}`));
    w.addEventListener('messageerror', () => fail('argon2 worker message could not be read'));
    return w;
  };

  const inThread = (password: Uint8Array, p: Argon2Params) => {
    stats.inThread++;
    return argon2(password, p);
  };

  const runner: Argon2Runner = async (password, params) => {
    stats.runs++;
    if (broken) return inThread(password, params);
    try {
      worker ??= start();
      const w = worker;
      const id = nextId++;
      const out = await new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const job: Argon2Job = { id, password: password.slice(), params: { ...params, salt: params.salt.slice() } };
        w.postMessage(job);
      });
      stats.inWorker++;
      return out;
    } catch (e) {
      if (!broken) fail((e as Error).message);
      return inThread(password, params);
    }
  };
  return { runner, stats, dispose: () => fail('disposed') };
}

let installed: ReturnType<typeof createArgon2WorkerRunner> | undefined;

/** Makes Argon2 run in a Web Worker from now on. Idempotent; nothing where there is no Worker. */
export function installArgon2Worker(): void {
  if (installed || typeof Worker === 'undefined') return;
  installed = createArgon2WorkerRunner(() => new Argon2Worker({ name: 'argon2' }));
  setArgon2Runner(installed.runner);
}

export function argon2WorkerStats(): Readonly<Argon2WorkerStats> | undefined {
  return installed ? { ...installed.stats } : undefined;
}
