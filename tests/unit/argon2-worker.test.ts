// The Argon2 worker's bookkeeping with a stand-in worker (the real one runs in the built
// extension: tests/e2e/keys.test.ts, and in the benchmark): the bytes are Argon2's whatever the
// worker does, and a failing worker falls back to the same bytes on this thread. (The bytes
// themselves are checked by puttygen reading our .ppk v3 files: tests/interop/ppk.test.ts.)
import { describe, it, expect, afterEach } from 'vitest';
import { argon2, argon2Async, setArgon2Runner, type Argon2Params } from '../../lib/ssh/crypto/argon2';
import { createArgon2WorkerRunner } from '../../lib/keygen/argon2-workers';
import type { WorkerLike } from '../../lib/keygen/bcrypt-workers';
import type { Argon2Job } from '../../lib/keygen/argon2-worker';
import { toHex, utf8Encode } from '../../lib/ssh/encoding/bytes';

const params: Argon2Params = { flavour: 'Argon2id', memory: 64, passes: 2, parallelism: 1, salt: utf8Encode('sixteen byte slt'), length: 80 };
const pass = utf8Encode('密码 pass');

class StandIn extends EventTarget implements WorkerLike {
  jobs = 0;
  constructor(private fail?: 'error' | 'reply-error') {
    super();
  }
  postMessage(job: Argon2Job): void {
    this.jobs++;
    setTimeout(() => {
      if (this.fail === 'error') return void this.dispatchEvent(Object.assign(new Event('error'), { message: 'boom' }));
      const data = this.fail === 'reply-error' ? { id: job.id, error: 'out of memory' } : { id: job.id, out: argon2(job.password, job.params) };
      this.dispatchEvent(new MessageEvent('message', { data }));
    }, 5);
  }
  terminate(): void {}
}

afterEach(() => setArgon2Runner(undefined));

describe('Argon2 for .ppk v3', () => {
  it('the worker path gives the in-thread bytes; a failing worker falls back to them', async () => {
    const expected = toHex(argon2(pass, params));
    for (const fail of [undefined, 'error', 'reply-error'] as const) {
      const w = new StandIn(fail);
      const r = createArgon2WorkerRunner(() => w);
      setArgon2Runner(r.runner);
      expect(toHex(await argon2Async(pass, params)), String(fail)).toBe(expected);
      expect(w.jobs).toBe(1);
      expect(fail ? r.stats.inThread : r.stats.inWorker).toBe(1);
      // after a failure the worker is not used again
      if (fail) {
        expect(toHex(await argon2Async(pass, params))).toBe(expected);
        expect(w.jobs).toBe(1);
      }
    }
  });
});
