// `cli keygen -l [-v] [-E sha256|md5] -f FILE`: every key in FILE, as ssh-keygen 9.2 lists
// them (ssh-keygen.c do_fingerprint / fingerprint_private / fingerprint_one_key), byte for byte:
// .pub files, authorized_keys and known_hosts lines (options or host names in front), and
// private key files (PRIV.pub if present, else the public half the private file reveals).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { flagCount, optValue, type ParsedOpts } from './getopt';
import { fingerprint, fingerprintDigest, randomart, type FingerprintHash } from '../lib/ssh/formats/fingerprint';
import { decodePublicBlob } from '../lib/ssh/formats/public-key-blob';
import { sshkeyRead, sshkeyReadAsync } from '../lib/ssh/ssh-keygen/sshkey-read';
import { publicFromPrivateFile } from '../lib/ssh/ssh-keygen/unencrypted-public';

/** What `-l` lists: one key with the comment as raw bytes (latin1 string) or null. */
interface Listed {
  blob: Uint8Array;
  label: string;
  bits: number;
  comment: string | null;
}

// OpenSSH's msetlocale(): LC_CTYPE from the first non-empty of LC_ALL, LC_CTYPE, LANG, as
// glibc resolves it; a locale that is not installed leaves the C locale (non-ASCII escaped).
let utf8Cached: boolean | undefined;
function utf8Locale(): boolean {
  if (utf8Cached !== undefined) return utf8Cached;
  const name = [process.env.LC_ALL, process.env.LC_CTYPE, process.env.LANG].find((v) => v) ?? '';
  const norm = (n: string) => n.toLowerCase().replace(/-/g, '');
  if (!/utf-?8/i.test(name)) utf8Cached = false;
  else if (/^(c|posix|tr)/i.test(name)) utf8Cached = true; // C.UTF-8 always exists; Turkish falls back to it
  else {
    const installed = spawnSync('locale', ['-a'], { encoding: 'utf8' }).stdout ?? '';
    utf8Cached = installed.split('\n').some((l) => norm(l.trim()) === norm(name));
  }
  return utf8Cached;
}

/**
 * mprintf's escaping (OpenSSH utf8.c): printable characters pass (non-ASCII only in a UTF-8
 * locale), tab/CR/LF pass, every other byte is written as a backslash and three octal digits.
 */
export function opensshVis(latin1: string, utf8 = utf8Locale()): string {
  const bytes = Buffer.from(latin1, 'latin1');
  let out = '';
  const oct = (b: number) => '\\' + b.toString(8).padStart(3, '0');
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      out += b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f) ? String.fromCharCode(b) : oct(b);
      i++;
      continue;
    }
    const n = b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    const seq = n ? bytes.subarray(i, i + n) : null;
    let ch: string | null = null;
    if (utf8 && seq && seq.length === n) {
      try {
        ch = new TextDecoder('utf-8', { fatal: true }).decode(seq);
      } catch {
        ch = null;
      }
    }
    // C1 controls and unassigned/format characters are not printable (wcwidth -1).
    if (ch !== null && !/[\p{Cc}\p{Cn}\p{Cs}]/u.test(ch)) {
      out += ch;
      i += n;
    } else {
      out += oct(b);
      i++;
    }
  }
  return out;
}

function line(k: Listed, hash: FingerprintHash, verbose: boolean): string {
  const comment = k.comment === null ? 'no comment' : opensshVis(k.comment);
  let s = `${k.bits} ${fingerprint(k.blob, hash)} ${comment} (${k.label})\n`;
  if (verbose) s += randomart(fingerprintDigest(k.blob, hash), k.label, k.bits, hash) + '\n';
  return s;
}

/** sshkey_try_load_public: the first key line of a file, comment = rest of line or the file name. */
function tryLoadPublic(path: string): Listed | null {
  let data: string;
  try {
    data = readFileSync(path).toString('latin1');
  } catch {
    return null;
  }
  for (const raw of data.split(/(?<=\n)/)) {
    if (raw[0] === '#' || raw[0] === '\n' || raw === '') continue;
    if (raw.startsWith('-----BEGIN') || raw === 'SSH PRIVATE KEY FILE') break;
    const cp = raw.replace(/^[ \t]+/, '');
    if (!cp) continue;
    const r = sshkeyRead(cp);
    if (r) {
      const c = r.rest.slice(0, r.rest.search(/[\r\n]|$/));
      return { blob: r.blob, label: r.key.label, bits: r.key.bits, comment: c || Buffer.from(path).toString('latin1') };
    }
  }
  return null;
}

/** `text`: the private key file as read (latin1), not read a second time. */
function fingerprintPrivate(path: string, text: string, hash: FingerprintHash, verbose: boolean): number {
  let pub = tryLoadPublic(path + '.pub');
  let comment = pub?.comment ?? null;
  let priv: Listed | null = null;
  const fromFile = publicFromPrivateFile(text);
  const k = fromFile && decodeOrNull(fromFile.blob);
  if (!pub && fromFile?.format === 'openssh' && k) pub = { ...k, comment: null };
  if (!pub || !comment) {
    // sshkey_load_private without a passphrase: works for unencrypted keys only.
    if (fromFile && !fromFile.encrypted && k) {
      priv = { ...k, comment: null };
      comment = fromFile.comment ? Buffer.from(fromFile.comment).toString('latin1') : null;
    }
  }
  const key = pub ?? priv;
  if (!key) {
    process.stderr.write(`${path} is not a key file.\n`);
    return 255;
  }
  process.stdout.write(line({ ...key, comment }, hash, verbose));
  return 0;
}

function decodeOrNull(blob: Uint8Array): Omit<Listed, 'comment'> | null {
  try {
    const k = decodePublicBlob(blob, 'ssh-keygen');
    return { blob, label: k.label, bits: k.bits };
  } catch {
    return null;
  }
}

export async function keygenList(p: ParsedOpts): Promise<number> {
  const path = optValue(p, 'f');
  if (!path) {
    process.stderr.write('keygen -l: -f FILE is required\nkeygen -l：需要 -f FILE（密钥文件）\n');
    return 1;
  }
  const e = (optValue(p, 'E') ?? 'sha256').toLowerCase();
  if (e !== 'sha256' && e !== 'md5') {
    process.stderr.write(`Invalid hash algorithm "${optValue(p, 'E')}"\n`);
    return 255;
  }
  const hash = e as FingerprintHash;
  const verbose = flagCount(p, 'v') > 0;
  const stdin = path === '-';
  const shown = stdin ? '(stdin)' : path;
  let data: Buffer;
  try {
    if (!stdin && existsSync(path) && statSync(path).isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    data = readFileSync(stdin ? 0 : path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'No such file or directory' : code === 'EACCES' ? 'Permission denied' : code === 'EISDIR' ? 'Is a directory' : String(code);
    process.stderr.write(`ssh-keygen: ${shown}: ${why}\n`);
    return 255;
  }
  let out = '';
  let invalid = true;
  // ssh-keygen keeps one getline() buffer and a `comment` pointer into it that is not reset
  // between lines: a key line without a comment after a line whose options were skipped
  // prints whatever that stale pointer now reads. Reproduced with a simulated buffer.
  let buf = Buffer.alloc(256);
  let commentOff: number | null = null;
  const cstr = (off: number) => {
    const end = buf.indexOf(0, off);
    return buf.toString('latin1', off, end < 0 ? buf.length : end);
  };
  for (let start = 0, lnum = 1; start < data.length; lnum++) {
    const nl = data.indexOf(10, start);
    const raw = data.subarray(start, nl < 0 ? data.length : nl + 1);
    start += raw.length;
    if (buf.length < raw.length + 1) {
      const bigger = Buffer.alloc(Math.max(buf.length * 2, raw.length + 1));
      buf.copy(bigger);
      buf = bigger;
    }
    raw.copy(buf, 0);
    buf[raw.length] = 0;
    if (nl >= 0) buf[raw.length - 1] = 0;
    const lineStr = cstr(0);
    const base = lineStr.length - lineStr.replace(/^[ \t]+/, '').length;
    let cp = lineStr.slice(base);
    let cpBase = base;
    if (cp === '' || cp[0] === '#') continue;
    // A private key file: ssh-keygen looks only at the first line for "PRIVATE KEY".
    if (lnum === 1 && !stdin && cp.includes('PRIVATE KEY')) return fingerprintPrivate(path, data.toString('latin1'), hash, verbose);
    let r = await sshkeyReadAsync(cp);
    if (!r) {
      // Not a bare key: skip one options / host-name word (quotes protect spaces), unless
      // the line starts with a number (an SSH1 RSA key, which OpenSSH no longer reads).
      const m = /^[ \t\n\v\f\r]*[+-]?(\d+)/.exec(cp);
      const num = m && /[1-9]/.test(m[1]);
      const ep = m ? cp[m[0].length] : undefined;
      if (!num || (ep !== ' ' && ep !== '\t')) {
        let quoted = false;
        let j = 0;
        commentOff = cpBase;
        for (; j < cp.length && (quoted || (cp[j] !== ' ' && cp[j] !== '\t')); j++) {
          if (cp[j] === '\\' && cp[j + 1] === '"') j++;
          else if (cp[j] === '"') quoted = !quoted;
        }
        if (j >= cp.length) continue;
        buf[cpBase + j] = 0;
        cp = cp.slice(j + 1);
        cpBase += j + 1;
      }
      r = await sshkeyReadAsync(cp);
      if (!r) continue;
    }
    if (r.rest !== '' && r.rest[0] !== '#') commentOff = cpBase + cp.length - r.rest.length;
    const comment = commentOff === null ? null : cstr(commentOff);
    out += line({ blob: r.blob, label: r.key.label, bits: r.key.bits, comment }, hash, verbose);
    invalid = false;
  }
  process.stdout.write(out);
  if (invalid) {
    process.stderr.write(`${shown} is not a public key file.\n`);
    return 255;
  }
  return 0;
}
