// "My machines": the dev machines and AICoder instances the user met on the console, kept as
// plain records (public data only: addresses, user names, the jump chain, which saved key's
// file name, times). Pure functions over a list; lib/storage.ts keeps the list in storage.local
// (never sync). The records feed one managed ~/.ssh/config section for every machine
// (buildManagedSection) and notice when a machine's port or address moved since the config was
// last copied (a dev machine re-created gets a new port: 42541 → 43242 in real users' scripts).
import { jumpHops, type Connection, type Endpoint } from './config/types';
import { defaultAlias, sanitizeAlias, type ManagedMachine } from './config/ssh-config';

export interface MachineAddress {
  host: string;
  port?: number;
}

export interface MachineRecord {
  id: string;
  kind: Connection['kind'];
  /** the machine's name as the page shows it near the command, if any */
  name?: string;
  /** the Host alias, fixed when first seen so that a new port rewrites only this host's lines */
  alias: string;
  /** host, port, user and jump chain (never an IdentityFile: the key comes from keyName) */
  connection: Connection;
  /** the saved key's file name stem used with it (~/.ssh/<keyName>), if known */
  keyName?: string;
  firstSeen: number;
  lastSeen: number;
  /** the address when the user last copied a config holding this machine */
  copied?: MachineAddress & { at: number };
}

export interface Sighting {
  connection: Connection;
  name?: string;
  keyName?: string;
}

const addressOf = (c: Connection): MachineAddress => (c.port !== undefined && c.port !== 22 ? { host: c.host, port: c.port } : { host: c.host });
const sameAddress = (a: MachineAddress, b: MachineAddress) => a.host.toLowerCase() === b.host.toLowerCase() && (a.port ?? 22) === (b.port ?? 22);
const chain = (c: Connection) => jumpHops(c).map((h: Endpoint) => `${h.user ?? ''}@${h.host.toLowerCase()}:${h.port ?? 22}`).join(',');

/** Only what names the machine: no -i path the page may have shown, no undefined fields. */
function publicConnection(c: Connection): Connection {
  const { identityFile: _dropped, ...rest } = c;
  return JSON.parse(JSON.stringify(rest)) as Connection;
}

/**
 * The record a sighting belongs to: the same page name (and kind), else the same account on the
 * same address through the same hops. A name ties a machine across a new port or address; without
 * one the address is all we know (several dev machines share one gateway address, told apart by port).
 */
export function findMachine(records: MachineRecord[], s: Sighting): MachineRecord | undefined {
  const c = s.connection;
  if (s.name) {
    const named = records.find((r) => r.name === s.name && r.kind === c.kind);
    if (named) return named;
  }
  return records.find((r) => sameAddress(addressOf(r.connection), addressOf(c)) && (r.connection.user ?? '') === (c.user ?? '') && chain(r.connection) === chain(c) && (!s.name || !r.name || r.name === s.name));
}

/** A stable alias: `infini-<page name>` when the name gives one, else today's `infini-<host>[-<port>]`; unique among the records. */
export function machineAlias(s: Sighting, records: MachineRecord[]): string {
  return uniqueAlias(aliasBase(s), new Set(records.map((r) => r.alias.toLowerCase())));
}

function aliasBase(s: Sighting): string {
  const fromName = s.name ? sanitizeAlias(`infini-${s.name}`) : '';
  const base = fromName && fromName !== 'infini' && fromName !== 'infini-host' ? fromName : defaultAlias(s.connection);
  return base.startsWith('infini') ? base : sanitizeAlias(`infini-${base}`);
}

function uniqueAlias(base: string, taken: ReadonlySet<string>): string {
  let alias = base;
  for (let n = 2; taken.has(alias.toLowerCase()); n++) alias = `${base}-${n}`;
  return alias;
}

export interface Remembered {
  records: MachineRecord[];
  record: MachineRecord;
  /** the address before this sighting, when it moved */
  moved?: { from: MachineAddress; to: MachineAddress };
}

/** Adds or updates (in place, newest first) the record for a sighting. */
export function rememberMachine(records: MachineRecord[], s: Sighting, now: number, newId: () => string = () => crypto.randomUUID()): Remembered {
  const found = findMachine(records, s);
  if (!found) {
    const record = newRecord(s, machineAlias(s, records), now, newId);
    return { records: [record, ...records], record };
  }
  const record = seenAgain(found, s, now);
  const from = addressOf(found.connection);
  const to = addressOf(record.connection);
  return {
    records: [record, ...records.filter((r) => r.id !== found.id)],
    record,
    moved: sameAddress(from, to) ? undefined : { from, to },
  };
}

/** The record of a machine first seen now. */
function newRecord(s: Sighting, alias: string, now: number, newId: () => string): MachineRecord {
  const connection = publicConnection(s.connection);
  return clean({ id: newId(), kind: connection.kind, name: s.name || undefined, alias, connection, keyName: s.keyName, firstSeen: now, lastSeen: now });
}

/** `found` seen again: the sighting's connection, the name and key it adds, the time. */
function seenAgain(found: MachineRecord, s: Sighting, now: number): MachineRecord {
  return clean({ ...found, connection: publicConnection(s.connection), name: found.name ?? (s.name || undefined), keyName: s.keyName ?? found.keyName, lastSeen: now });
}

/**
 * Many sightings at once (a list page of a thousand machines), with the same result as folding
 * rememberMachine over them one by one, in time that grows with the records plus the sightings
 * (the fold compares every sighting with every record: a thousand rows took a million
 * comparisons). Each record has a rank; a touched record takes the next highest, so "first in
 * the list" is the candidate of highest rank and the list is the records by rank.
 */
export function rememberMachines(records: MachineRecord[], sightings: readonly Sighting[], now: number, newId: () => string = () => crypto.randomUUID()): MachineRecord[] {
  const rank = new Map<MachineRecord, number>();
  records.forEach((r, i) => rank.set(r, -i));
  let top = 0;
  const byName = new Map<string, Set<MachineRecord>>();
  const byAddress = new Map<string, Set<MachineRecord>>();
  const nameKey = (name: string, kind: Connection['kind']) => `${kind}\n${name}`;
  const addressKey = (c: Connection) => {
    const a = addressOf(c);
    return `${a.host.toLowerCase()}:${a.port ?? 22}\n${c.user ?? ''}\n${chain(c)}`;
  };
  const put = (index: Map<string, Set<MachineRecord>>, key: string, r: MachineRecord) => {
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(r);
  };
  const enter = (r: MachineRecord) => {
    if (r.name) put(byName, nameKey(r.name, r.kind), r);
    put(byAddress, addressKey(r.connection), r);
  };
  const leave = (r: MachineRecord) => {
    if (r.name) byName.get(nameKey(r.name, r.kind))?.delete(r);
    byAddress.get(addressKey(r.connection))?.delete(r);
    rank.delete(r);
  };
  const first = (candidates: Iterable<MachineRecord> | undefined, ok: (r: MachineRecord) => boolean = () => true) => {
    let best: MachineRecord | undefined;
    for (const r of candidates ?? []) if (ok(r) && (best === undefined || rank.get(r)! > rank.get(best)!)) best = r;
    return best;
  };
  const taken = new Set(records.map((r) => r.alias.toLowerCase()));
  records.forEach(enter);
  for (const s of sightings) {
    // findMachine's two rules, over the indexes (the name's key holds the kind)
    const found =
      (s.name ? first(byName.get(nameKey(s.name, s.connection.kind))) : undefined) ??
      first(byAddress.get(addressKey(s.connection)), (r) => !s.name || !r.name || r.name === s.name);
    let record: MachineRecord;
    if (!found) {
      const alias = uniqueAlias(aliasBase(s), taken);
      taken.add(alias.toLowerCase());
      record = newRecord(s, alias, now, newId);
    } else {
      record = seenAgain(found, s, now);
      leave(found);
    }
    rank.set(record, ++top);
    enter(record);
  }
  return [...rank].sort((a, b) => b[1] - a[1]).map(([r]) => r);
}

export function forgetMachine(records: MachineRecord[], id: string): MachineRecord[] {
  return records.filter((r) => r.id !== id);
}

/** After the user copied a config holding these machines: their current addresses are the ones it has. */
export function markCopied(records: MachineRecord[], ids: string[], now: number): MachineRecord[] {
  return records.map((r) => (ids.includes(r.id) ? { ...r, copied: { ...addressOf(r.connection), at: now } } : r));
}

/** The move since the config was last copied ("port 41587 → 43242: copy the updated config"), if any. */
export function addressChange(r: MachineRecord): { from: MachineAddress; to: MachineAddress } | undefined {
  if (!r.copied) return undefined;
  const to = addressOf(r.connection);
  const from: MachineAddress = r.copied.port !== undefined ? { host: r.copied.host, port: r.copied.port } : { host: r.copied.host };
  return sameAddress(from, to) ? undefined : { from, to };
}

/** Where a saved key's private half is (`identityFileOf` of the saved key by that name). */
export type KeyPathOf = (keyName: string) => string | undefined;

/**
 * The key file a record's config and command use: its own key, else the given default, at the
 * path its saved key names (`pathOf`), or ~/.ssh/<name> when no saved key says otherwise.
 */
export function keyPathOf(r: MachineRecord, fallbackKeyName?: string, pathOf?: KeyPathOf): string | undefined {
  const name = r.keyName ?? fallbackKeyName;
  return name ? (pathOf?.(name) ?? `~/.ssh/${name}`) : undefined;
}

/** The machines for buildManagedSection, oldest first so a new machine never renames an older one's hop block. */
export function managedMachines(records: MachineRecord[], fallbackKeyName?: string, pathOf?: KeyPathOf): ManagedMachine[] {
  return [...records]
    .sort((a, b) => a.firstSeen - b.firstSeen || a.id.localeCompare(b.id))
    .flatMap((r) => {
      const identityFile = keyPathOf(r, fallbackKeyName, pathOf);
      return identityFile ? [{ alias: r.alias, connection: r.connection, identityFile }] : [];
    });
}

/** The records whose machine a hop of `r` is (an AICoder a dev machine is reached through). */
export function hopMachines(records: MachineRecord[], r: MachineRecord): MachineRecord[] {
  const hops = jumpHops(r.connection);
  return records.filter((o) => o.id !== r.id && hops.some((h) => sameAddress(h, addressOf(o.connection)) && (h.user ?? '') === (o.connection.user ?? '')));
}

export function formatAddress(a: MachineAddress): string {
  const host = a.host.includes(':') ? `[${a.host}]` : a.host;
  return a.port !== undefined ? `${host}:${a.port}` : host;
}

function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/**
 * A dev machine reached through an AICoder (`ProxyJump ssh-jumper…,root@aic-…`): the AICoder's
 * own hops, then the AICoder itself, then `address` (`[user@]host[:port]`, the dev machine's
 * internal address as its page shows it; root unless said otherwise). Undefined when the
 * address is not one.
 */
export function behindMachine(via: MachineRecord, address: string): Connection | undefined {
  const m = /^\s*(?:([A-Za-z0-9_.][A-Za-z0-9_.-]*)@)?([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?\s*$/.exec(address);
  if (!m) return undefined;
  const port = m[3] ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  const c = via.connection;
  const self: Endpoint = JSON.parse(JSON.stringify({ host: c.host, port: c.port, user: c.user }));
  const jumps = [...jumpHops(c), self];
  return clean({ host: m[2].replace(/^\[|\]$/g, ''), port, user: m[1] ?? 'root', jump: jumps[0], jumps, kind: 'devmachine' as const });
}
