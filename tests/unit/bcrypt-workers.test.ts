// The worker pool's bookkeeping, with stand-in workers (the real Web Workers run in
// tests/e2e/engine-chromium.test.ts): blocks come back in counter order whatever order the
// workers answer in, and any worker failure falls back to the same bytes on this thread.
import { describe, it, expect, afterEach } from 'vitest';
import { bcryptPbkdf, bcryptPbkdfAsync, bcryptPbkdfBlocks, setBcryptBlockRunner } from '../../lib/ssh/crypto/bcrypt-pbkdf';
import { createBcryptWorkerRunner, installBcryptWorkers, bcryptWorkerStats, type WorkerLike } from '../../lib/keygen/bcrypt-workers';
import type { BcryptJob } from '../../lib/keygen/bcrypt-worker';
import { utf8Encode } from '../../lib/ssh/encoding/bytes';

const pass = utf8Encode('correct horse 电池');
const salt = utf8Encode('sixteen byte slt');

/** Answers like bcrypt-worker.ts, after `delayMs`, or fails in the way asked. */
class StandInWorker extends EventTarget implements WorkerLike {
  static made: StandInWorker[] = [];
  jobs: BcryptJob[] = [];
  terminated = false;
  constructor(private delayMs: number, private failWith?: 'error' | 'reply-error') {
    super();
    StandInWorker.made.push(this);
  }
  postMessage(job: BcryptJob): void {
    this.jobs.push(job);
    setTimeout(() => {
      if (this.terminated) return;
      if (this.failWith === 'error') {
        this.dispatchEvent(Object.assign(new Event('error'), { message: 'boom' }));
        return;
      }
      const data = this.failWith === 'reply-error' ? { id: job.id, error: 'out of memory' } : { id: job.id, blocks: bcryptPbkdfBlocks(job.params, job.counters) };
      this.dispatchEvent(new MessageEvent('message', { data }));
    }, this.delayMs);
  }
  terminate(): void {
    this.terminated = true;
  }
}

afterEach(() => {
  setBcryptBlockRunner(undefined);
  StandInWorker.made = [];
});

describe('bcrypt worker pool', () => {
  it('splits the two blocks over two workers and assembles the same key, whichever answers first', async () => {
    const expected = bcryptPbkdf(pass, salt, 2, 48);
    const delays = [30, 1]; // the first worker answers last
    const pool = createBcryptWorkerRunner(() => new StandInWorker(delays[StandInWorker.made.length]));
    setBcryptBlockRunner(pool.runner);
    expect(StandInWorker.made).toHaveLength(0); // lazily: no worker before the first passphrase
    expect(await bcryptPbkdfAsync(pass, salt, 2, 48)).toEqual(expected);
    expect(StandInWorker.made.map((w) => w.jobs.map((j) => j.counters))).toEqual([[[1]], [[2]]]);
    // a second key reuses the pool
    expect(await bcryptPbkdfAsync(pass, salt, 2, 48)).toEqual(expected);
    expect(StandInWorker.made).toHaveLength(2);
    expect(pool.stats).toMatchObject({ runs: 2, workersStarted: 2, blocksInWorkers: 4, blocksInThread: 0 });
    expect(pool.stats.lastError).toBeUndefined();
  });

  it('deals more blocks than workers round-robin (a 100-byte key: 4 blocks)', async () => {
    const pool = createBcryptWorkerRunner(() => new StandInWorker(1));
    setBcryptBlockRunner(pool.runner);
    expect(await bcryptPbkdfAsync(pass, salt, 1, 100)).toEqual(bcryptPbkdf(pass, salt, 1, 100));
    expect(StandInWorker.made.map((w) => w.jobs[0].counters)).toEqual([[1, 3], [2, 4]]);
  });

  for (const failure of ['error', 'reply-error'] as const) {
    it(`falls back to this thread with the same bytes when a worker fails (${failure}), and stops using the pool`, async () => {
      const expected = bcryptPbkdf(pass, salt, 2, 48);
      const pool = createBcryptWorkerRunner(() => new StandInWorker(1, failure));
      setBcryptBlockRunner(pool.runner);
      expect(await bcryptPbkdfAsync(pass, salt, 2, 48)).toEqual(expected);
      expect(pool.stats.lastError).toMatch(failure === 'error' ? /boom/ : /out of memory/);
      expect(StandInWorker.made.every((w) => w.terminated)).toBe(true);
      expect(await bcryptPbkdfAsync(pass, salt, 2, 48)).toEqual(expected);
      expect(StandInWorker.made).toHaveLength(2); // no new workers after a failure
      expect(pool.stats).toMatchObject({ runs: 2, blocksInWorkers: 0, blocksInThread: 4 });
    });
  }

  it('falls back when a worker cannot even be created (e.g. refused by the page)', async () => {
    const pool = createBcryptWorkerRunner(() => {
      throw new DOMException('refused', 'SecurityError');
    });
    setBcryptBlockRunner(pool.runner);
    expect(await bcryptPbkdfAsync(pass, salt, 2, 48)).toEqual(bcryptPbkdf(pass, salt, 2, 48));
    expect(pool.stats.lastError).toMatch(/could not start: refused/);
  });

  it('installBcryptWorkers does nothing where there is no Worker (Node): the in-thread path stays', async () => {
    expect(typeof (globalThis as { Worker?: unknown }).Worker).toBe('undefined');
    installBcryptWorkers();
    installBcryptWorkers();
    expect(bcryptWorkerStats()).toBeUndefined();
    expect(await bcryptPbkdfAsync(pass, salt, 1, 48)).toEqual(bcryptPbkdf(pass, salt, 1, 48));
  });
});
