// `cli pubkey [FILE|-]`: the key intake from a terminal. Prints the canonical OpenSSH line,
// or the refusal (Chinese and English) on stderr with nothing on stdout. Warnings go to
// stderr too, so stdout stays exactly the line a script can append to authorized_keys.
import { readFileSync } from 'node:fs';
import { parsePublicKey } from '../lib/ssh/intake/parse-public-key';

export async function pubkeyMain(args: string[]): Promise<number> {
  if (args.length > 1 || (args[0]?.startsWith('-') && args[0] !== '-')) {
    process.stderr.write('usage: cli pubkey [FILE|-]\n用法：cli pubkey [文件|-]\n');
    return 2;
  }
  const path = args[0] ?? '-';
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'ENOENT'
        ? `${path}: 文件不存在\n${path}: No such file or directory\n`
        : `${path}: 无法读取（${code}）\n${path}: cannot be read (${code})\n`,
    );
    return 1;
  }
  const r = parsePublicKey(text);
  // a refusal: cli.ts prints it in both languages and exits 1, as for config and authorize
  if (!r.ok) throw r.error;
  for (const w of r.warnings) process.stderr.write(`注意：${w.zh}\nNote: ${w.en}\n`);
  process.stdout.write(r.key.line + '\n');
  return 0;
}
