// The benchmark's .ppk rows: Argon2id and the whole .ppk export, ours in Chromium beside the
// real puttygen doing the same work with the same Argon2 parameters (--ppk-param).
// - Argon2id: ours = the 80-byte derivation alone, in the Argon2 worker; native = puttygen
//   re-saving a plain .ppk encrypted (load, Argon2id, write: Argon2 is nearly all of it).
// - .ppk export: ours = OpenSSH key file in, encrypted .ppk v3 out; native = puttygen doing
//   exactly that from the same file.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PPK_ARGON2_DEFAULTS } from '../../lib/ssh/crypto/argon2';
import type { PpkBench } from './page/ppk';

declare global {
  interface Window {
    ppkBench: PpkBench;
  }
}

interface BenchRow {
  name: string;
  samples: number;
  ours: (p: Page) => Promise<number>;
  native: () => number;
  note?: string;
}

const { memory, passes } = PPK_ARGON2_DEFAULTS;

export function ppkRows(work: string, n: (count: number) => number): BenchRow[] {
  const key = join(work, 'ppk-src');
  const k = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'bench', '-f', key], { encoding: 'utf8' });
  if (k.status !== 0) throw new Error(`ssh-keygen: ${k.stderr}`);
  const pem = readFileSync(key, 'utf8');
  const plainPpk = join(work, 'ppk-plain.ppk');
  const pass = join(work, 'ppk-pass');
  writeFileSync(pass, 'bench passphrase');
  const empty = join(work, 'ppk-empty');
  writeFileSync(empty, '');
  const param = `kdf=argon2id,memory=${memory},passes=${passes},parallelism=1`;
  const puttygen = (args: string[]) => {
    const t = process.hrtime.bigint();
    const r = spawnSync('puttygen', args, { encoding: 'utf8', timeout: 120_000 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`puttygen ${args.join(' ')}: ${r.stderr}`);
    return ms;
  };
  puttygen([key, '-o', plainPpk, '--new-passphrase', empty]);
  let no = 0;
  const out = () => join(work, `ppk-out-${no++}.ppk`);
  const timed = (args: string[]) => () => {
    const o = out();
    const ms = puttygen([...args, '-o', o]);
    rmSync(o);
    return ms;
  };
  return [
    {
      name: `Argon2id ${memory} KiB × ${passes} passes (.ppk v3)`,
      samples: n(15),
      ours: (p) => p.evaluate(([m, t]) => window.ppkBench.timeArgon2(m, t), [memory, passes] as const),
      native: timed([plainPpk, '-P', '-O', 'private', '--new-passphrase', pass, '--ppk-param', param]),
      note: 'ours: @noble/hashes in the Argon2 worker; native: puttygen re-saving a plain .ppk encrypted (Argon2 is nearly all of it)',
    },
    {
      name: '.ppk v3 export (OpenSSH key → encrypted .ppk)',
      samples: n(15),
      ours: (p) => p.evaluate(([text, m, t]) => window.ppkBench.timePpkExport(text, m, t), [pem, memory, passes] as const),
      native: timed([key, '-O', 'private', '--new-passphrase', pass, '--ppk-param', param]),
      note: 'the same unencrypted OpenSSH Ed25519 file in, an encrypted .ppk v3 with the same Argon2 parameters out',
    },
  ];
}
