// Issue 15 item 6, in the real Chromium: unlocking an OpenSSH private key file whose bcrypt work
// factor is just under our cap takes many seconds, and the user's Cancel really stops it (the
// popup's bcrypt_pbkdf workers are terminated, not left to burn the CPU), says so, and saves
// nothing. A file above the cap is refused at once, with no worker started.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from '../helpers/chromium';
import { run, sshKeygen, tempDir } from '../helpers/openssh';

vi.setConfig({ expect: { poll: { timeout: 90_000, interval: 100 } } });

const BCRYPT_WORKER = /bcrypt-worker-[\w-]+\.js$/;

async function savedFingerprints(b: ExtensionBrowser): Promise<string[]> {
  const all = await b.serviceWorker.evaluate(() => (globalThis as any).chrome.storage.local.get(null));
  return ((all.savedKeys ?? []) as { fingerprint: string }[]).map((k) => k.fingerprint);
}

/** The same OpenSSH private key file with its bcrypt rounds field set to `rounds`. */
function withRounds(pem: string, rounds: number): string {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const buf = Buffer.from(b64, 'base64');
  let at = 'openssh-key-v1\0'.length;
  const skip = () => (at += 4 + buf.readUInt32BE(at));
  skip(); // cipher name
  skip(); // kdf name
  at += 4; // kdf options' length
  at += 4 + buf.readUInt32BE(at); // salt
  buf.writeUInt32BE(rounds, at);
  const lines = buf.toString('base64').match(/.{1,70}/g)!;
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

async function openDerive(b: ExtensionBrowser): Promise<Page> {
  const page = await b.openPopup();
  await page.getByRole('tab', { name: 'Add existing', exact: true }).click();
  return page;
}

describe('unlocking a costly private key file', () => {
  let b: ExtensionBrowser;
  let keyFile: string;
  let fingerprint: string;
  beforeAll(async () => {
    const dir = tempDir('unlock-cancel-');
    keyFile = join(dir, 'slow_key');
    // 900 bcrypt rounds: just under the cap of 1000; the real ssh-keygen takes seconds for it too
    const made = run('ssh-keygen', ['-q', '-t', 'ed25519', '-a', '900', '-N', 'pass', '-C', 'slow', '-f', keyFile], { timeout: 600_000 });
    expect(made.status).toBe(0);
    fingerprint = sshKeygen(['-l', '-f', keyFile + '.pub']).stdout.split(' ')[1];
    b = await launchWithExtension({ lang: 'en-US' });
  }, 900_000);
  afterAll(async () => b?.close());

  it('Cancel terminates the bcrypt workers, says it was cancelled, and saves nothing', async () => {
    const page = await openDerive(b);
    const started: Worker[] = [];
    const closed: Worker[] = [];
    page.on('worker', (w) => {
      if (!BCRYPT_WORKER.test(w.url())) return;
      started.push(w);
      w.on('close', () => closed.push(w));
    });
    await page.getByLabel('Private key file', { exact: true }).setInputFiles(keyFile);
    await page.getByLabel('Passphrase of slow_key', { exact: true }).fill('pass');
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    // both halves of bcrypt_pbkdf run, each in its worker
    await expect.poll(() => started.length).toBe(2);
    expect(closed).toHaveLength(0);
    expect(page.workers().filter((w) => BCRYPT_WORKER.test(w.url()))).toHaveLength(2);
    // the unlock is still running (900 rounds take many seconds) when the user gives up
    await page.locator('progress').waitFor();
    await page
      .getByRole('button', { name: 'Cancel', exact: true })
      .click()
      .catch(async (e) => {
        const done = await page.getByText(/Public key of slow_key saved/).count();
        throw new Error(done ? 'the 900-round unlock finished before the test could press Cancel: this machine ran bcrypt faster than a click' : String(e));
      });
    await page.getByRole('status').getByText('Unlocking cancelled.', { exact: true }).waitFor();
    // the workers are terminated, not left computing in the background
    await expect.poll(() => closed.length).toBe(2);
    expect(page.workers().filter((w) => BCRYPT_WORKER.test(w.url()))).toHaveLength(0);
    expect(await page.getByLabel('Passphrase of slow_key', { exact: true }).count()).toBe(0);
    // and nothing was saved
    expect(await savedFingerprints(b)).not.toContain(fingerprint);
    await page.getByRole('tab', { name: /Saved keys/ }).click();
    expect(await page.getByText('slow_key').count()).toBe(0);
    await page.close();
  }, 600_000);

  it('refuses a file above the cap at once, with the kdf-too-costly message and no worker', async () => {
    const pem = readFileSync(keyFile, 'utf8');
    const dir = tempDir('unlock-costly-');
    for (const rounds of [1001, 2 ** 32 - 1]) {
      const file = join(dir, `costly_${rounds}`);
      writeFileSync(file, withRounds(pem, rounds), { mode: 0o600 });
      const page = await openDerive(b);
      const started: string[] = [];
      page.on('worker', (w) => started.push(w.url()));
      await page.getByLabel('Private key file', { exact: true }).setInputFiles(file);
      await page
        .getByRole('alert')
        .getByText(`This key file asks for ${rounds} bcrypt rounds to unlock it; more than 1000 would take minutes or longer here, so it is not tried.`, { exact: false })
        .waitFor();
      // no passphrase is asked for: there is nothing to unlock
      expect(await page.getByLabel(`Passphrase of costly_${rounds}`, { exact: true }).count()).toBe(0);
      expect(started.filter((u) => BCRYPT_WORKER.test(u))).toHaveLength(0);
      await page.close();
    }
    expect(await savedFingerprints(b)).not.toContain(fingerprint);
  }, 600_000);
});
