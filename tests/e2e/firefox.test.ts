// The Firefox build in the real Firefox (firefox-esr), driven over WebDriver BiDi, as one user's
// session in a profile with the password manager on (Firefox's default; Puppeteer turns it off):
// keys made in the (prerendered) toolbar popup and downloaded, judged by ssh-keygen and a real sshd login; the key
// filled into the console's React form by a real click; the public half recovered from an
// encrypted key file; and throughout: no offer to save the passphrase, no private key in
// extension storage after Done, no network request.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { chmodSync, readFileSync } from 'node:fs';
import { launchFirefoxWithExtension, downloadedFile, clickButton, waitForText, inShadow, clickInShadow, type FirefoxExtension } from '../helpers/firefox';
import { sshKeygen, startSshd, sshLogin, loginStderr } from '../helpers/openssh';
import { serveConsole, CONSOLE } from '../fixtures/console/pages';

vi.setConfig({ expect: { poll: { timeout: 60_000, interval: 200 } } });

const PASSPHRASE = 'correct horse ✓ 密码';

/** The extension's storage as JSON, read from one of its pages. */
async function storageDump(page: Page, area: 'local' | 'sync' | 'session'): Promise<string> {
  return page.evaluate(async (a) => JSON.stringify(await (globalThis as any).browser.storage[a].get(null)), area);
}

/** Types like a user (real key events), replacing what the field held. */
async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.click(selector, { count: 3 });
  await page.keyboard.press('Backspace');
  await page.type(selector, text);
}

interface Made {
  publicKeyLine: string;
  fingerprint: string;
  priv: string;
  pub: string;
}

/** Generate, wait for the result, download both files, read what the popup shows. */
async function makeKey(ff: FirefoxExtension, page: Page, name: string): Promise<Made> {
  await clickButton(page, 'Generate');
  await waitForText(page, /Your new key/);
  const publicKeyLine = await page.$eval('#public-key', (e) => (e as HTMLTextAreaElement).value);
  const fingerprint = (await page.$eval('[data-testid="fingerprint"]', (e) => e.textContent ?? '')).trim();
  await clickButton(page, 'Download private key');
  const priv = await downloadedFile(ff, name);
  await clickButton(page, 'Download public key');
  const pub = await downloadedFile(ff, `${name}.pub`);
  return { publicKeyLine, fingerprint, priv, pub };
}

/** The downloaded pair as OpenSSH sees it: same key, same fingerprint, and a login works. */
async function judgedByOpenSsh(m: Made, passphrase = ''): Promise<void> {
  chmodSync(m.priv, 0o600);
  expect(readFileSync(m.pub, 'utf8')).toBe(m.publicKeyLine + '\n');
  if (passphrase) expect(sshKeygen(['-y', '-P', '', '-f', m.priv]).status).not.toBe(0);
  const y = sshKeygen(['-y', '-P', passphrase, '-f', m.priv]);
  expect(y.stderr).toBe('');
  expect(y.stdout.trim()).toBe(m.publicKeyLine);
  expect(sshKeygen(['-l', '-f', m.pub]).stdout.split(' ')[1]).toBe(m.fingerprint);
  const server = await startSshd([m.publicKeyLine]);
  try {
    const login = sshLogin(server, m.priv, passphrase ? { passphrase } : {});
    expect(loginStderr(login.stderr)).toBe('');
    expect(login.stdout.trim()).toBe('ok');
  } finally {
    await server.stop();
  }
}

/** Offers to save a password that concern the extension's own pages. */
async function offersOnOurPages(ff: FirefoxExtension): Promise<string[]> {
  return (await ff.passwordOffers()).filter((o) => o.startsWith(ff.origin));
}

describe('Firefox: the extension as a user meets it', () => {
  let ff: FirefoxExtension;
  let popup: Page;
  let ed: Made;
  beforeAll(async () => {
    ff = await launchFirefoxWithExtension({ rememberSignons: true });
    await serveConsole(ff);
  });
  afterAll(async () => ff?.close());

  it('Ed25519 with a passphrase: files pass ssh-keygen and log in; Firefox offers no password saving', async () => {
    popup = await ff.openPopup();
    await formReady(popup);
    // the toolbar button opens the popup prerendered in the browser's language (the background
    // sets it), which openPopup opened: its form was taken over by the script (nothing inert)
    expect(await popup.evaluate(async () => (globalThis as any).browser.browserAction.getPopup({}))).toBe(`${ff.origin}/popup-en.html`);
    expect(await popup.evaluate(() => location.href)).toBe(`${ff.origin}/popup-en.html`);
    expect(await popup.evaluate(() => [document.querySelectorAll('form').length, document.querySelectorAll('[inert]').length])).toEqual([1, 0]);
    await typeInto(popup, '#comment', 'alice@firefox');
    await popup.type('#passphrase', PASSPHRASE);
    await popup.type('#passphrase2', PASSPHRASE);
    ed = await makeKey(ff, popup, 'infini_ed25519');
    expect(ed.publicKeyLine).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+ alice@firefox$/);
    await judgedByOpenSsh(ed, PASSPHRASE);
    // until Done the key waits in memory-only session storage, never in local or sync
    expect(await storageDump(popup, 'session')).toContain('OPENSSH PRIVATE KEY');
    for (const area of ['local', 'sync'] as const) expect(await storageDump(popup, area)).not.toContain('PRIVATE KEY');
    await clickButton(popup, 'Done — I have both files');
    await expect.poll(() => storageDump(popup, 'session')).not.toContain('PRIVATE KEY');
    expect(await storageDump(popup, 'local')).toContain(ed.publicKeyLine);
    expect(await offersOnOurPages(ff)).toEqual([]);
    // …and the passphrase was still drawn masked, as in a password field
    await clickButton(popup, 'Make another key');
    await popup.type('#passphrase', 'x');
    expect(await popup.$eval('#passphrase', (e) => getComputedStyle(e).getPropertyValue('-webkit-text-security'))).toBe('disc');
  });

  it('RSA-2048 without a passphrase: files pass ssh-keygen and log in', async () => {
    await formReady(popup);
    await popup.click('input[name="keytype"][value="rsa-2048"]');
    await popup.click('label.check input[type="checkbox"]'); // No passphrase
    const rsa = await makeKey(ff, popup, 'infini_rsa');
    expect(rsa.publicKeyLine).toMatch(/^ssh-rsa AAAAB3NzaC1yc2E/);
    expect(sshKeygen(['-l', '-f', rsa.pub]).stdout).toMatch(/^2048 SHA256:/);
    await judgedByOpenSsh(rsa);
    await clickButton(popup, 'Done — I have both files');
    await expect.poll(() => storageDump(popup, 'session')).not.toContain('PRIVATE KEY');
  });

  it('Add existing → derive: unlocking the encrypted key file raises no password-saving offer either', async () => {
    await clickButton(popup, 'Add existing');
    const input = (await popup.waitForSelector('#derive-file')) as ElementHandle<HTMLInputElement>;
    await input!.uploadFile(ed.priv);
    await popup.waitForSelector('#derive-pass');
    await popup.type('#derive-pass', 'wrong');
    await clickButton(popup, 'Unlock');
    await waitForText(popup, /Wrong passphrase\. Try again\./);
    await popup.type('#derive-pass', PASSPHRASE);
    await clickButton(popup, 'Unlock');
    await waitForText(popup, /This key is already saved as “infini_ed25519”\./);
    // the dialog is gone (as a submitted login form's would be): Firefox's capture point
    expect(await popup.$('#derive-pass')).toBeNull();
    expect(await offersOnOurPages(ff)).toEqual([]);
  });

  it('the console: a real click fills the saved key into the React form', async () => {
    const page = await ff.browser.newPage();
    await page.goto(`${CONSOLE}/dev-machine`);
    await page.click('#create');
    const TOGGLE = '.anchor[data-kind="key"] button.toggle';
    const FILL = '.menu [data-action="fill-key"]';
    const count = (sel: string) => inShadow<number>(page, '(root, s) => (root ? root.querySelectorAll(s).length : 0)', [sel]);
    await expect.poll(() => count(TOGGLE), { timeout: 120_000 }).toBe(1);
    // our shadow root is closed: the page's scripts cannot reach it
    expect(await page.evaluate(() => document.querySelector('infini-ssh-keys')!.shadowRoot)).toBeNull();
    // a script's click on our button is not trusted: no menu opens
    await inShadow(page, '(root, s) => { root.querySelector(s).click(); }', [TOGGLE]);
    expect(await count(FILL)).toBe(0);
    await clickInShadow(page, TOGGLE);
    await expect.poll(() => count(FILL)).toBeGreaterThan(0); // one entry per saved key (two by now)
    expect(await inShadow<string>(page, '(root, s) => root.querySelector(s).textContent', [FILL])).toContain('infini_ed25519');
    await clickInShadow(page, FILL);
    const state = async () => JSON.parse((await page.$eval('#form-state', (e) => e.textContent)) ?? '{}');
    await expect.poll(async () => (await state()).sshKey).toBe(ed.publicKeyLine);
    expect(await state()).toMatchObject({ submitted: false });
    // the page never sees a private key
    expect(await page.evaluate(() => document.documentElement.outerHTML)).not.toContain('PRIVATE');
    await page.close();
  });

  it('the password-saving offer is observable here: a plain login form gets one (control)', async () => {
    await ff.serve(`${CONSOLE}/login`, '<!doctype html><form action="/login/done" method="post"><input name="user" id="u"><input type="password" name="pw" id="p"><button id="s">Log in</button></form>');
    await ff.serve(`${CONSOLE}/login/done`, '<!doctype html><p>welcome</p>');
    const page = await ff.browser.newPage();
    await page.goto(`${CONSOLE}/login`);
    await page.type('#u', 'alice');
    await page.type('#p', 'a-site-password');
    await Promise.all([page.waitForNavigation(), page.click('#s')]);
    await expect.poll(() => ff.passwordOffers()).toContain(`${CONSOLE}/login/done (shown)`);
    expect(await offersOnOurPages(ff)).toEqual([]);
    await page.close();
  });

  it('no network request left the browser, and nothing private is stored', async () => {
    expect(ff.refused).toEqual([]);
    expect(ff.proxied).toEqual([]);
    expect(ff.requests.every((u) => u.startsWith(`${CONSOLE}/`))).toBe(true);
    for (const area of ['local', 'sync', 'session'] as const) expect(await storageDump(popup, area)).not.toContain('PRIVATE KEY');
  });
});

/** The "New key" form is on screen. */
async function formReady(page: Page): Promise<void> {
  await page.waitForSelector('#passphrase', { timeout: 120_000 });
}
