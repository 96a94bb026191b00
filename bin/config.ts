// `cli config --command "TEXT" --identity-file PATH [--alias NAME]`: prints the ssh config snippet.
// `cli config --all FILE --identity-file PATH`: the managed section for every machine in FILE
// (one connect command a line, or `name<TAB>command`; a later line for the same machine updates
// it in place, as a page showing a new port does), as the popup's "config for all" builds it.
// `cli authorize PUBFILE`: prints the Web Terminal one-liner that adds the key.
// A refusal exits 1 with the message in both languages on stderr (cli.ts prints SshKeyError).
import { readFileSync } from 'node:fs';
import { parseConnectCommand } from '../lib/config/connect-command';
import { buildSshConfig, buildManagedSection } from '../lib/config/ssh-config';
import { rememberMachine, type MachineRecord } from '../lib/machines';
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

const CONFIG_USAGE = 'usage: cli config --command "ssh …" --identity-file ~/.ssh/KEY [--alias NAME]\n       cli config --all FILE --identity-file ~/.ssh/KEY\n';

export async function configMain(args: string[]): Promise<number> {
  const p = longOpts(args, ['command', 'identity-file', 'alias', 'all']);
  if (typeof p !== 'string' && p.opts.has('all') && !p.opts.has('command') && !p.opts.has('alias') && p.opts.has('identity-file') && p.rest.length === 0) {
    return configAll(p.opts.get('all')!, p.opts.get('identity-file')!);
  }
  if (typeof p === 'string' || p.rest.length > 0 || !p.opts.has('command') || !p.opts.has('identity-file') || p.opts.has('all')) {
    process.stderr.write(`config: ${typeof p === 'string' ? p + '\n' : ''}${CONFIG_USAGE}`);
    return 2;
  }
  const r = parseConnectCommand(p.opts.get('command')!);
  if (!r.ok) throw r.error;
  process.stdout.write(buildSshConfig({ connection: r.connection, identityFile: p.opts.get('identity-file')!, alias: p.opts.get('alias') }));
  return 0;
}

function configAll(file: string, identityFile: string): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw keyError('config-unreadable-file', `Cannot read ${file}: ${(e as Error).message}`, `无法读取 ${file}:${(e as Error).message}`, 'file');
  }
  let records: MachineRecord[] = [];
  let n = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const tab = raw.indexOf('\t');
    const name = tab >= 0 ? raw.slice(0, tab).trim() : undefined;
    const r = parseConnectCommand(tab >= 0 ? raw.slice(tab + 1) : raw);
    if (!r.ok) throw keyError(r.error.code, `line ${i + 1}: ${r.error.en}`, `第 ${i + 1} 行:${r.error.zh}`, r.error.field);
    n++;
    records = rememberMachine(records, { connection: r.connection, name: name || undefined }, n, () => `m${n}`).records;
  });
  const machines = [...records].sort((a, b) => a.firstSeen - b.firstSeen).map((m) => ({ alias: m.alias, connection: m.connection, identityFile }));
  process.stdout.write(buildManagedSection(machines));
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
