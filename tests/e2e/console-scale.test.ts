// The content script on big and busy console pages, in the real Chromium with the built
// extension: a list of 1,000 machines (each row's command gets its action, a row added or
// removed later gains or loses one) and a log streaming into a <pre> (no log line ever gets
// an action, the page's own connect command does). What these pages cost is measured by
// `npm run bench`, not here: no test depends on the machine's speed.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from '../helpers/chromium';
import { serveConsole, CONSOLE } from '../fixtures/console/pages';
import { overlayOf } from '../helpers/shadow';

vi.setConfig({ expect: { poll: { timeout: 60_000, interval: 200 } } });

const host = (p: Page) => overlayOf(p);
const commandToggles = (p: Page) => host(p).locator('.anchor[data-kind="command"] button.toggle');
const clipboard = (p: Page) => p.evaluate(() => navigator.clipboard.readText());

/** Opens the action of the command in `row` (scrolled into view) and copies it as shown. */
async function copyShown(page: Page, index: number): Promise<string> {
  if ((await host(page).locator('.menu').count()) > 0) await page.mouse.click(2, 2);
  const toggle = commandToggles(page).nth(index);
  await expect.poll(() => toggle.isVisible()).toBe(true);
  await toggle.click();
  await host(page).locator('.menu [data-action="copy-shown"]').click();
  await expect.poll(() => host(page).locator('.menu .status').textContent()).toMatch(/^(Copied: |已复制：)\S/); // the status names what was copied (as in console.test.ts)
  return clipboard(page);
}

describe('content script on big and busy pages', () => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    b = await launchWithExtension({ lang: 'en-US' });
    await serveConsole(b);
    // clipboard-read to read it back; clipboard-write as a real profile has it (Playwright's
    // permission override would deny it): our overlay copies with navigator.clipboard in the user's click
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: CONSOLE });
  });
  afterAll(async () => b?.close());

  it('1,000 machine rows: every row\'s command gets one action; a row added later gets one, a removed row loses its own', async () => {
    const page = await b.context.newPage();
    await page.goto(`${CONSOLE}/dev-machine/list-1000`);
    expect(await page.locator('#rows tr').count()).toBe(1000);
    await expect.poll(() => commandToggles(page).count()).toBe(1000);

    // the first and the last row's actions act on their own row's command
    expect(await copyShown(page, 0)).toBe('ssh -p 30001 root@10.2.0.1');
    await page.locator('#rows tr').last().scrollIntoViewIfNeeded();
    expect(await copyShown(page, 999)).toBe('ssh -p 31000 root@10.2.3.232');

    // a row appended later (a refreshing list) gets its action, the others keep theirs
    const added = await page.evaluate(() => (window as unknown as { addMachine(): string }).addMachine());
    expect(added).toBe('ssh -p 31001 root@10.2.3.233');
    await expect.poll(() => commandToggles(page).count()).toBe(1001);
    await page.locator('#rows tr').last().scrollIntoViewIfNeeded();
    expect(await copyShown(page, 1000)).toBe(added);

    // a row that goes away takes its action with it; the one below now has the first action
    await page.mouse.click(2, 2);
    await page.evaluate(() => document.querySelector('#rows tr')!.remove());
    await expect.poll(() => commandToggles(page).count()).toBe(1000);
    await page.locator('#rows tr').first().scrollIntoViewIfNeeded();
    expect(await copyShown(page, 0)).toBe('ssh -p 30002 root@10.2.0.2');

    // a command that changes in place (a reused row) is acted on as it reads now
    await page.mouse.click(2, 2);
    await page.evaluate(() => (document.querySelector('#rows tr .cmd')!.textContent = 'ssh -p 39999 root@10.9.9.9'));
    await expect.poll(() => copyShown(page, 0)).toBe('ssh -p 39999 root@10.9.9.9');
    expect(await commandToggles(page).count()).toBe(1000);
    await page.close();
  });

  it('a log streaming into a <pre>: no log line gets an action, even lines that are ssh commands; the page\'s connect command does', async () => {
    const page = await b.context.newPage();
    await page.goto(`${CONSOLE}/dev-machine/detail/log`);
    await expect.poll(() => page.evaluate(() => (window as unknown as { logLines: number }).logLines)).toBeGreaterThan(200);
    const log = (await page.locator('#log').textContent())!;
    // the log really holds whole commands, on lines of their own
    expect(log).toMatch(/^ssh -p 30042 root@10\.2\.0\.\d+$/m);
    expect(log).toMatch(/^\$ ssh root@10\.2\.1\.\d+ nvidia-smi$/m);
    expect(await commandToggles(page).count()).toBe(1);
    expect(await copyShown(page, 0)).toBe('ssh -p 30042 root@10.2.0.42');

    const lines = await page.evaluate(() => (window as unknown as { stopLog(): number }).stopLog());
    expect(lines).toBeGreaterThan(200);
    // after the last lines were scanned, still only the connect command has an action
    await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
    expect(await commandToggles(page).count()).toBe(1);
    expect(b.refused).toEqual([]);
    await page.close();
  });
});
