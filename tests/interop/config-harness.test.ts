// The throwaway sshd harness under a port race: freePort() releases its probe before sshd
// binds, so another process can take the port in between. startSshd then tries a new port
// (up to three attempts) instead of failing the test that needed the server.
import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server } from 'node:net';
import { freePort, sshdPorts, startSshd, type Sshd } from '../helpers/openssh';

const realNext = sshdPorts.next;
let busy: Server | undefined;
let server: Sshd | undefined;

afterEach(async () => {
  sshdPorts.next = realNext;
  await server?.stop();
  server = undefined;
  await new Promise<void>((r) => (busy ? busy.close(() => r()) : r()));
  busy = undefined;
});

/** A port another process holds, as in the race. */
async function takenPort(): Promise<number> {
  busy = createServer();
  await new Promise<void>((r) => busy!.listen(0, '127.0.0.1', () => r()));
  return (busy.address() as { port: number }).port;
}

describe('startSshd when its port is taken before sshd binds', () => {
  it('starts on another port and serves', async () => {
    const taken = await takenPort();
    const handed: number[] = [];
    sshdPorts.next = async () => {
      const p = handed.length === 0 ? taken : await freePort();
      handed.push(p);
      return p;
    };
    server = await startSshd([]);
    expect(handed[0]).toBe(taken);
    expect(handed).toHaveLength(2);
    expect(server.port).toBe(handed[1]);
    expect(server.log()).toMatch(/Server listening on 127\.0\.0\.1 port \d+/);
  }, 60_000);

  it('gives up after three attempts with sshd\'s bind error', async () => {
    const taken = await takenPort();
    let calls = 0;
    sshdPorts.next = async () => (calls++, taken);
    await expect(startSshd([])).rejects.toThrow(/attempt 3[\s\S]*(Address already in use|Cannot bind)/);
    expect(calls).toBe(3);
  }, 60_000);
});
