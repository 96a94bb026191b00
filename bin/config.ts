// `cli config --command "TEXT" --identity-file PATH [--alias NAME]`: prints the ssh config snippet.
// `cli authorize PUBFILE`: prints the Web Terminal one-liner that adds the key.
// A refusal exits 1 with the message in both languages on stderr (cli.ts prints SshKeyError).
import { readFileSync } from 'node:fs';
import { parseConnectCommand } from '../lib/config/connect-command';
import { buildSshConfig } from '../lib/config/ssh-config';
import { authorizeKeyCommand } from '../lib/config/authorized-keys';
import { keyError } from '../lib/ssh/errors';
import { parsePublicKey } from '../lib/ssh/intake/parse-public-key';

function longOpts(args: string[], known: string[]): { opts: Map<string, string>; rest: string[] } | string {
  const opts = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      rest.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!known.includes(name)) return `unknown option --${name}`;
    let value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) return `option --${name} needs a value`;
    opts.set(name, value);
  }
  return { opts, rest };
}

const CONFIG_USAGE = 'usage: cli config --command "ssh …" --identity-file ~/.ssh/KEY [--alias NAME]\n';

export async function configMain(args: string[]): Promise<number> {
  const p = longOpts(args, ['command', 'identity-file', 'alias']);
  if (typeof p === 'string' || p.rest.length > 0 || !p.opts.has('command') || !p.opts.has('identity-file')) {
    process.stderr.write(`config: ${typeof p === 'string' ? p + '\n' : ''}${CONFIG_USAGE}`);
    return 2;
  }
  const r = parseConnectCommand(p.opts.get('command')!);
  if (!r.ok) throw r.error;
  process.stdout.write(buildSshConfig({ connection: r.connection, identityFile: p.opts.get('identity-file')!, alias: p.opts.get('alias') }));
  return 0;
}

export async function authorizeMain(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0].startsWith('-')) {
    process.stderr.write('usage: cli authorize PUBFILE\n');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(args[0], 'utf8');
  } catch (e) {
    throw keyError('authorize-unreadable-file', `Cannot read ${args[0]}: ${(e as Error).message}`, `无法读取 ${args[0]}:${(e as Error).message}`, 'file');
  }
  // The same intake as the popup: DSA, short RSA, malformed bodies and private keys are refused
  // here, and RFC 4716 / PEM public keys become the one OpenSSH line authorized_keys needs.
  const r = parsePublicKey(text);
  if (!r.ok) throw r.error;
  process.stdout.write(authorizeKeyCommand(r.key.line) + '\n');
  return 0;
}
