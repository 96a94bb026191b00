// The real puttygen (apt putty-tools, 0.78): the oracle for every .ppk we write and the source
// of the .ppk files we must read. Passphrases go through files, as puttygen takes them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { run } from './openssh';

let passNo = 0;
/** A file holding exactly `pass` (no newline), for --old-passphrase / --new-passphrase. */
export function passFile(dir: string, pass: string): string {
  const f = join(dir, `pass-${passNo++}`);
  writeFileSync(f, pass);
  return f;
}

export function puttygen(args: string[]): SpawnSyncReturns<string> {
  return run('puttygen', args, { timeout: 300_000 });
}
