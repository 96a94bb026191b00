// No browser offers to save an SSH key's passphrase as a website password. Firefox is proven in
// tests/e2e/firefox.test.ts (its save-password doorhanger, read from the browser window). Here
// Chromium: its password manager records what it sees in chrome://histograms — a password form
// parsed ("FormVisited"), a submission judged ("FailedLoginDetected", "UsernameDetectionMethod")
// — so the same browser is shown to notice a plain login form (the control) and to notice
// nothing during Generate and during "Add existing → derive" with an encrypted key file. And
// in both flows the page never holds a type=password field, the thing password managers key on
// (Firefox even remembers a field that only once was one).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from '../helpers/chromium';
import { sshKeygen, tempDir } from '../helpers/openssh';

const PASSWORD_FORM_SEEN = /^PasswordManager\.(FormVisited|FailedLoginDetected|UsernameDetectionMethod|ProvisionalSave|SubmittedForm|SaveUI)/;

async function passwordManagerHistograms(b: ExtensionBrowser): Promise<string[]> {
  const page = await b.context.newPage();
  await page.goto('chrome://histograms/#PasswordManager');
  await page.getByText(/Histogram: PasswordManager\./).first().waitFor();
  const text = await page.evaluate(() => document.body.innerText);
  await page.close();
  return [...new Set([...text.matchAll(/Histogram: (PasswordManager\.\S+)/g)].map((m) => m[1]!))].filter((n) => PASSWORD_FORM_SEEN.test(n)).sort();
}

/** The passphrase fields on screen are masked text fields; no type=password field anywhere. */
async function noPasswordField(page: Page, ids: string[]): Promise<void> {
  expect(await page.locator('input[type="password"]').count()).toBe(0);
  for (const id of ids) {
    expect(await page.locator(`#${id}`).evaluate((e) => [(e as HTMLInputElement).type, getComputedStyle(e).getPropertyValue('-webkit-text-security')])).toEqual(['text', 'disc']);
  }
}

describe('Chromium offers to save no passphrase', () => {
  let b: ExtensionBrowser;
  let before: string[];
  beforeAll(async () => {
    b = await launchWithExtension({ lang: 'en-US' });
    before = await passwordManagerHistograms(b);
  });
  afterAll(async () => b?.close());

  it('Generate with a passphrase, then unlock an encrypted key file: the password manager sees no form', async () => {
    const page = await b.openPopup();
    await page.getByLabel('Passphrase', { exact: true }).pressSequentially('correct horse');
    await page.getByLabel('Confirm passphrase', { exact: true }).pressSequentially('correct horse');
    await noPasswordField(page, ['passphrase', 'passphrase2']);
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('heading', { name: /Your new key/ }).waitFor({ timeout: 120_000 });

    const dir = tempDir('nopw-');
    expect(sshKeygen(['-q', '-t', 'ed25519', '-N', 'file pass', '-C', 'old@laptop', '-f', `${dir}/old_key`]).status).toBe(0);
    await page.getByRole('tab', { name: 'Add existing', exact: true }).click();
    await page.getByLabel('Private key file', { exact: true }).setInputFiles(`${dir}/old_key`);
    await page.getByLabel('Passphrase of old_key', { exact: true }).pressSequentially('file pass');
    await noPasswordField(page, ['derive-pass']);
    await page.getByRole('button', { name: 'Unlock', exact: true }).click();
    await page.getByText(/^Public key of old_key saved as/).waitFor();
    await page.close();
    expect(await passwordManagerHistograms(b)).toEqual(before);
  });

  it('control: the same browser does see a plain login form submitted', async () => {
    await b.serve('https://cloud.infini-ai.com/login', '<!doctype html><form action="/login/done" method="post"><input name="user" id="u" autocomplete="username"><input type="password" name="pw" id="p"><button id="s">Log in</button></form>');
    await b.serve('https://cloud.infini-ai.com/login/done', '<!doctype html><p>welcome</p>');
    const page = await b.context.newPage();
    await page.goto('https://cloud.infini-ai.com/login');
    await page.locator('#u').pressSequentially('alice');
    await page.locator('#p').pressSequentially('a-site-password');
    await Promise.all([page.waitForURL('**/login/done'), page.click('#s')]);
    await expect.poll(() => passwordManagerHistograms(b), { timeout: 60_000, interval: 500 }).toContain('PasswordManager.FormVisited.PerProfileType');
    await page.close();
  });
});
