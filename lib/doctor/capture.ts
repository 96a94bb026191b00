// The command that captures the log to diagnose, for a connection and a shell: ssh with -v
// (ssh hands -v on to a ProxyJump hop, so both hops are logged) and `exit` as the remote
// command (a login that works ends at once), its stderr sent to a file and the screen, or to
// the clipboard.
import { posixQuote, psQuote } from '../config/quote';
import type { Connection, Endpoint, Shell } from '../config/types';

export interface CaptureCommands {
  /** writes ssh-debug.txt and shows the log */
  save: string;
  /** puts the log on the clipboard */
  clipboard: string;
}

function dest(e: Endpoint): string {
  return e.user ? `${e.user}@${e.host}` : e.host;
}

function sshArgs(c: Connection, q: (s: string) => string): string {
  const parts = ['ssh', '-v'];
  if (c.port !== undefined && c.port !== 22) parts.push('-p', String(c.port));
  if (c.jump) parts.push('-J', q(dest(c.jump) + (c.jump.port !== undefined && c.jump.port !== 22 ? `:${c.jump.port}` : '')));
  parts.push(q(dest(c)), 'exit');
  return parts.join(' ');
}

/** `alias`: a Host of the user's ~/.ssh/config to use instead of the connection's address. */
export function captureCommands(c: Connection | { alias: string }, shell: Shell): CaptureCommands {
  const ps = shell === 'powershell';
  const q = ps ? psQuote : posixQuote;
  const ssh = 'alias' in c ? `ssh -v ${q(c.alias)} exit` : sshArgs(c, q);
  if (ps) {
    // "$_" turns each stderr record into its plain text (PowerShell 5 would add its own error decoration)
    const text = `${ssh} 2>&1 | ForEach-Object { "$_" }`;
    return { save: `${text} | Tee-Object -FilePath ssh-debug.txt`, clipboard: `${text} | Set-Clipboard` };
  }
  // a clipboard tool that is not installed reads nothing, so the next one gets the text
  return {
    save: `${ssh} 2>&1 | tee ssh-debug.txt`,
    clipboard: `${ssh} 2>&1 | { pbcopy || wl-copy || xclip -selection clipboard || clip; } 2>/dev/null`,
  };
}
