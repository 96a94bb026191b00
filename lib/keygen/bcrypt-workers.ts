// Runs bcrypt_pbkdf's output blocks in Web Workers. Passphrase encryption costs two
// 32-byte blocks (aes256-ctr key + IV = 48 bytes), each about 60 ms at 16 rounds; in two
// workers they run side by side and the popup's UI thread never blocks on them.
//
// One call, `installBcryptWorkers()`, is all a page needs: it registers the runner with
// lib/ssh/crypto/bcrypt-pbkdf.ts, and the workers start only when a passphrase is first used.
// Anything that goes wrong with workers (no Worker in this context, the script refused,
// a worker crashing) falls back to the in-thread computation, which gives the same bytes.
//
// The worker comes from Vite's `?worker` import: Vite bundles it as a separate file served
// from the extension's own origin, so it loads under an MV3 `script-src 'self'` policy (no
// blob: or data: URLs, which that policy refuses). Not `new Worker(new URL('./x.ts',
// import.meta.url))`: WXT defines `import.meta.url` as `self.location.href` before Vite's
// worker plugin sees it, so that form is left unbundled and the worker file is missing
// from the build (wxt-dev/wxt#2032).
import { bcryptPbkdfBlocks, setBcryptBlockRunner, type BcryptPbkdfParams, type BlockRunner } from '../ssh/crypto/bcrypt-pbkdf';
import { cancelledError } from '../ssh/errors';
import type { BcryptJob, BcryptReply } from './bcrypt-worker';
import BcryptWorker from './bcrypt-worker.ts?worker';

/** Two blocks per key, so two workers; more would sit idle. */
const POOL_SIZE = 2;

export interface BcryptWorkerStats {
  /** runner calls (one per passphrase encryption or decryption) */
  runs: number;
  /** workers created so far */
  workersStarted: number;
  /** blocks computed in workers */
  blocksInWorkers: number;
  /** blocks computed on the calling thread after a worker failure */
  blocksInThread: number;
  /** the last worker failure, if any (after one, the pool is no longer used) */
  lastError?: string;
  /** workers terminated because the user cancelled (a new pool starts with the next run) */
  workersCancelled: number;
}

/** What the runner needs of a Worker (a test may pass a stand-in). */
export type WorkerLike = Pick<Worker, 'postMessage' | 'terminate' | 'addEventListener'>;

interface Slot {
  worker: WorkerLike;
  pending: Map<number, { resolve: (b: Uint8Array[]) => void; reject: (e: Error) => void }>;
}

export interface BcryptWorkerRunner {
  runner: BlockRunner;
  stats: BcryptWorkerStats;
  /** terminates the workers; later runs compute in-thread */
  dispose(): void;
}

/** A block runner over a lazily started pool of `poolSize` workers made by `makeWorker`. */
export function createBcryptWorkerRunner(makeWorker: () => WorkerLike, poolSize = POOL_SIZE): BcryptWorkerRunner {
  const stats: BcryptWorkerStats = { runs: 0, workersStarted: 0, blocksInWorkers: 0, blocksInThread: 0, workersCancelled: 0 };
  let slots: Slot[] | undefined;
  let broken = false;
  let nextId = 1;

  const fail = (why: string) => {
    stats.lastError = why;
    broken = true;
    for (const s of slots ?? []) {
      for (const p of s.pending.values()) p.reject(new Error(why));
      s.pending.clear();
      s.worker.terminate();
    }
    slots = undefined;
  };

  // Cancel: a worker deep in 2^20 bcrypt rounds answers nothing until it is done, so the only way
  // to stop it is to terminate it. Every job of the pool is rejected; the next run starts fresh
  // workers (not a failure: the pool stays in use).
  const cancel = () => {
    for (const s of slots ?? []) {
      for (const p of s.pending.values()) p.reject(cancelledError());
      s.pending.clear();
      s.worker.terminate();
      stats.workersCancelled++;
    }
    slots = undefined;
  };

  const start = (): Slot[] => {
    const made: Slot[] = [];
    for (let i = 0; i < poolSize; i++) {
      const slot: Slot = { worker: makeWorker(), pending: new Map() };
      stats.workersStarted++;
      slot.worker.addEventListener('message', (e: Event) => {
        const reply = (e as MessageEvent<BcryptReply>).data;
        const p = slot.pending.get(reply.id);
        if (!p) return;
        slot.pending.delete(reply.id);
        if ('error' in reply) p.reject(new Error(reply.error));
        else p.resolve(reply.blocks);
      });
      // A script the page may not load (CSP, missing file) or a crash arrives here.
      slot.worker.addEventListener('error', (e: Event) => fail(`bcrypt worker error: ${(e as ErrorEvent).message || 'script failed to load'}`));
      slot.worker.addEventListener('messageerror', () => fail('bcrypt worker message could not be read'));
      made.push(slot);
    }
    return made;
  };

  const inThread = (params: BcryptPbkdfParams, counters: number[]): Uint8Array[] => {
    stats.blocksInThread += counters.length;
    return bcryptPbkdfBlocks(params, counters);
  };

  const runner: BlockRunner = async (params, counters, signal) => {
    stats.runs++;
    if (signal?.aborted) throw cancelledError();
    if (broken) return inThread(params, counters);
    try {
      slots ??= start();
    } catch (e) {
      fail(`bcrypt worker could not start: ${(e as Error).message}`);
      return inThread(params, counters);
    }
    const pool = slots;
    const onAbort = () => cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    // Deal the counters out round-robin: with two blocks and two workers, one each.
    const shares: number[][] = pool.map(() => []);
    counters.forEach((c, i) => shares[i % pool.length].push(c));
    try {
      const results = await Promise.all(
        shares.map((share, w) => {
          if (share.length === 0) return Promise.resolve([] as Uint8Array[]);
          const id = nextId++;
          return new Promise<Uint8Array[]>((resolve, reject) => {
            pool[w].pending.set(id, { resolve, reject });
            const job: BcryptJob = { id, params: { ...params }, counters: share };
            pool[w].worker.postMessage(job);
          });
        }),
      );
      const byCounter = new Map<number, Uint8Array>();
      shares.forEach((share, w) => share.forEach((c, i) => byCounter.set(c, results[w][i])));
      stats.blocksInWorkers += counters.length;
      return counters.map((c) => byCounter.get(c)!);
    } catch (e) {
      if (signal?.aborted) throw cancelledError();
      // another run's Cancel stopped the workers this run was waiting on: run again on new ones
      if ((e as { code?: string }).code === 'cancelled') return runner(params, counters, signal);
      if (!broken) fail((e as Error).message);
      return inThread(params, counters);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  };

  return { runner, stats, dispose: () => fail('disposed') };
}

let installed: BcryptWorkerRunner | undefined;

/**
 * Makes passphrase encryption and decryption use Web Workers from now on. Idempotent;
 * does nothing where there is no Worker (Node, some service workers): those keep the
 * in-thread path.
 */
export function installBcryptWorkers(): void {
  if (installed || typeof Worker === 'undefined') return;
  installed = createBcryptWorkerRunner(() => new BcryptWorker({ name: 'bcrypt_pbkdf' }));
  setBcryptBlockRunner(installed.runner);
}

/** The installed pool's counters (undefined before `installBcryptWorkers` took effect). */
export function bcryptWorkerStats(): Readonly<BcryptWorkerStats> | undefined {
  return installed ? { ...installed.stats } : undefined;
}
