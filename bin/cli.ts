// Command-line entry: `npm run --silent cli -- <command> ARGS`.
// Node only; the logic it calls lives in lib/ and is the same code the extension runs.
import { keygenMain } from './keygen';
import { pubkeyMain } from './pubkey';
import { configMain, authorizeMain } from './config';
import { doctorMain } from './doctor';
import { ppkMain } from './ppk';
import { SshKeyError } from '../lib/ssh/errors';

const commands: Record<string, (args: string[]) => Promise<number>> = {
  keygen: keygenMain,
  pubkey: pubkeyMain,
  config: configMain,
  authorize: authorizeMain,
  doctor: (args) => doctorMain(args),
  ppk: ppkMain,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const cmd = name ? commands[name] : undefined;
  if (!cmd) {
    process.stderr.write(`usage: cli <${Object.keys(commands).join('|')}> ARGS\n`);
    return 2;
  }
  try {
    return await cmd(args);
  } catch (e) {
    if (e instanceof SshKeyError) {
      process.stderr.write(e.bilingual() + '\n');
      return 1;
    }
    process.stderr.write(`${(e as Error)?.message ?? e}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`${e}\n`);
    process.exitCode = 1;
  },
);
