// `cli ppk -f PRIVATE_KEY [-P PASSPHRASE] [-N NEW_PASSPHRASE] [--version 2|3] [-o OUT]`:
// the key as a PuTTY .ppk (stdout without -o). `-N` absent keeps the passphrase, `-N ''`
// writes a plain file. Any private key file we read goes in (OpenSSH, PEM, or a .ppk).
// `cli keygen -i -m PPK -f FILE.ppk [-P PASSPHRASE] [-N NEW]`: the OpenSSH private key of a .ppk.
import { readFileSync, writeFileSync } from 'node:fs';
import { getopt, optValue, UsageError, type ParsedOpts } from './getopt';
import { privateKeyToOpenSsh, privateKeyToPpk } from '../lib/ssh/formats/convert';
import { isSshKeyError } from '../lib/ssh/errors';

const USAGE = 'usage: cli ppk -f PRIVATE_KEY [-P PASSPHRASE] [-N NEW_PASSPHRASE] [--version 2|3] [-o OUT]\n';

function readKeyFile(path: string | undefined, what: string): string | number {
  if (!path) {
    process.stderr.write(`${what}: -f FILE is required\n${what}：需要 -f FILE（私钥文件）\n`);
    return 1;
  }
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    process.stderr.write(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}\n`);
    return 1;
  }
}

function failed(path: string, e: unknown): number {
  if (!isSshKeyError(e)) throw e;
  process.stderr.write(`Load key "${path}": ${e.en}\n加载密钥 "${path}" 失败：${e.zh}\n`);
  return 1;
}

export async function ppkMain(args: string[]): Promise<number> {
  // the one long option, taken out before the POSIX short-flag parser sees the rest
  let version: 2 | 3 = 3;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^--version(?:=(.*))?$/.exec(args[i]);
    if (!m) {
      rest.push(args[i]);
      continue;
    }
    const v = m[1] ?? args[++i];
    if (v !== '2' && v !== '3') {
      process.stderr.write(`ppk: --version expects 2 or 3, got ${v ?? 'nothing'}\nppk：--version 应为 2 或 3\n${USAGE}`);
      return 1;
    }
    version = Number(v) as 2 | 3;
  }
  let p: ParsedOpts;
  try {
    p = getopt(rest, 'f:P:N:o:');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`ppk: ${e.message}\n${USAGE}`);
      return 1;
    }
    throw e;
  }
  if (p.operands.length) {
    process.stderr.write(`ppk: unexpected argument ${p.operands[0]}\n${USAGE}`);
    return 1;
  }
  const path = optValue(p, 'f');
  const text = readKeyFile(path, 'ppk');
  if (typeof text === 'number') return text;
  let ppk: string;
  try {
    ({ ppk } = await privateKeyToPpk(text, { passphrase: optValue(p, 'P'), newPassphrase: optValue(p, 'N'), version }));
  } catch (e) {
    return failed(path!, e);
  }
  const out = optValue(p, 'o');
  if (out) writeFileSync(out, ppk, { mode: 0o600 });
  else process.stdout.write(ppk);
  return 0;
}

/** `keygen -i -m PPK`: prints the OpenSSH private key file of a .ppk, as ssh-keygen -i prints a conversion. */
export async function keygenImportPpk(p: ParsedOpts): Promise<number> {
  const path = optValue(p, 'f');
  const text = readKeyFile(path, 'keygen -i -m PPK');
  if (typeof text === 'number') return text;
  try {
    const { pem } = await privateKeyToOpenSsh(text, { passphrase: optValue(p, 'P'), newPassphrase: optValue(p, 'N') });
    process.stdout.write(pem);
    return 0;
  } catch (e) {
    return failed(path!, e);
  }
}
