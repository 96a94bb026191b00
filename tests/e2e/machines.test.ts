// "My machines" in the real Chromium with the built extension: a dev machine page and an AICoder
// dialog served at the console URL with commands that point at throwaway sshd on loopback; their
// actions are used, both machines show up in the popup's Machines tab, "config for all" is copied
// and logs in to both (the AICoder through its jump host); a new port on the page moves the record
// and raises the warning. Also the console fixes: the key-name field gets no button and never the
// key, and buttons end beside their fields after a dialog's CSS entrance animation, inside the box.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { readFileSync, mkdirSync, copyFileSync, chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, artifactPath, type ExtensionBrowser } from '../helpers/chromium';
import { sshKeygen, tempDir, startSshd, startJumpPair, run, noAgentEnv, sshWrapperDir, TEST_HOST_STAR_BLOCK, type Sshd, type JumpPair } from '../helpers/openssh';
import { serveConsole, CONSOLE } from '../fixtures/console/pages';
import { overlayOf } from '../helpers/shadow';
import { mergeSshConfig } from '../../lib/config/ssh-config';
import type { SavedKey } from '../../lib/storage';

vi.setConfig({ expect: { poll: { timeout: 30_000, interval: 100 } } });

declare const chrome: { storage: { local: { set(v: object): Promise<void>; get(k: string | null): Promise<Record<string, unknown>> } } };

const KEY_NAME = 'infini_machines_ed25519';
let keyFile: string;
let key: SavedKey;
let b: ExtensionBrowser;
let dev: Sshd;
let aic: JumpPair;
/** a dev machine reached through the AICoder (by its internal address there: loopback here) */
let behind: Sshd;
let laptop: string;

const host = (p: Page) => overlayOf(p);
const toggles = (p: Page, kind: 'key' | 'command' | 'terminal') => host(p).locator(`.anchor[data-kind="${kind}"] button.toggle`);
const item = (p: Page, action: string) => host(p).locator(`.menu [data-action="${action}"]`);
const clipboard = (p: Page) => p.evaluate(() => navigator.clipboard.readText());

beforeAll(async () => {
  const dir = tempDir('machines-key-');
  keyFile = join(dir, KEY_NAME);
  expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'me@laptop', '-f', keyFile]).status).toBe(0);
  const publicKeyLine = readFileSync(`${keyFile}.pub`, 'utf8').trim();
  const fp = sshKeygen(['-l', '-E', 'sha256', '-f', `${keyFile}.pub`]).stdout.split(' ')[1]!;
  key = { id: 'k1', name: KEY_NAME, comment: 'me@laptop', type: 'ssh-ed25519', bits: 256, fingerprint: fp, publicKeyLine, createdAt: Date.now(), privateKeyPath: `~/.ssh/${KEY_NAME}` };
  [dev, aic, behind] = await Promise.all([startSshd([publicKeyLine]), startJumpPair([publicKeyLine]), startSshd([publicKeyLine])]);
  // the user's computer: the private key where the copied commands and config expect it
  laptop = tempDir('laptop-home-');
  mkdirSync(join(laptop, '.ssh'), { mode: 0o700 });
  copyFileSync(keyFile, join(laptop, '.ssh', KEY_NAME));
  chmodSync(join(laptop, '.ssh', KEY_NAME), 0o600);
  b = await launchWithExtension({ lang: 'en-US' });
  await serveConsole(b);
  // clipboard-read to read it back; clipboard-write as a real profile has it (Playwright's
  // permission override would deny it): our overlay copies with navigator.clipboard in the user's click
  await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: CONSOLE });
  await b.serviceWorker.evaluate((k) => chrome.storage.local.set({ savedKeys: [k], defaultKeyId: k.id }), key);
});
afterAll(async () => {
  await b?.close();
  await Promise.all([dev?.stop(), aic?.stop(), behind?.stop()]);
});

const devCommand = (port: number) => `ssh -p ${port} ${dev.user}@127.0.0.1`;
const aicCommand = () => `ssh -J ${aic.jump.user}@127.0.0.1:${aic.jump.port} -p ${aic.target.port} ${aic.target.user}@127.0.0.1`;
const url = (path: string, name: string, cmd: string) => `${CONSOLE}${path}?${new URLSearchParams({ name, cmd })}`;

async function openPage(u: string): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(u);
  return page;
}

async function records(): Promise<{ alias: string; name?: string; connection: { port?: number }; keyName?: string }[]> {
  return ((await b.serviceWorker.evaluate(() => chrome.storage.local.get('machines'))).machines ?? []) as never;
}

/** ssh reads `~` in a config from the passwd home: the laptop's home here is a temp dir, so its path stands in for `~`. */
function loginWithConfig(config: string, alias: string) {
  const file = join(tempDir('cfg-'), 'config');
  writeFileSync(file, mergeSshConfig(TEST_HOST_STAR_BLOCK, config).replaceAll('IdentityFile ~/', `IdentityFile ${laptop}/`), { mode: 0o600 });
  return run('ssh', ['-F', file, alias, 'echo', 'ok'], { env: noAgentEnv({ HOME: laptop }), timeout: 60_000 });
}

describe('My machines', () => {
  it('dev machine page + AICoder dialog → both in Machines → "config for all" logs in to both; the copied -i command too', async () => {
    // 1. The dev machine's detail page: "Copy with -i" (the machine is remembered with its name and key).
    const devPage = await openPage(url('/dev-machine/detail/mine', 'my-dev', devCommand(dev.port)));
    await toggles(devPage, 'command').click();
    await item(devPage, 'copy-with-key').click();
    await expect.poll(() => clipboard(devPage)).toContain(`-i ~/.ssh/${KEY_NAME}`);
    const cmdLogin = run('bash', ['-c', `${await clipboard(devPage)} echo ok`], { env: noAgentEnv({ HOME: laptop, PATH: `${sshWrapperDir()}:${process.env.PATH}` }), timeout: 60_000 });
    expect(cmdLogin.stdout, cmdLogin.stderr).toBe('ok\n');

    // 2. The AICoder's "SSH 连接" dialog (narrow, animated in): its actions button stays inside the dialog.
    const aicPage = await openPage(url('/aicoder/mine', 'my-aic', aicCommand()));
    await aicPage.click('#open-ssh');
    await expect.poll(() => toggles(aicPage, 'command').count()).toBe(1);
    await aicPage.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await expect
      .poll(async () => {
        const box = (await toggles(aicPage, 'command').boundingBox())!;
        const dialog = (await aicPage.locator('#aic-modal').boundingBox())!;
        return box.x >= dialog.x && box.x + box.width <= dialog.x + dialog.width && box.y >= dialog.y && box.y + box.height <= dialog.y + dialog.height;
      })
      .toBe(true);
    await aicPage.screenshot({ path: artifactPath('machines-aicoder-dialog.png') });
    await toggles(aicPage, 'command').click();
    await item(aicPage, 'copy-config').click();
    // the entry copied on the page names the same Host as "My machines" does (the page's name)
    await expect.poll(() => clipboard(aicPage)).toMatch(/^# Infini SSH Keys: begin infini-my-aic\n/);
    expect(await clipboard(aicPage)).toContain('    ProxyJump infini-my-aic-jump\n');

    // 3. The popup's Machines tab lists both, newest first, with the page's names.
    await expect.poll(async () => (await records()).map((r) => r.name)).toEqual(['my-aic', 'my-dev']);
    expect((await records()).every((r) => r.keyName === KEY_NAME)).toBe(true);
    const popup = await b.openPopup();
    await popup.getByRole('tab', { name: 'Machines' }).click();
    await expect.poll(() => popup.locator('li[data-machine]').evaluateAll((els) => els.map((e) => e.getAttribute('data-machine')))).toEqual(['infini-my-aic', 'infini-my-dev']);

    // 4. One click from the AICoder's record: the dev machine behind it, by its internal address.
    const behindAlias = `infini-127.0.0.1-${behind.port}`;
    await popup.locator('li[data-machine="infini-my-aic"] input').fill(`${behind.user}@127.0.0.1:${behind.port}`);
    await popup.locator('li[data-machine="infini-my-aic"]').getByRole('button', { name: 'Add' }).click();
    await expect.poll(() => popup.locator('li[data-machine]').first().getAttribute('data-machine')).toBe(behindAlias);
    await expect.poll(() => popup.locator(`li[data-machine="${behindAlias}"] .meta`).first().textContent()).toBe('via my-aic');
    await popup.screenshot({ path: artifactPath('machines-popup.png'), fullPage: true });

    // 5. "Copy config for all machines" → a real login to each, the AICoder through its jump host,
    //    the machine behind it through both.
    await popup.getByTestId('copy-config-all').click();
    await expect.poll(() => popup.getByTestId('config-for-all').getByRole('status').first().textContent()).toContain('Copied');
    await aicPage.bringToFront();
    const config = await clipboard(aicPage);
    expect(config).toMatch(/^# Infini SSH Keys: begin all-machines\n/);
    expect(config).toContain(`IdentityFile ~/.ssh/${KEY_NAME}\n`);
    expect(config).toMatch(new RegExp(`Host ${behindAlias.replace(/\./g, '\\.')}\n(?: {4}.*\n)*? {4}ProxyJump infini-my-aic\n`));
    for (const alias of ['infini-my-dev', 'infini-my-aic', behindAlias]) {
      const r = loginWithConfig(config, alias);
      expect(r.stdout, `${alias}: ${r.stderr}`).toBe('ok\n');
    }
    await Promise.all([devPage.close(), aicPage.close(), popup.close()]);
  });

  it('the page shows a new port: the record follows in place and Machines says "port A → B: copy the updated config"', async () => {
    const moved = await startSshd([key.publicKeyLine]); // the re-created dev machine, on a new port
    try {
      const before = (await records()).find((r) => r.name === 'my-dev')!;
      // shown only (the setting "remember shown commands" is on by default): no click needed
      const page = await openPage(url('/dev-machine/detail/mine', 'my-dev', devCommand(moved.port)));
      await expect.poll(() => toggles(page, 'command').count()).toBe(1);
      await expect.poll(async () => (await records()).find((r) => r.name === 'my-dev')?.connection.port).toBe(moved.port);
      expect((await records()).filter((r) => r.name === 'my-dev')).toHaveLength(1);
      expect((await records()).find((r) => r.name === 'my-dev')!.alias).toBe(before.alias);
      const popup = await b.openPopup();
      await popup.getByRole('tab', { name: 'Machines' }).click();
      const card = popup.locator('li[data-machine="infini-my-dev"]');
      await expect.poll(() => card.getByTestId('machine-moved').textContent()).toBe(`Port ${dev.port} → ${moved.port}: copy the updated config.`);
      await popup.getByTestId('copy-config-all').click();
      await expect.poll(() => card.getByTestId('machine-moved').count()).toBe(0);
      await page.bringToFront();
      const r = loginWithConfig(await clipboard(page), 'infini-my-dev');
      expect(r.stdout, r.stderr).toBe('ok\n');
      // forget one: gone from storage.local
      await popup.bringToFront();
      await popup.getByRole('button', { name: 'Forget my-dev' }).click();
      await expect.poll(async () => (await records()).some((x) => x.name === 'my-dev')).toBe(false);
      expect((await records()).map((x) => x.name)).toContain('my-aic');
      await Promise.all([page.close(), popup.close()]);
    } finally {
      await moved.stop();
    }
  });

  it('"remember shown commands" off: a command on screen is not remembered; on again, the next command shown is', async () => {
    await b.serviceWorker.evaluate(() => chrome.storage.local.set({ rememberShownCommands: false }));
    try {
      const quiet = await openPage(url('/dev-machine/detail/mine', 'quiet-dev', devCommand(40001)));
      await expect.poll(() => toggles(quiet, 'command').count()).toBe(1);
      // the setting is read when the command is shown: give a write (milliseconds) ample time to happen
      await new Promise((r) => setTimeout(r, 2000));
      expect((await records()).some((r) => r.name === 'quiet-dev')).toBe(false);
      await b.serviceWorker.evaluate(() => chrome.storage.local.set({ rememberShownCommands: true }));
      const shown = await openPage(url('/dev-machine/detail/mine', 'shown-dev', devCommand(40002)));
      await expect.poll(async () => (await records()).some((r) => r.name === 'shown-dev')).toBe(true);
      expect((await records()).some((r) => r.name === 'quiet-dev')).toBe(false);
      await Promise.all([quiet.close(), shown.close()]);
    } finally {
      await b.serviceWorker.evaluate(() => chrome.storage.local.set({ rememberShownCommands: true }));
    }
  });

  it('add-key dialog with a CSS entrance animation: one button, beside the key field (not the 请输入公钥名称 name field), and the key lands only in the key field', async () => {
    const page = await openPage(`${CONSOLE}/account/ssh-keys-animated`);
    await page.click('#add-key');
    await expect.poll(() => toggles(page, 'key').count()).toBe(1);
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    // the button sits on the key field's label row, at its right end, once the dialog has settled
    await expect
      .poll(async () => {
        const btn = (await toggles(page, 'key').boundingBox())!;
        const field = (await page.locator('#k_key').boundingBox())!;
        return Math.abs(btn.y + btn.height + 2 - field.y) <= 3 && Math.abs(btn.x + btn.width - (field.x + field.width)) <= 3;
      })
      .toBe(true);
    expect(await toggles(page, 'key').count()).toBe(1);
    await page.screenshot({ path: artifactPath('machines-animated-dialog.png') });
    await toggles(page, 'key').click();
    await item(page, 'fill-key').first().click();
    await expect.poll(() => page.locator('#k_key').inputValue()).toBe(key.publicKeyLine);
    expect(await page.locator('#k_name').inputValue()).toBe(KEY_NAME);
    await page.close();
  });
});
