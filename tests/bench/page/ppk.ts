// The .ppk work for the benchmark (tests/bench/ppk-rows.ts), on the bench page as the popup
// runs it: Argon2 in its worker (installArgon2Worker), the .ppk from an OpenSSH key file.
import { installArgon2Worker, argon2WorkerStats } from '../../../lib/keygen/argon2-workers';
import { argon2Async } from '../../../lib/ssh/crypto/argon2';
import { privateKeyToPpk } from '../../../lib/ssh/formats/convert';

installArgon2Worker();

const ppkBench = {
  /** ms for one Argon2id of .ppk v3 size (80 bytes) in the worker */
  async timeArgon2(memory: number, passes: number): Promise<number> {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const t = performance.now();
    await argon2Async(new TextEncoder().encode('bench passphrase'), { flavour: 'Argon2id', memory, passes, parallelism: 1, salt, length: 80 });
    const ms = performance.now() - t;
    if (argon2WorkerStats()?.inThread !== 0) throw new Error(`Argon2 did not run in its worker: ${JSON.stringify(argon2WorkerStats())}`);
    return ms;
  },
  /** ms for the whole export: read an unencrypted OpenSSH key file, write an encrypted .ppk v3 */
  async timePpkExport(opensshPem: string, memory: number, passes: number): Promise<number> {
    const t = performance.now();
    await privateKeyToPpk(opensshPem, { newPassphrase: 'bench passphrase', version: 3, argon2: { memory, passes } });
    return performance.now() - t;
  },
  workerStats: () => argon2WorkerStats() ?? null,
};

export type PpkBench = typeof ppkBench;
(globalThis as unknown as { ppkBench: PpkBench }).ppkBench = ppkBench;
