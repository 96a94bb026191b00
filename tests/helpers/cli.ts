// `cli keygen ARGS` run in this process: the same code as `npm run cli`, without the cost of a
// process per call (dozens of runs would take a minute as processes on a 2-core CI machine).
import { keygenMain } from '../../bin/keygen';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function keygenInProcess(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const ow = process.stdout.write;
  const ew = process.stderr.write;
  const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : Buffer.from(c).toString());
  process.stdout.write = ((c: string | Uint8Array) => ((stdout += text(c)), true)) as typeof ow;
  process.stderr.write = ((c: string | Uint8Array) => ((stderr += text(c)), true)) as typeof ew;
  try {
    return { status: await keygenMain(args), stdout, stderr };
  } finally {
    process.stdout.write = ow;
    process.stderr.write = ew;
  }
}
