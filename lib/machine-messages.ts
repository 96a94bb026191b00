// "My machines" recorded for the console's content script (entrypoints/infini.content/console.ts):
// it sends what a page showed (a command's text, the page's name for the machine) and the
// background records it here, in one queue for every tab (lib/machine-store.ts). A message is
// checked as page-derived data: the command is parsed again here, and anything that is not one
// command of ours, or is too long, is dropped.
import { parseConnectCommand } from './config/connect-command';
import { recordMachines } from './machine-store';
import type { Sighting } from './machines';
import type { Connection } from './config/types';
import { rememberShownCommands } from './storage';

/** one machine as the content script saw it: the command's text (as the page shows it) and names */
export interface MachineSightingMessage {
  command: string;
  name?: string;
  keyName?: string;
}

export interface RememberMachinesMessage {
  type: 'remember-machines';
  /** true: commands shown on the page (recorded only while "remember shown commands" is on); false: an action was used */
  shown: boolean;
  sightings: MachineSightingMessage[];
}

export interface RememberMachinesReply {
  /** false when the setting is off and nothing was recorded (the content script notes them again next time) */
  remembered: boolean;
}

/** a page's batch is what near the viewport showed (tens); more than this is not a page of ours */
export const MAX_SIGHTINGS = 1000;
const MAX_COMMAND = 300;
const MAX_NAME = 200;

/** a name the page gave (of a machine, a key): undefined when absent, null when malformed or too long */
export const optionalName = (v: unknown): string | undefined | null => {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' && v.length <= MAX_NAME ? v : null;
};

/** A command a page showed, parsed again: null for anything but one short, single-line command of ours. */
export function pageCommand(command: unknown): Connection | null {
  if (typeof command !== 'string' || command.length > MAX_COMMAND || /[\r\n]/.test(command)) return null;
  const parsed = parseConnectCommand(command);
  return parsed.ok ? parsed.connection : null;
}

/** The sightings a message carries, each command parsed again; malformed entries are dropped. */
export function sightingsFrom(msg: unknown): { shown: boolean; sightings: Sighting[] } {
  const m = msg as Partial<RememberMachinesMessage> | null;
  const sightings: Sighting[] = [];
  if (!m || !Array.isArray(m.sightings)) return { shown: true, sightings };
  for (const s of m.sightings.slice(0, MAX_SIGHTINGS) as unknown[]) {
    const { command, name, keyName } = (s ?? {}) as Record<string, unknown>;
    const n = optionalName(name);
    const k = optionalName(keyName);
    if (n === null || k === null) continue;
    const connection = pageCommand(command);
    if (!connection) continue;
    sightings.push({ connection, ...(n !== undefined && { name: n }), ...(k !== undefined && { keyName: k }) });
  }
  // anything but an explicit `false` counts as "shown": the setting then decides
  return { shown: m.shown !== false, sightings };
}

/** Records a content script's sightings (the background's message handler). */
export async function rememberMachinesFrom(msg: unknown, now = Date.now()): Promise<RememberMachinesReply> {
  const { shown, sightings } = sightingsFrom(msg);
  if (shown && !(await rememberShownCommands.getValue())) return { remembered: false };
  await recordMachines(sightings, now);
  return { remembered: true };
}
