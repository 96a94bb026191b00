// `cli doctor [--json] [--key PUBFILE]… [--command "ssh …"] [FILE|-]`: reads what `ssh -v`
// printed (a file, or stdin) and prints which hop failed, the cause and the fix, in the
// locale's language (LC_ALL, LC_MESSAGES, LANG: zh_* gives Chinese). --key names the public
// key the login should use (its fingerprint sharpens the diagnosis; the Web Terminal fix adds
// it); --command is the connection being fixed (the fixes use its host, user and jump host).
// Exit 0 whatever the verdict; 2 when the input cannot be used (bad options, unreadable file,
// not an ssh log, a private key pasted).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { diagnoseSshLog, diagnosisJson, type Diagnosis, type DoctorKeyInfo } from '../lib/doctor';
import { parseConnectCommand } from '../lib/config/connect-command';
import type { Connection } from '../lib/config/types';
import { parsePublicKey } from '../lib/ssh/intake/parse-public-key';
import { fingerprint } from '../lib/ssh/formats/fingerprint';
import { pickLang, type Lang } from '../lib/i18n';
import { doctorCatalogue } from '../lib/i18n/doctor';

const USAGE = 'usage: cli doctor [--json] [--key PUBFILE]… [--command "ssh …"] [FILE|-]\n用法：cli doctor [--json] [--key 公钥文件]… [--command "ssh …"] [文件|-]\n';

export function localeLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const v = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return pickLang(v.replace(/_/g, '-'));
}

interface Args {
  json: boolean;
  keys: string[];
  command?: string;
  file: string;
}

function parseArgs(args: string[]): Args | string {
  const out: Args = { json: false, keys: [], file: '-' };
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => (eq > 0 ? a.slice(eq + 1) : args[++i]);
    if (name === '--json') out.json = true;
    else if (name === '--key' || name === '--command') {
      const v = value();
      if (v === undefined) return `option ${name} needs a value`;
      if (name === '--key') out.keys.push(v);
      else out.command = v;
    } else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else if (file !== undefined) return 'only one log file';
    else file = a;
  }
  out.file = file ?? '-';
  return out;
}

function fail(lang: Lang, en: string, zh: string): number {
  process.stderr.write(`${lang === 'zh' ? zh : en}\n`);
  return 2;
}

export async function doctorMain(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const lang = localeLang(env);
  const a = parseArgs(argv);
  if (typeof a === 'string') {
    process.stderr.write(`doctor: ${a}\n${USAGE}`);
    return 2;
  }
  const keys: DoctorKeyInfo[] = [];
  for (const path of a.keys) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (e) {
      return fail(lang, `${path}: cannot be read (${(e as NodeJS.ErrnoException).code})`, `${path}：无法读取（${(e as NodeJS.ErrnoException).code}）`);
    }
    const r = parsePublicKey(text);
    if (!r.ok) return fail(lang, `${path}: ${r.error.en}`, `${path}：${r.error.zh}`);
    keys.push({ name: basename(path).replace(/\.pub$/, ''), fingerprint: fingerprint(r.key.blob), publicKeyLine: r.key.line });
  }
  let connection: Connection | undefined;
  if (a.command !== undefined) {
    const r = parseConnectCommand(a.command);
    if (!r.ok) return fail(lang, `--command: ${r.error.en}`, `--command：${r.error.zh}`);
    connection = r.connection;
  }
  let log: string;
  try {
    log = readFileSync(a.file === '-' ? 0 : a.file, 'utf8');
  } catch (e) {
    return fail(lang, `${a.file}: cannot be read (${(e as NodeJS.ErrnoException).code})`, `${a.file}：无法读取（${(e as NodeJS.ErrnoException).code}）`);
  }
  const r = diagnoseSshLog(log, { keys, connection });
  if (!r.ok) return fail(lang, r.error.en, r.error.zh);
  process.stdout.write(a.json ? JSON.stringify(diagnosisJson(r.diagnosis, lang), null, 2) + '\n' : humanText(r.diagnosis, lang));
  return 0;
}

function humanText(d: Diagnosis, lang: Lang): string {
  const t = doctorCatalogue[lang];
  const mark = (ok: boolean, reached: boolean) => (ok ? `✓ ${t.hopOk}` : reached ? `✗ ${t.hopFailed}` : `· ${t.hopNotReached}`);
  const failedAt = d.findings[0]?.hop ?? -1;
  const path = [t.hopLaptop, ...d.hops.map((h, i) => {
    const who = `${h.role === 'jump' ? t.hopJump : t.hopMachine} ${h.user ? h.user + '@' : ''}${h.host}${h.port && h.port !== 22 ? ':' + h.port : ''}`;
    return `${who} (${mark(h.authenticated, h.reached || i === failedAt)})`;
  })].join(' → ');
  const lines = [`${t.hopsLabel}: ${path}`, `verdict: ${d.verdict}`, '', `${d.verdict === 'ok' ? '' : t.causeHeading + ': '}${d.summary[lang]}`];
  const root = d.findings[0];
  if (root?.fix) lines.push('', `${t.fixHeading}: ${root.fix.how[lang]}`, '', root.fix.text.replace(/\n$/, ''));
  const rest = d.findings.slice(1);
  if (rest.length) {
    lines.push('', `${t.alsoHeading}:`);
    for (const f of rest) {
      lines.push(`- [${f.code}] ${f.message[lang]}`);
      if (f.fix) lines.push(`  ${f.fix.how[lang]}`, ...f.fix.text.replace(/\n$/, '').split('\n').map((l) => `    ${l}`));
    }
  }
  return lines.join('\n') + '\n';
}
