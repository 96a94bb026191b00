// Argon2 (RFC 9106) for PuTTY's .ppk v3 files: the key, IV and MAC key of a passphrase-
// protected .ppk come from Argon2id (or Argon2i/Argon2d, which PuTTY also reads) of the
// passphrase.
//
// Which implementation: `@noble/hashes` argon2 (pure JavaScript, already a dependency for
// SHA-2), not a WebAssembly build such as npm `hash-wasm`. Measured in the real Chromium 156
// on this project's 2-core machine (load average about 2), puttygen's own parameters
// (8192 KiB, 1 lane, 80 bytes out), three runs each:
//   1 pass:   noble 104–195 ms, hash-wasm 43–95 ms
//   8 passes: noble 302–482 ms, hash-wasm 109–126 ms
//   21 passes (what puttygen 0.78 picks here): noble 718–1392 ms, hash-wasm 371–660 ms;
//             native puttygen writing the whole file: 220 ms
// so WebAssembly is 2–3.5× faster here (not the 9× once quoted), and it would cost every
// extension page `'wasm-unsafe-eval'` in its CSP (any script there could then compile
// WebAssembly) plus a dependency. The difference is well under 2 s, paid once per .ppk
// and run in a worker (lib/keygen/argon2-workers.ts), so the popup never freezes: noble.
// `npm run bench` (BENCH_SCALE=0.3, load average about 20 on 2 cores) put ours in the worker at
// 2.4× puttygen's time for the same Argon2id (8192 KiB × 21), the whole .ppk export at 4.7×.
//
// A .ppk from elsewhere names its own cost. Argon2 allocates `memory` KiB and runs `passes`
// over it on the user's machine, so what a hostile file may ask for is capped (ARGON2_LIMITS).
import { argon2d, argon2i, argon2id } from '@noble/hashes/argon2.js';
import type { Bytes } from '../encoding/bytes';
import { keyError } from '../errors';

export type Argon2Flavour = 'Argon2id' | 'Argon2i' | 'Argon2d';

export interface Argon2Params {
  flavour: Argon2Flavour;
  /** KiB */
  memory: number;
  passes: number;
  parallelism: number;
  salt: Uint8Array;
  /** output bytes */
  length: number;
}

/**
 * What we accept from a file: 1 GiB is already past what a browser tab may allocate; puttygen
 * writes 8 MiB by default. Passes: puttygen picks about 20 for 100 ms natively; 1000 passes over
 * the default memory is minutes of work for us. Parallelism: puttygen writes 1.
 */
export const ARGON2_LIMITS = { maxMemoryKiB: 1 << 20, maxPasses: 1000, maxParallelism: 64, maxWorkKiB: 64 * 1024 * 1000 } as const;

/** PuTTY 0.78's defaults (8 MiB, 1 lane) with the passes its 100 ms calibration picks on our test machine. */
export const PPK_ARGON2_DEFAULTS = { flavour: 'Argon2id', memory: 8192, passes: 21, parallelism: 1 } as const;

function tooCostly(what: string, value: number, max: number, zhWhat: string): never {
  throw keyError(
    'ppk-argon2-too-costly',
    `This .ppk file asks for Argon2 ${what} ${value}, more than the ${max} this tool accepts (puttygen writes far less): the file is damaged or made to stall the browser. Re-save it in PuTTYgen.`,
    `此 .ppk 文件要求的 Argon2 ${zhWhat}为 ${value}，超过本工具接受的上限 ${max}（puttygen 写入的远小于此）：文件已损坏或意在拖垮浏览器。请在 PuTTYgen 中重新保存。`,
    'kdf',
  );
}

/** Refuses parameters no honest .ppk carries, before any memory is allocated. */
export function checkArgon2Params(p: Pick<Argon2Params, 'memory' | 'passes' | 'parallelism'>): void {
  const L = ARGON2_LIMITS;
  for (const [v, name] of [[p.memory, 'memory'], [p.passes, 'passes'], [p.parallelism, 'parallelism']] as const) {
    if (!Number.isSafeInteger(v) || v < 1) {
      throw keyError('ppk-bad-kdf', `The .ppk file's Argon2 ${name} is not a positive number: the file is damaged.`, `此 .ppk 文件的 Argon2 参数 ${name} 不是正整数：文件已损坏。`, 'kdf');
    }
  }
  if (p.memory > L.maxMemoryKiB) tooCostly('memory (KiB)', p.memory, L.maxMemoryKiB, '内存（KiB）');
  if (p.passes > L.maxPasses) tooCostly('passes', p.passes, L.maxPasses, '轮数');
  if (p.parallelism > L.maxParallelism) tooCostly('parallelism', p.parallelism, L.maxParallelism, '并行度');
  if (p.memory * p.passes > L.maxWorkKiB) tooCostly('memory × passes', p.memory * p.passes, L.maxWorkKiB, '内存×轮数');
  // Argon2 needs at least 8 KiB per lane
  if (p.memory < 8 * p.parallelism) {
    throw keyError('ppk-bad-kdf', `The .ppk file's Argon2 memory (${p.memory} KiB) is below 8 KiB per lane: the file is damaged.`, `此 .ppk 文件的 Argon2 内存（${p.memory} KiB）低于每通道 8 KiB：文件已损坏。`, 'kdf');
  }
}

const FNS = { Argon2id: argon2id, Argon2i: argon2i, Argon2d: argon2d } as const;

/** Argon2 on the calling thread (a worker runs this same function). */
export function argon2(password: Uint8Array, p: Argon2Params): Bytes {
  checkArgon2Params(p);
  return FNS[p.flavour](password, p.salt, { m: p.memory, t: p.passes, p: p.parallelism, dkLen: p.length }) as Bytes;
}

export type Argon2Runner = (password: Uint8Array, p: Argon2Params) => Promise<Uint8Array>;

let runner: Argon2Runner | undefined;

/** A page registers a worker-backed runner (lib/keygen/argon2-workers.ts); without one, Argon2 runs in-thread. */
export function setArgon2Runner(r: Argon2Runner | undefined): void {
  runner = r;
}

export async function argon2Async(password: Uint8Array, p: Argon2Params): Promise<Bytes> {
  checkArgon2Params(p);
  return runner ? ((await runner(password, p)) as Bytes) : argon2(password, p);
}
