// Proves the harness itself can tell a good login from a bad one, so the interop tests
// that use it mean something.
import { describe, it, expect, afterAll } from 'vitest';
import { join } from 'node:path';
import { sshKeygen, startSshd, sshLogin, tempDir, type Sshd } from '../helpers/openssh';
import { readFileSync } from 'node:fs';

describe('throwaway sshd harness', () => {
  let server: Sshd | undefined;
  afterAll(async () => server?.stop());

  it('lets in the authorized key and refuses another', async () => {
    const dir = tempDir();
    const good = join(dir, 'good');
    const bad = join(dir, 'bad');
    expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', good]).status).toBe(0);
    expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', bad]).status).toBe(0);
    server = await startSshd([readFileSync(good + '.pub', 'utf8').trim()]);
    const ok = sshLogin(server, good);
    expect(ok.stdout.trim(), ok.stderr).toBe('ok');
    const refused = sshLogin(server, bad);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/Permission denied \(publickey\)/);
  });
});
