// What the console's menus show, read from storage by the background for the content script
// (entrypoints/infini.content/console.ts) when a menu opens: the saved keys (public data only,
// the fill-able ones, default first, each with the file its private half is in) and, for a
// command's menu, the alias "My machines" gives that machine. The content script holds no storage
// code of its own: a console page loads, parses and runs none of it until a menu opens, and then
// only sends a message. The command and name come from the page: parsed and checked again here.
import { optionalName, pageCommand } from './machine-messages';
import { findMachine, machineAlias, type Sighting } from './machines';
import { identityFileOf } from './saved-keys';
import { keysDefaultFirst, machineRecords, type SavedKey } from './storage';

export interface MenuDataMessage {
  type: 'menu-data';
  /** a command's menu: the command as the page shows it, and the page's name for its machine */
  command?: string;
  name?: string;
}

/** a saved key as a menu uses it: `identityFile` is where its private half is (`-i`, IdentityFile) */
export type MenuKey = SavedKey & { identityFile: string };

export interface MenuDataReply {
  keys: MenuKey[];
  /** the Host alias for the command's machine (absent without a command, or for one that is none) */
  alias?: string;
}

/** The background's handler of a `menu-data` message. */
export async function menuDataFor(msg: unknown): Promise<MenuDataReply> {
  const { command, name } = (msg ?? {}) as Partial<MenuDataMessage>;
  const keys = (await keysDefaultFirst()).map((k) => ({ ...k, identityFile: identityFileOf(k) }));
  // checked as a sighting is (lib/machine-messages.ts); a malformed name is left out, not the alias
  const connection = pageCommand(command);
  if (!connection) return { keys };
  const n = optionalName(name);
  const sighting: Sighting = { connection, ...(n && { name: n }) };
  const known = await machineRecords.getValue().catch(() => []);
  return { keys, alias: findMachine(known, sighting)?.alias ?? machineAlias(sighting, known) };
}
