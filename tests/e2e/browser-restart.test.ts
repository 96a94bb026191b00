// Issue 15 item 8, in the real Chromium: a key made in the popup whose private file was never
// downloaded is lost for good when the browser quits (storage.session goes with it), so after a
// restart of the same profile its public half is no longer among the saved keys; a key whose
// private file was downloaded before the quit stays.
//
// Which event does it: Chromium re-installs an extension given by --load-extension at every
// launch of the profile, so here each restart fires runtime.onInstalled (reason "install") and
// never runtime.onStartup (probed in this harness); background.ts removes the keys on both, and
// onStartup is the one an extension installed from the store gets at a browser start.
import { describe, it, expect, afterAll, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, type ExtensionBrowser } from '../helpers/chromium';

vi.setConfig({ expect: { poll: { timeout: 90_000, interval: 200 } } });

async function savedKeys(b: ExtensionBrowser): Promise<{ name: string; fingerprint: string }[]> {
  const all = await b.serviceWorker.evaluate(() => (globalThis as any).chrome.storage.local.get('savedKeys'));
  return (all.savedKeys ?? []) as { name: string; fingerprint: string }[];
}

/** Makes an Ed25519 key without a passphrase under `name`; returns its fingerprint as shown. */
async function generate(page: Page, name: string): Promise<string> {
  await page.getByLabel('Key name', { exact: true }).fill(name);
  await page.getByLabel('No passphrase', { exact: true }).check();
  await page.getByRole('button', { name: 'Generate', exact: true }).click();
  await page.getByRole('heading', { name: /Your new key/ }).waitFor({ timeout: 120_000 });
  return (await page.getByTestId('fingerprint').textContent())!.trim();
}

async function savedCardNames(b: ExtensionBrowser): Promise<string[]> {
  const page = await b.openPopup();
  await page.getByRole('tab', { name: /Saved keys/ }).click();
  await page.locator('li.card[data-key-name="downloaded_key"]').waitFor();
  const names = await page.locator('li.card').evaluateAll((els) => els.map((e) => e.getAttribute('data-key-name')));
  await page.close();
  return names as string[];
}

describe('a browser restart with the same profile', () => {
  const profile = mkdtempSync(join(tmpdir(), 'ext-restart-profile-'));
  let b: ExtensionBrowser | undefined;
  afterAll(async () => {
    await b?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('drops the key whose private file never left and keeps the one that was downloaded', async () => {
    b = await launchWithExtension({ lang: 'en-US', userDataDir: profile });
    const page = await b.openPopup();
    const kept = await generate(page, 'downloaded_key');
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download private key', exact: true }).click()]);
    expect(d.suggestedFilename()).toBe('downloaded_key');
    await d.path(); // the file is really written
    await page.getByRole('button', { name: 'Done — I have both files', exact: true }).click();
    await page.getByRole('button', { name: 'Make another key', exact: true }).click();
    // the second key: shown, saved, but its private file is never downloaded
    const lost = await generate(page, 'lost_key');
    await expect.poll(async () => (await savedKeys(b!)).map((k) => k.fingerprint)).toEqual(expect.arrayContaining([kept, lost]));
    await page.close();

    // quit the browser (storage.session and the private key in it are gone) and start it again
    await b.close();
    b = await launchWithExtension({ lang: 'en-US', userDataDir: profile });
    await expect.poll(async () => (await savedKeys(b!)).map((k) => k.fingerprint)).not.toContain(lost);
    expect((await savedKeys(b)).map((k) => k.fingerprint)).toContain(kept);
    expect(await savedCardNames(b)).toEqual(['downloaded_key']);
    // the private key did not survive anywhere
    const session = JSON.stringify(await b.serviceWorker.evaluate(() => (globalThis as any).chrome.storage.session.get(null)));
    expect(session).not.toContain('PRIVATE KEY');
  }, 600_000);
});
