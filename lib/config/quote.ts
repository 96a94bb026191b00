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

/**
 * An ssh_config argument. ssh_config splits on whitespace and honours double quotes, but has
 * no escape for a double quote itself, so such a value cannot be written and is refused.
 */
export function sshConfigValue(s: string, field: string): string {
  if (/["\r\n\0]/.test(s) || s === '') {
    throw keyError(
      'config-unquotable-value',
      `The ${field} value ${JSON.stringify(s)} cannot be written into an ssh config file (empty, a double quote or a line break).`,
      `${field} 的值 ${JSON.stringify(s)} 无法写入 ssh 配置文件(为空、含双引号或换行)。`,
      field,
    );
  }
  return /[\s#'\\]/.test(s) ? `"${s}"` : s;
}
