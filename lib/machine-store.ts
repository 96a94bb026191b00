// The machine records in storage.local (lib/storage.ts), through lib/machines.ts's pure rules.
import { machineRecords } from './storage';
import { forgetMachine, markCopied, rememberMachine, rememberMachines, type Remembered, type Sighting } from './machines';

// One write at a time: a page that shows several commands records them back to back, and two
// read-modify-write rounds must not lose one of them.
let queue: Promise<unknown> = Promise.resolve();
function serial<T>(f: () => Promise<T>): Promise<T> {
  const next = queue.then(f, f);
  queue = next.catch(() => undefined);
  return next;
}

/**
 * Several sightings in one read-modify-write (a page showing many commands at once): one
 * storage write, so one change event to every open page and popup, instead of one per command.
 */
export function recordMachines(sightings: readonly Sighting[], now = Date.now()): Promise<void> {
  if (sightings.length === 0) return Promise.resolve();
  return serial(async () => {
    await machineRecords.setValue(rememberMachines(await machineRecords.getValue(), sightings, now));
  });
}

export function recordMachine(s: Sighting, now = Date.now()): Promise<Remembered> {
  return serial(async () => {
    const r = rememberMachine(await machineRecords.getValue(), s, now);
    await machineRecords.setValue(r.records);
    return r;
  });
}

export function forgetMachineRecord(id: string): Promise<void> {
  return serial(async () => machineRecords.setValue(forgetMachine(await machineRecords.getValue(), id)));
}

export function forgetAllMachines(): Promise<void> {
  return serial(() => machineRecords.setValue([]));
}

export function markMachinesCopied(ids: string[], now = Date.now()): Promise<void> {
  return serial(async () => machineRecords.setValue(markCopied(await machineRecords.getValue(), ids, now)));
}
