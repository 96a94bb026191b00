// The content script on big and busy console pages, in the real Chromium with the built
// extension: a list of 1,000 machines (the rows on and near the screen get their actions, a
// row scrolled to gets one, a row added, removed or changed later follows, and so does a row
// whose copy button goes) and a log streaming into a <pre> (no log line ever gets
// an action, the page's own connect command does). What these pages cost is measured by
// `npm run bench`, not here: no test depends on the machine's speed.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from '../helpers/chromium';
import { serveConsole, CONSOLE } from '../fixtures/console/pages';
import { inShadow, overlayOf } from '../helpers/shadow';

vi.setConfig({ expect: { poll: { timeout: 60_000, interval: 200 } } });

const host = (p: Page) => overlayOf(p);
const commandToggles = (p: Page) => host(p).locator('.anchor[data-kind="command"] button.toggle');
const clipboard = (p: Page) => p.evaluate(() => navigator.clipboard.readText());

/** The action beside `row` (a locator of the page): the command toggle whose box sits on the row's line. */
async function toggleOfRow(page: Page, row: Locator) {
  await row.scrollIntoViewIfNeeded();
  let index = -1;
  await expect
    .poll(async () => {
      const r = (await row.boundingBox())!;
      // every toggle's vertical middle in one read of our root
      const middles = await inShadow<number[]>(page, `(root) => root ? [...root.querySelectorAll('.anchor[data-kind="command"] button.toggle')].map((el) => { const b = el.getBoundingClientRect(); return b.height ? b.y + b.height / 2 : -1; }) : []`);
      const on = middles.flatMap((m, i) => (m > r.y && m < r.y + r.height ? [i] : []));
      index = on.length === 1 ? on[0]! : -1;
      return on.length;
    })
    .toBe(1);
  return commandToggles(page).nth(index);
}

/** Opens the action beside `row` and copies its command as shown. */
async function copyShown(page: Page, row: Locator): Promise<string> {
  if ((await host(page).locator('.menu').count()) > 0) await page.mouse.click(2, 2);
  const toggle = await toggleOfRow(page, row);
  await toggle.click();
  await host(page).locator('.menu [data-action="copy-shown"]').click();
  await expect.poll(() => host(page).locator('.menu .status').textContent()).toMatch(/^(Copied: |已复制：)\S/); // the status names what was copied (as in console.test.ts)
  return clipboard(page);
}

/** The machines "My machines" holds (storage.local, read in the service worker). */
const remembered = (b: ExtensionBrowser) =>
  b.serviceWorker.evaluate(async () => {
    const { chrome } = globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } };
    const got = await chrome.storage.local.get('machines');
    return ((got.machines ?? []) as { connection: { port?: number } }[]).map((m) => m.connection.port);
  });

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

  it('1,000 machine rows: each row on screen has one action, a row scrolled to gets one, rows far away none; added, removed and changed rows follow', async () => {
    const page = await b.context.newPage();
    await page.goto(`${CONSOLE}/dev-machine/list-1000`);
    const rows = page.locator('#rows tr');
    expect(await rows.count()).toBe(1000);
    // the rows on screen have their actions; a thousand rows do not make a thousand buttons
    // (only rows within half a screen's height of the viewport have one: about 30 here)
    await expect.poll(() => commandToggles(page).count()).toBeGreaterThan(20);
    expect(await commandToggles(page).count()).toBeLessThan(120);

    // the first and the last row's actions act on their own row's command
    expect(await copyShown(page, rows.first())).toBe('ssh -p 30001 root@10.2.0.1');
    expect(await copyShown(page, rows.last())).toBe('ssh -p 31000 root@10.2.3.232');
    expect(await commandToggles(page).count()).toBeLessThan(120);
    // "remember shown commands": the rows that were on screen, not every row of the list
    const ports = await remembered(b);
    expect(ports).toContain(30001);
    expect(ports).toContain(31000);
    expect(ports.length).toBeLessThan(200);
    expect(ports).not.toContain(30500);

    // a row in the middle, reached by scrolling, gets its action (and is remembered)
    expect(await copyShown(page, rows.nth(499))).toBe('ssh -p 30500 root@10.2.1.244');
    expect(await remembered(b)).toContain(30500);

    // a row appended later (a refreshing list) gets its action, the others keep theirs
    const added = await page.evaluate(() => (window as unknown as { addMachine(): string }).addMachine());
    expect(added).toBe('ssh -p 31001 root@10.2.3.233');
    expect(await copyShown(page, rows.last())).toBe(added);
    expect(await copyShown(page, rows.nth(999))).toBe('ssh -p 31000 root@10.2.3.232');

    // a row that goes away takes its action with it; the one below now has the first action
    await page.mouse.click(2, 2);
    await page.evaluate(() => document.querySelector('#rows tr')!.remove());
    expect(await copyShown(page, rows.first())).toBe('ssh -p 30002 root@10.2.0.2');

    // a command that changes in place (a reused row) is acted on as it reads now
    await page.mouse.click(2, 2);
    await page.evaluate(() => (document.querySelector('#rows tr .cmd')!.textContent = 'ssh -p 39999 root@10.9.9.9'));
    await expect.poll(() => copyShown(page, rows.first())).toBe('ssh -p 39999 root@10.9.9.9');
    expect(await commandToggles(page).count()).toBeLessThan(120);

    // a far row loses its copy button (the command text stays): scrolled to, it still has one
    // action, its text's (the text is looked at with its row's button until the button goes)
    await page.mouse.click(2, 2);
    const far = rows.nth(699);
    expect(await far.locator('.cmd').textContent()).toBe('ssh -p 30701 root@10.2.2.189');
    await far.evaluate((tr) => tr.querySelector('.copy')!.remove());
    expect(await copyShown(page, far)).toBe('ssh -p 30701 root@10.2.2.189');
    // the row below it, on screen now, loses its button too: its text keeps one action
    await page.mouse.click(2, 2);
    const next = rows.nth(700);
    expect(await copyShown(page, next)).toBe('ssh -p 30702 root@10.2.2.190');
    await next.evaluate((tr) => tr.querySelector('.copy')!.remove());
    await page.mouse.click(2, 2);
    expect(await copyShown(page, next)).toBe('ssh -p 30702 root@10.2.2.190');
    // a far row's copy button loses its copy attribute (the button stays): one action, its text's
    await page.mouse.click(2, 2);
    const farther = rows.nth(899);
    await farther.evaluate((tr) => tr.querySelector('.copy')!.removeAttribute('data-clipboard-text'));
    expect(await copyShown(page, farther)).toBe('ssh -p 30901 root@10.2.3.133');
    await page.close();
  });

  it('lists read without the page-wide text search, and with it: a command deep in its cell beside its copy button, one with no button, one inside a region whose copy element is never shown', async () => {
    const page = await b.context.newPage();
    // every command four levels inside its cell, beside its copy button: read with the button's row
    await page.goto(`${CONSOLE}/dev-machine/list-mixed?case=deep`);
    await expect.poll(() => commandToggles(page).count()).toBe(8);
    expect(await copyShown(page, page.locator('tr[data-machine="dev-5"]'))).toBe('ssh -p 30005 root@10.3.0.5');
    // rows with their buttons, and one command with none: it has its action too
    await page.goto(`${CONSOLE}/dev-machine/list-mixed?case=lone`);
    await expect.poll(() => commandToggles(page).count()).toBe(9);
    expect(await copyShown(page, page.locator('#lone'))).toBe('ssh -p 2222 root@10.1.1.1');
    // a panel's hidden copy helper is no copy button of a row: the command in the panel has its action
    await page.goto(`${CONSOLE}/dev-machine/list-mixed?case=region`);
    await expect.poll(() => commandToggles(page).count()).toBe(9);
    expect(await copyShown(page, page.locator('#region'))).toBe('ssh -p 2223 root@10.1.1.2');
    expect(b.refused).toEqual([]);
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
    expect(await copyShown(page, page.locator('#connect'))).toBe('ssh -p 30042 root@10.2.0.42');

    const lines = await page.evaluate(() => (window as unknown as { stopLog(): number }).stopLog());
    expect(lines).toBeGreaterThan(200);
    // after the last lines were scanned, still only the connect command has an action
    await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
    expect(await commandToggles(page).count()).toBe(1);
    expect(b.refused).toEqual([]);
    await page.close();
  });
});
