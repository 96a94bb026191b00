// The connect command a console page shows, written back by us: what "Copy command as shown"
// puts on the clipboard. Never the page's own text: a page can hide characters or whole words
// from the eye (CSS, invisible characters) or add options that weaken ssh; so the command is
// rebuilt from what parseConnectCommand read — host, port, user, jump host and -i — and nothing
// else (lib/config/connect-command.ts drops every other option, see SSH_OPTION_RULES).
//
// Every part is one plain shell word, the same in bash, zsh, dash and PowerShell: host and user
// names were checked by the parser (letters, digits and `._-@:%` only), and the key path is
// quoted for POSIX shells as connectCommand does. `ssh -G` reads it back to the same settings
// (tests/interop/config-parse-oracle.test.ts).
import { jumpHops, type Connection, type Endpoint } from './types';
import { posixPath, posixQuote } from './quote';

/** `[user@]host[:port]`, as -J takes it; an IPv6 host in brackets when a port follows. */
function jumpSpec(j: Endpoint): string {
  const host = j.port !== undefined && j.host.includes(':') ? `[${j.host}]` : j.host;
  return `${j.user ? `${j.user}@` : ''}${host}${j.port !== undefined ? `:${j.port}` : ''}`;
}

/** `ssh [-J jump[,jump…]] [-p port] [-i key] [user@]host` for a parsed Connection (a chain first hop first). */
export function canonicalCommand(c: Connection): string {
  const parts = ['ssh'];
  const hops = jumpHops(c);
  if (hops.length > 0) parts.push('-J', posixQuote(hops.map(jumpSpec).join(',')));
  if (c.port !== undefined) parts.push('-p', String(c.port));
  if (c.identityFile !== undefined) parts.push('-i', posixPath(c.identityFile));
  parts.push(posixQuote(c.user ? `${c.user}@${c.host}` : c.host));
  return parts.join(' ');
}
