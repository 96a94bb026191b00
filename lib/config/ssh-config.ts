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
import { INFINI_JUMP_HOST, jumpHops, type Connection, type Endpoint } from './types';

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

function block(name: string, ep: Endpoint, identityFiles: string[], extra: string[]): string[] {
  const lines = [`Host ${name}`, `    HostName ${sshConfigValue(percentLiteral(ep.host), 'HostName')}`];
  if (ep.port !== undefined && ep.port !== 22) lines.push(`    Port ${ep.port}`);
  if (ep.user !== undefined) lines.push(`    User ${sshConfigValue(ep.user, 'User')}`);
  for (const f of identityFiles) lines.push(`    IdentityFile ${sshConfigPath(f)}`);
  lines.push('    IdentitiesOnly yes');
  for (const l of [...extra, ...KEEPALIVE]) lines.push(`    ${l}`);
  return lines;
}

/** Our marked section for one connection, ending with a newline. Deterministic. */
export function buildSshConfig(o: { connection: Connection; identityFile: string; alias?: string }): string {
  const c = o.connection;
  const alias = sanitizeAlias(o.alias ?? defaultAlias(c));
  const lines = [`${MARKER_PREFIX} begin ${alias}`, '# Managed by the Infini SSH Keys extension: adding this host again replaces this section.'];
  const hops = jumpHops(c);
  // one hop: `<alias>-jump` (as always); a chain: `<alias>-jump1` (first hop) … `<alias>-jumpN`,
  // each block's ProxyJump naming the hop before it, so ssh walks the chain one keyed block at a time
  const hopAlias = (i: number) => (hops.length === 1 ? `${alias}-jump` : `${alias}-jump${i + 1}`);
  const hopBlocks: string[] = [];
  hops.forEach((h, i) => hopBlocks.push('', ...block(hopAlias(i), h, [o.identityFile], i > 0 ? [`ProxyJump ${hopAlias(i - 1)}`] : [])));
  lines.push(...block(alias, c, [o.identityFile], hops.length > 0 ? [`ProxyJump ${hopAlias(hops.length - 1)}`] : []), ...hopBlocks);
  lines.push(`${MARKER_PREFIX} end ${alias}`);
  return lines.join('\n') + '\n';
}

/** The marker name of the one section that holds every remembered machine ("config for all"). */
export const MANAGED_SECTION = 'all-machines';

export interface ManagedMachine {
  /** the Host alias (sanitized here); absent: defaultAlias */
  alias?: string;
  connection: Connection;
  identityFile: string;
}

const sameEndpoint = (a: Endpoint, b: Endpoint) => a.host.toLowerCase() === b.host.toLowerCase() && (a.port ?? 22) === (b.port ?? 22) && (a.user ?? '') === (b.user ?? '');
const chainKey = (eps: Endpoint[]) => eps.map((e) => `${e.user ?? ''}@${e.host.toLowerCase()}:${e.port ?? 22}`).join(',');

/**
 * One section for every machine, between `# Infini SSH Keys: begin all-machines` and its end
 * marker. Each machine gets its block; each distinct hop (a hop is its chain up to that point)
 * gets one keyed block shared by every machine behind it, holding every key those machines use
 * (ssh tries each, IdentitiesOnly keeps it to these). A hop that is itself one of the machines
 * (a dev machine reached through an AICoder) is that machine's own block. Aliases stay as given:
 * the caller keeps them stable (lib/machines.ts fixes one per machine when first seen), so a
 * changed port rewrites that machine's lines only. Deterministic for the same input.
 */
export function buildManagedSection(machines: ManagedMachine[]): string {
  const taken = new Set<string>();
  const unique = (a: string) => {
    let name = a;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${a}-${n}`;
    taken.add(name.toLowerCase());
    return name;
  };
  const entries = machines.map((m) => ({ ...m, alias: unique(sanitizeAlias(m.alias ?? defaultAlias(m.connection))), hops: jumpHops(m.connection) }));
  interface HopBlock {
    alias: string;
    ep: Endpoint;
    keys: string[];
    prev?: string;
  }
  const hopBlocks = new Map<string, HopBlock>();
  const ownBlock = (ep: Endpoint, before: Endpoint[]) =>
    entries.find((e) => sameEndpoint(e.connection, ep) && chainKey(e.hops) === chainKey(before))?.alias;
  /** the alias that reaches hops[0..i] of a machine, creating (or joining) the hop's block */
  const hopAlias = (hops: Endpoint[], i: number, key: string): string => {
    const own = ownBlock(hops[i], hops.slice(0, i));
    const prev = i > 0 ? hopAlias(hops, i - 1, key) : undefined;
    if (own) return own;
    const k = chainKey(hops.slice(0, i + 1));
    let b = hopBlocks.get(k);
    if (!b) {
      const h = hops[i];
      const port = h.port !== undefined && h.port !== 22 ? `-${h.port}` : '';
      const base = h.host.toLowerCase() === INFINI_JUMP_HOST ? 'infini-jump' : sanitizeAlias(`infini-jump-${h.user ? h.user + '-' : ''}${h.host}${port}`);
      b = { alias: unique(base), ep: h, keys: [], prev };
      hopBlocks.set(k, b);
    }
    if (!b.keys.includes(key)) b.keys.push(key);
    return b.alias;
  };
  const machineLines: string[] = [];
  for (const e of entries) {
    const via = e.hops.length > 0 ? hopAlias(e.hops, e.hops.length - 1, e.identityFile) : undefined;
    machineLines.push(...block(e.alias, e.connection, [e.identityFile], via ? [`ProxyJump ${via}`] : []), '');
  }
  const hopLines: string[] = [];
  for (const b of hopBlocks.values()) hopLines.push(...block(b.alias, b.ep, b.keys, b.prev ? [`ProxyJump ${b.prev}`] : []), '');
  const body = [...machineLines, ...hopLines];
  if (body[body.length - 1] === '') body.pop();
  return [
    `${MARKER_PREFIX} begin ${MANAGED_SECTION}`,
    '# Managed by the Infini SSH Keys extension: every machine you used on the console. "Config for all machines" replaces this section.',
    ...body,
    `${MARKER_PREFIX} end ${MANAGED_SECTION}`,
  ].join('\n') + '\n';
}

/** The Host names a snippet defines (its `Host` lines), lower-cased as ssh compares them. */
export function snippetHosts(snippet: string): string[] {
  const out: string[] = [];
  for (const l of snippet.split('\n')) {
    const m = /^[ \t]*host[ \t]+(.+?)[ \t]*\r?$/i.exec(l);
    if (m) out.push(...m[1].split(/[ \t]+/).map((h) => h.toLowerCase()));
  }
  return out;
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
  return mergeSection(dropSupersededSections(existing, alias, snippetHosts(snippet)), alias, snippet);
}

/**
 * Our older sections whose alias the new snippet defines again (a per-alias section for a
 * machine that "config for all" now holds): removed marker to marker, since ssh would take the
 * older, earlier block's stale port first. Every other byte stays. A begin marker without its
 * end marker is refused, as for the section replaced.
 */
function dropSupersededSections(existing: string, alias: string, hosts: string[]): string {
  const lines = splitLines(existing);
  const bare = (l: string) => l.replace(/\r?\n$/, '');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = BEGIN.exec(bare(lines[i]));
    if (!m || m[1] === alias || !hosts.includes(m[1].toLowerCase())) {
      out.push(lines[i]);
      continue;
    }
    let end = -1;
    for (let j = i + 1; j < lines.length; j++) {
      const e = END.exec(bare(lines[j]));
      if (e && e[1] === m[1]) {
        end = j;
        break;
      }
      if (BEGIN.test(bare(lines[j]))) break;
    }
    if (end < 0) throw brokenSection(m[1]);
    i = end;
  }
  return out.join('');
}

const brokenSection = (alias: string) =>
  keyError(
    'config-broken-section',
    `The config has "${MARKER_PREFIX} begin ${alias}" without its end marker; fix or remove that section by hand, nothing was changed.`,
    `配置文件中有 "${MARKER_PREFIX} begin ${alias}" 但缺少结束标记;请手动修正或删除该段,未做任何修改。`,
    'config',
  );

function mergeSection(existing: string, alias: string, snippet: string): string {
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
    if (end < 0) throw brokenSection(alias);
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
