// Quoting for the three places our text lands: a POSIX shell (bash, zsh, Git Bash),
// PowerShell, and an ssh_config value. Each function returns one argument that the
// target reads back as exactly the given string.
import { keyError } from '../ssh/errors';

const POSIX_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One POSIX shell word: bare when only safe characters, else single quotes ('\'' for a quote). */
export function posixQuote(s: string): string {
  if (s !== '' && POSIX_SAFE.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A path that may start with `~/`: the tilde stays outside the quotes so the shell expands it
 * (a quoted `~` is a literal directory named `~`).
 */
export function posixPath(p: string): string {
  if (p.startsWith('~/')) {
    const rest = p.slice(2);
    return rest === '' ? '~/' : `~/${posixQuote(rest)}`;
  }
  return posixQuote(p);
}

const PS_SAFE = /^[A-Za-z0-9_.:/\\=+@-]+$/;

/** One PowerShell argument: single quotes (a quote doubled) unless plainly safe. */
export function psQuote(s: string): string {
  // PowerShell also treats the typographic quotes ‘ ’ ‚ ‛ as single quotes: double them too.
  if (s !== '' && PS_SAFE.test(s) && !/^[-@]/.test(s)) return s;
  return `'${s.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** Inside a PowerShell double-quoted string: backtick escapes for ` $ " (and typographic double quotes). */
export function psDoubleQuotedBody(s: string): string {
  return s.replace(/[`$"\u201c\u201d\u201e]/g, (c) => '`' + c);
}

/**
 * A path under ~/ for PowerShell as a Windows path under the user's profile, e.g.
 * `~/.ssh/key` → "$env:USERPROFILE\.ssh\key" (double quotes so $env expands; spaces are fine).
 */
export function psPath(p: string): string {
  if (p.startsWith('~/')) {
    const rest = p.slice(2).replace(/\//g, '\\');
    return `"$env:USERPROFILE\\${psDoubleQuotedBody(rest)}"`;
  }
  return psQuote(p);
}

const unquotable = (s: string, field: string, whyEn: string, whyZh: string) =>
  keyError(
    'config-unquotable-value',
    `The ${field} value ${JSON.stringify(s)} cannot be written into an ssh config file (${whyEn}).`,
    `${field} 的值 ${JSON.stringify(s)} 无法写入 ssh 配置文件(${whyZh})。`,
    field,
  );

/**
 * An ssh_config argument. ssh_config splits on whitespace and honours quotes. OpenSSH ≥ 8.7
 * also reads `\\`, `\"`, `\'` and a backslash before a blank (or at the end, inside quotes)
 * as escapes, while older versions (Windows' inbox OpenSSH 8.1 among them) keep them as
 * written: such a value means different things to different clients, so it is refused. A
 * lone backslash before any other character (`C:\Users\me`) reads the same everywhere. A
 * double quote has no form older versions read, so it is refused too.
 */
export function sshConfigValue(s: string, field: string): string {
  if (/["\r\n\0]/.test(s) || s === '') {
    throw unquotable(s, field, 'empty, a double quote or a line break', '为空、含双引号或换行');
  }
  if (/\\(?:[\\"' \t]|$)/.test(s)) {
    throw unquotable(
      s,
      field,
      'a backslash before another backslash, a quote, a blank or at the end reads differently in different OpenSSH versions',
      '反斜杠后紧跟反斜杠、引号、空白或位于末尾时,不同版本的 OpenSSH 读法不同',
    );
  }
  return /[\s#'\\]/.test(s) ? `"${s}"` : s;
}

/** `%` is a token in percent-expanded values (HostName, IdentityFile, ProxyCommand): `%%` is a literal one. */
export function percentLiteral(s: string): string {
  return s.replace(/%/g, '%%');
}

/**
 * An IdentityFile value. A Windows path (`C:\…`, `\\server\share\…`) is written with forward
 * slashes, which every Windows OpenSSH accepts and which no OpenSSH reads as an escape (a UNC
 * path's leading `\\` would otherwise lose a backslash in OpenSSH ≥ 8.7). `%` is written as
 * `%%` because IdentityFile is percent-expanded (an unknown `%x` is fatal). `${` is refused:
 * OpenSSH ≥ 8.4 expands `${VAR}` there and has no escape for it.
 */
export function sshConfigPath(p: string, field = 'IdentityFile'): string {
  const path = /^(?:[A-Za-z]:\\|\\\\[^\\])/.test(p) ? p.replace(/\\/g, '/') : p;
  if (path.includes('${')) {
    throw unquotable(p, field, '"${" names an environment variable there', '其中的 "${" 会被当作环境变量');
  }
  return sshConfigValue(percentLiteral(path), field);
}
