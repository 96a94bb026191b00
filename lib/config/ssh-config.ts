// ~/.ssh/config snippets for a connection, and merging one into a user's existing config.
//
// Block layout. ProxyJump runs a second ssh for the hop that reads only the hop's own Host
// block: `IdentityFile`/`-i` of the target never reach it. So the jump host gets its own block
// (named `<alias>-jump`, so it cannot change how the user reaches that host otherwise) with the
// same IdentityFile and `IdentitiesOnly yes`, and the target says `ProxyJump <alias>-jump`.
//
// Our section sits between marker comments, as `gcloud compute config-ssh` does:
//   # Infini SSH Keys: begin <alias>
//   …
//   # Infini SSH Keys: end <alias>
// A later merge for the same alias replaces exactly those lines and keeps every other byte.
//
// Where a new section goes. ssh uses the first value it obtains for each option, reading the
// file top to bottom, and a Host line's block runs until the next Host/Match line. So:
//  - before the user's first `Host`/`Match` line: our values win over a user's `Host *`
//    defaults (a `Host *` with `User alice` above us would silently replace our `User root`),
//    while the user's global lines above (options outside any Host block, Include) keep
//    applying to every host as before, and none of them is swallowed into our block;
//  - at the end when the file has no Host/Match line at all (then everything in it is global).
// Our aliases are names of our own (`infini-…`), so our blocks never take over how the user
// reaches any host they already use; a user's `Host *` still supplies options we do not set.
import { keyError } from '../ssh/errors';
import { percentLiteral, sshConfigPath, sshConfigValue } from './quote';
import type { Connection, Endpoint } from './types';

export const MARKER_PREFIX = '# Infini SSH Keys:';
const KEEPALIVE = ['ServerAliveInterval 30', 'ServerAliveCountMax 4'];

/** A Host alias ssh and every shell accept as one plain word: [A-Za-z0-9._-], not starting with - or . */
export function sanitizeAlias(s: string): string {
  const a = String(s ?? '')
    .normalize('NFKC')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 64)
    .replace(/[-.]+$/, '');
  return a === '' ? 'infini-host' : a;
}

/** `infini-<host>[-<port>]`: a name of our own, so it never shadows a host the user already reaches. */
export function defaultAlias(c: Connection): string {
  const port = c.port !== undefined && c.port !== 22 ? `-${c.port}` : '';
  return sanitizeAlias(`infini-${c.host}${port}`);
}

function block(name: string, ep: Endpoint, identityFile: string, extra: string[]): string[] {
  const lines = [`Host ${name}`, `    HostName ${sshConfigValue(percentLiteral(ep.host), 'HostName')}`];
  if (ep.port !== undefined && ep.port !== 22) lines.push(`    Port ${ep.port}`);
  if (ep.user !== undefined) lines.push(`    User ${sshConfigValue(ep.user, 'User')}`);
  lines.push(`    IdentityFile ${sshConfigPath(identityFile)}`, '    IdentitiesOnly yes');
  for (const l of [...extra, ...KEEPALIVE]) lines.push(`    ${l}`);
  return lines;
}

/** Our marked section for one connection, ending with a newline. Deterministic. */
export function buildSshConfig(o: { connection: Connection; identityFile: string; alias?: string }): string {
  const c = o.connection;
  const alias = sanitizeAlias(o.alias ?? defaultAlias(c));
  const lines = [`${MARKER_PREFIX} begin ${alias}`, '# Managed by the Infini SSH Keys extension: adding this host again replaces this section.'];
  if (c.jump) {
    const jumpAlias = `${alias}-jump`;
    lines.push(...block(alias, c, o.identityFile, [`ProxyJump ${jumpAlias}`]), '');
    lines.push(...block(jumpAlias, c.jump, o.identityFile, []));
  } else {
    lines.push(...block(alias, c, o.identityFile, []));
  }
  lines.push(`${MARKER_PREFIX} end ${alias}`);
  return lines.join('\n') + '\n';
}

// trailing blanks tolerated, as the shell-side merge (local-setup.ts) does
const BEGIN = /^# Infini SSH Keys: begin ([^ \t]+)[ \t]*$/;
const END = /^# Infini SSH Keys: end ([^ \t]+)[ \t]*$/;
const HOST_OR_MATCH = /^[ \t]*(?:host|match)(?:[ \t]*=|[ \t]|$)/i;

/** The alias a snippet is for, from its begin marker. */
export function snippetAlias(snippet: string): string {
  const first = snippet.split('\n')[0].replace(/\r$/, '');
  const m = BEGIN.exec(first);
  const last = snippet.replace(/\r?\n$/, '').split('\n').pop()!.replace(/\r$/, '');
  const e = END.exec(last);
  if (!m || !e || m[1] !== e[1]) {
    throw keyError('config-bad-snippet', 'The config snippet lacks its begin/end markers.', '配置片段缺少起止标记。', 'snippet');
  }
  return m[1];
}

/** Lines with their line breaks, so that joining them gives back the text byte for byte. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Puts our section into an existing config text: in place of an earlier section for the same
 * alias, else before the first Host/Match line (see the header), else at the end. Every byte
 * outside our section stays as it was; a CRLF file gets a CRLF section.
 */
export function mergeSshConfig(existing: string, snippet: string): string {
  const alias = snippetAlias(snippet);
  const lines = splitLines(existing);
  const crlf = lines.length > 0 && lines[0].endsWith('\r\n');
  const body = splitLines(snippet.endsWith('\n') ? snippet : snippet + '\n').map((l) => (crlf ? l.replace(/\r?\n$/, '\r\n') : l.replace(/\r\n$/, '\n')));
  const nl = crlf ? '\r\n' : '\n';
  const bare = (l: string) => l.replace(/\r?\n$/, '');

  let begin = -1;
  let insertAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const m = BEGIN.exec(bare(lines[i]));
    if (m && m[1] === alias) {
      begin = i;
      break;
    }
    if (insertAt < 0 && (HOST_OR_MATCH.test(bare(lines[i])) || m)) insertAt = i;
  }
  if (begin >= 0) {
    let end = -1;
    for (let j = begin + 1; j < lines.length; j++) {
      const e = END.exec(bare(lines[j]));
      if (e && e[1] === alias) {
        end = j;
        break;
      }
      if (BEGIN.test(bare(lines[j]))) break;
    }
    if (end < 0) {
      throw keyError(
        'config-broken-section',
        `The config has "${MARKER_PREFIX} begin ${alias}" without its end marker; fix or remove that section by hand, nothing was changed.`,
        `配置文件中有 "${MARKER_PREFIX} begin ${alias}" 但缺少结束标记;请手动修正或删除该段,未做任何修改。`,
        'config',
      );
    }
    // keep the line break the old end marker had (it may be the file's last line without one)
    const oldEnd = lines[end];
    const newBody = [...body];
    if (!oldEnd.endsWith('\n')) newBody[newBody.length - 1] = bare(newBody[newBody.length - 1]);
    return [...lines.slice(0, begin), ...newBody, ...lines.slice(end + 1)].join('');
  }
  if (insertAt >= 0) {
    return [...lines.slice(0, insertAt), ...body, nl, ...lines.slice(insertAt)].join('');
  }
  // No Host/Match line: append, after a line break if the last line lacks one and a blank line.
  let head = existing;
  if (head !== '' && !head.endsWith('\n')) head += nl;
  if (head !== '' && !/(?:^|\n)\r?\n$/.test(head)) head += nl;
  return head + body.join('');
}
