// The console integration in the real Chromium with the built extension: fixture pages served at
// the real console URLs (React 18 and Vue 3 apps, Ant Design / Element Plus style markup), real
// user clicks on the injected buttons, and the page's own framework state read back.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { readFileSync, mkdirSync, copyFileSync, chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchWithExtension, artifactPath, type ExtensionBrowser } from '../helpers/chromium';
import { sshKeygen, tempDir, startSshd, run } from '../helpers/openssh';
import { serveConsole, CONSOLE } from '../fixtures/console/pages';
import { overlayOf } from '../helpers/shadow';
import { parseConnectCommand, connectCommand } from '../../lib/config/connect-command';
import { buildSshConfig, defaultAlias } from '../../lib/config/ssh-config';
import { authorizeKeyCommand } from '../../lib/config/authorized-keys';
import { vscodeRemoteUri } from '../../lib/config/vscode';
import { contentText } from '../../lib/i18n/content';
import type { SavedKey } from '../../lib/storage';
import type { Connection } from '../../lib/config/types';

// expect.poll waits 1 s by default: too short for a page load plus a scan on a busy 2-core CI box
// (no test may depend on the machine's speed: a minute of room).
vi.setConfig({ expect: { poll: { timeout: 60_000, interval: 100 } } });

// The service worker's `chrome` (evaluated there, typed here only as far as the test uses it).
declare const chrome: {
  storage: { local: { set(v: object): Promise<void> } };
  tabs: { query(q: object): Promise<{ id?: number; title?: string; url?: string }[]> };
};

/** A real key pair from ssh-keygen; only its public half is ever saved, as the popup does. */
/** private key files by key id (they stay in the test's temp dirs, never near the browser) */
const privateFiles = new Map<string, string>();

function realKey(id: string, name: string, comment: string): SavedKey {
  const dir = tempDir('console-key-');
  const file = `${dir}/${name}`;
  expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]).status).toBe(0);
  const publicKeyLine = readFileSync(`${file}.pub`, 'utf8').trim();
  const fp = sshKeygen(['-l', '-E', 'sha256', '-f', `${file}.pub`]).stdout.split(' ')[1]!;
  privateFiles.set(id, file);
  return { id, name, comment, type: 'ssh-ed25519', bits: 256, fingerprint: fp, publicKeyLine, privateKeyPath: `~/.ssh/${name}`, createdAt: Date.now() };
}

const KEY1 = realKey('k1', 'infini_ed25519', 'jane@laptop');
const KEY2 = realKey('k2', 'work_ed25519', 'jane@work');

// clipboard-read to read the clipboard back; clipboard-write is what every site has in a real
// profile (Chromium grants it by default), which Playwright's permission override would deny.
async function seed(b: ExtensionBrowser, keys: SavedKey[], def: string | null) {
  await b.serviceWorker.evaluate(([k, d]) => chrome.storage.local.set({ savedKeys: k, defaultKeyId: d }), [keys, def] as const);
}

// our overlay's closed shadow root, reached through the DevTools protocol (tests/helpers/shadow.ts)
const host = (p: Page) => overlayOf(p);
const toggles = (p: Page, kind: 'key' | 'command' | 'terminal') => host(p).locator(`.anchor[data-kind="${kind}"] button.toggle`);
const item = (p: Page, action: string) => host(p).locator(`.menu [data-action="${action}"]`);
const formState = async (p: Page) => JSON.parse((await p.locator('#form-state').textContent())!);
const clipboard = (p: Page) => p.evaluate(() => navigator.clipboard.readText());
const conn = (text: string): Connection => {
  const r = parseConnectCommand(text);
  if (!r.ok) throw r.error;
  return r.connection;
};

async function open(b: ExtensionBrowser, path: string): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(`${CONSOLE}${path}`);
  return page;
}

/** A click on an empty corner of the page closes our open menu (as a user's would). */
async function closeMenus(page: Page): Promise<void> {
  if ((await host(page).locator('.menu').count()) === 0) return;
  await page.mouse.click(2, 2);
  await expect.poll(() => host(page).locator('.menu').count()).toBe(0);
}

/** The English message the add-key one-liner's builder refuses `line` with. */
function authorizeError(line: string): string {
  try {
    authorizeKeyCommand(line);
  } catch (e) {
    return (e as { en: string }).en;
  }
  throw new Error('expected a refusal');
}

/** Open the i-th command's menu (closing any open one), run an action, return the clipboard. */
async function copyVia(page: Page, i: number, action: string): Promise<string> {
  await closeMenus(page);
  await toggles(page, 'command').nth(i).click();
  await item(page, action).click();
  await expect.poll(() => host(page).locator('.menu .status').textContent()).toMatch(/^(Copied: |已复制：)\S/);
  return clipboard(page);
}

/** The i-th command's "Open in VS Code" link. */
async function vscodeHref(page: Page, i: number): Promise<string | null> {
  await closeMenus(page);
  await toggles(page, 'command').nth(i).click();
  return item(page, 'open-vscode').getAttribute('href');
}

describe('console integration (en-US)', () => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    b = await launchWithExtension({ lang: 'en-US' });
    await serveConsole(b);
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: CONSOLE });
    await seed(b, [KEY2, KEY1], 'k1');
  });
  afterAll(async () => b?.close());

  it('React create form after a route change: a real click fills the key into React state, the machine name stays, nothing is submitted', async () => {
    const page = await open(b, '/dev-machine');
    await expect.poll(() => toggles(page, 'command').count()).toBe(3);
    expect(await toggles(page, 'key').count()).toBe(0);
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await page.click('#create');
    await expect.poll(() => toggles(page, 'key').count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/dev-machine/create');
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    // the list's commands went away with the list
    expect(await toggles(page, 'command').count()).toBe(0);

    // The fixture is really controlled: setting .value (even with an input event) is lost.
    await page.evaluate(() => {
      const ta = document.querySelector<HTMLTextAreaElement>('#dm_ssh_key')!;
      ta.value = 'ssh-ed25519 AAAA-set-by-value';
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect((await formState(page)).sshKey).toBe('');
    await page.fill('#dm_name', 'my-dev');
    // …and React's next render wipes it from the field too
    expect(await page.inputValue('#dm_ssh_key')).toBe('');
    expect(await toggles(page, 'key').count()).toBe(1); // re-renders never add a second button

    // A page script cannot reach our buttons (a closed shadow root), let alone click them.
    expect(await page.evaluate(() => document.querySelector('infini-ssh-keys')!.shadowRoot)).toBeNull();
    expect(await item(page, 'fill-key').count()).toBe(0);

    await toggles(page, 'key').click();
    await expect.poll(() => item(page, 'fill-key').count()).toBe(2);
    // default first, then the other saved key
    expect(await item(page, 'fill-key').first().textContent()).toContain('infini_ed25519');
    expect((await formState(page)).sshKey).toBe('');

    await item(page, 'fill-key').first().click();
    await expect.poll(async () => (await formState(page)).sshKey).toBe(KEY1.publicKeyLine);
    const state = await formState(page);
    expect(state).toMatchObject({ name: 'my-dev', image: 'pytorch-2.3', submitted: false });
    expect(await page.evaluate(() => (window as unknown as { __submitted?: number }).__submitted)).toBeUndefined();
    await expect.poll(() => host(page).locator('.menu .status').textContent()).toContain('Filled "infini_ed25519"');
    await page.screenshot({ path: artifactPath('console-react-create-en-US.png') });

    // The page's own submit then sends the key (the user's click on the page's button).
    await page.click('button[type="submit"]');
    expect(await formState(page)).toMatchObject({ submitted: true, sshKey: KEY1.publicKeyLine });
    await page.close();
  });

  it('Vue SSH key page: the late add-key dialog gets the chosen key and its name in Vue state', async () => {
    const page = await open(b, '/account/ssh-keys');
    await page.click('#add-key');
    await expect.poll(() => toggles(page, 'key').count()).toBe(1);
    await toggles(page, 'key').click();
    await item(page, 'fill-key').nth(1).click(); // the non-default key
    await expect.poll(async () => (await formState(page)).form).toEqual({ name: KEY2.name, key: KEY2.publicKeyLine });
    expect(await formState(page)).toMatchObject({ visible: true, submitted: 0, count: 1 });
    await page.screenshot({ path: artifactPath('console-vue-add-key-en-US.png') });
    await page.close();
  });

  it('dev machine list: command actions copy exactly what the config builders produce, and download the config entry', async () => {
    const page = await open(b, '/dev-machine');
    await expect.poll(() => toggles(page, 'command').count()).toBe(3);
    const shown = 'ssh -p 41587 root@1.2.3.4';
    const c = conn(shown);
    const identityFile = `~/.ssh/${KEY1.name}`;
    // the row's 名称 column names the machine: its alias is the one "My machines" gives it
    const alias = 'infini-my-dev';
    const config = buildSshConfig({ connection: c, identityFile, alias });

    await toggles(page, 'command').first().click();
    await item(page, 'copy-shown').click();
    await expect.poll(() => clipboard(page)).toBe(shown);
    await item(page, 'copy-with-key').click();
    await expect.poll(() => clipboard(page)).toBe(connectCommand(c, { identityFile, shell: 'posix' }));
    await item(page, 'copy-with-key-powershell').click();
    await expect.poll(() => clipboard(page)).toBe(connectCommand(c, { identityFile, shell: 'powershell' }));
    await item(page, 'copy-config').click();
    await expect.poll(() => clipboard(page)).toBe(config);
    expect(config).toContain('41587');

    const [download] = await Promise.all([page.waitForEvent('download'), item(page, 'download-config').click()]);
    expect(download.suggestedFilename()).toBe('infini-my-dev.ssh-config');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(config);
    expect(await item(page, 'open-vscode').getAttribute('href')).toBe(vscodeRemoteUri(alias));
    await page.screenshot({ path: artifactPath('console-command-menu-en-US.png') });
    // each button sits just after its command's text, not at the far end of a wide row
    for (const [i, sel] of [[0, '#cmd-code'], [2, '#cmd-label']] as const) {
      const btn = (await toggles(page, 'command').nth(i).boundingBox())!;
      const textEnd = await page.evaluate((s) => {
        const r = document.createRange();
        r.selectNodeContents(document.querySelector(s)!);
        return r.getBoundingClientRect().right;
      }, sel);
      expect(btn.x - textEnd).toBeGreaterThan(0);
      expect(btn.x - textEnd).toBeLessThan(90); // past the page's own copy button at most
    }

    // the readonly input's command has its own actions (Escape closes the open menu first)
    await page.keyboard.press('Escape');
    await expect.poll(() => host(page).locator('.menu').count()).toBe(0);
    await toggles(page, 'command').nth(1).click();
    await item(page, 'copy-shown').click();
    await expect.poll(() => clipboard(page)).toBe('ssh -p 41588 root@1.2.3.5');
    // a command after a label in the same text ("登录命令：ssh …"): the command alone is copied
    await page.mouse.click(5, 700); // a click elsewhere on the page closes it too
    await expect.poll(() => host(page).locator('.menu').count()).toBe(0);
    await toggles(page, 'command').nth(2).click();
    await item(page, 'copy-shown').click();
    await expect.poll(() => clipboard(page)).toBe('ssh -p 41589 root@1.2.3.6');
    await page.close();
  });

  it('AICoder SSH dialog (late modal, jump host): config with the jump host block, another key chosen', async () => {
    const page = await open(b, '/aicoder');
    await page.click('#open-ssh');
    await expect.poll(() => toggles(page, 'command').count()).toBe(1);
    const c = conn('ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp');
    expect(c.kind).toBe('aicoder');
    await toggles(page, 'command').click();
    await host(page).locator('.menu select').selectOption('k2');
    const identityFile = `~/.ssh/${KEY2.name}`;
    await item(page, 'copy-config').click();
    const config = buildSshConfig({ connection: c, identityFile, alias: defaultAlias(c) });
    await expect.poll(() => clipboard(page)).toBe(config);
    // the jump hop gets its own block with the same key (platform.md: -i does not reach it)
    expect(config).toMatch(/HostName ssh-jumper\.cloud\.infini-ai\.com\n\s+IdentityFile ~\/\.ssh\/work_ed25519/);
    await item(page, 'copy-with-key').click();
    await expect.poll(() => clipboard(page)).toBe(connectCommand(c, { identityFile, shell: 'posix' }));
    // the dialog closes on any pointer-down outside it, but not on ours
    expect(await page.evaluate(() => (window as unknown as { __closedByOutsideClick?: number }).__closedByOutsideClick)).toBeUndefined();
    await page.mouse.click(5, 300);
    await expect.poll(() => page.evaluate(() => (window as unknown as { __closedByOutsideClick?: number }).__closedByOutsideClick)).toBe(1);
    await expect.poll(() => host(page).count()).toBe(0);
    await page.close();
  });

  it('Web Terminal: copies the add-key one-liner for the default key', async () => {
    const page = await open(b, '/dev-machine/terminal/my-dev');
    await expect.poll(() => toggles(page, 'terminal').count()).toBe(1);
    await toggles(page, 'terminal').click();
    await item(page, 'copy-authorize').click();
    await expect.poll(() => clipboard(page)).toBe(authorizeKeyCommand(KEY1.publicKeyLine));
    await page.screenshot({ path: artifactPath('console-terminal-en-US.png') });
    await page.close();
  });

  it('Web Terminal: a saved key whose comment holds a control character (as an earlier version could save) is refused with the reason, nothing copied', async () => {
    const comment = 'jane@laptop\u001b[201~ rm -rf ~';
    const bad: SavedKey = { ...KEY1, id: 'bad', name: 'old_key', comment, publicKeyLine: KEY1.publicKeyLine.replace(/ \S+$/, ` ${comment}`) };
    await seed(b, [bad], 'bad');
    try {
      const page = await open(b, '/dev-machine/terminal/my-dev');
      await page.evaluate(() => navigator.clipboard.writeText('untouched'));
      await expect.poll(() => toggles(page, 'terminal').count()).toBe(1);
      await toggles(page, 'terminal').click();
      await item(page, 'copy-authorize').click();
      // the one-liner is built (and refused) by the background: the reason comes back as ours
      await expect.poll(() => host(page).locator('.menu .status.error').textContent()).toBe(authorizeError(bad.publicKeyLine));
      expect(await clipboard(page)).toBe('untouched');
      await page.close();
    } finally {
      await seed(b, [KEY2, KEY1], 'k1');
    }
  });

  it('Web Terminal inside an iframe of the console page: the frame gets the add-key action', async () => {
    const page = await open(b, '/dev-machine/my-dev/terminal');
    const frame = overlayOf(page, 'term');
    await expect.poll(() => frame.locator('.anchor[data-kind="terminal"] button.toggle').count()).toBe(1);
    expect(await host(page).count()).toBe(0); // the outer page has nothing of its own to offer
    await frame.locator('.anchor[data-kind="terminal"] button.toggle').click();
    await frame.locator('.menu [data-action="copy-authorize"]').click();
    await expect.poll(() => clipboard(page)).toBe(authorizeKeyCommand(KEY1.publicKeyLine));
    await page.close();
  });

  it('AICoder Shell revealed by a style change only: copies the add-key one-liner', async () => {
    const page = await open(b, '/aicoder');
    await page.click('#open-ssh'); // a command appears: proves the page was scanned before the reveal
    await expect.poll(() => toggles(page, 'command').count()).toBe(1);
    expect(await toggles(page, 'terminal').count()).toBe(0);
    await page.mouse.click(5, 300); // closes the SSH dialog (a pointer-down outside it)
    await expect.poll(() => toggles(page, 'command').count()).toBe(0);
    await page.click('#open-shell');
    await expect.poll(() => toggles(page, 'terminal').count()).toBe(1);
    await toggles(page, 'terminal').click();
    await item(page, 'copy-authorize').click();
    await expect.poll(() => clipboard(page)).toBe(authorizeKeyCommand(KEY1.publicKeyLine));
    await page.close();
  });

  it('a working setup in a few clicks: add-key one-liner from the terminal, then "copy with -i" logs in to a real sshd', async () => {
    const server = await startSshd([]); // the fresh machine: no key authorised yet
    try {
      // The user's computer: $HOME with the private key where the copied command expects it.
      // The "machine": ~/.ssh/authorized_keys is the sshd's file (a symlink stands in for the box).
      const laptop = tempDir('laptop-home-');
      mkdirSync(join(laptop, '.ssh'), { mode: 0o700 });
      copyFileSync(privateFiles.get('k1')!, join(laptop, '.ssh', KEY1.name));
      chmodSync(join(laptop, '.ssh', KEY1.name), 0o600);
      const machine = tempDir('machine-home-');
      mkdirSync(join(machine, '.ssh'), { mode: 0o700 });
      symlinkSync(server.authorizedKeysFile, join(machine, '.ssh', 'authorized_keys'));

      // 1. Web Terminal → "Add my SSH key" → paste into the machine's shell.
      const term = await open(b, '/dev-machine/terminal/my-dev');
      await toggles(term, 'terminal').click();
      await item(term, 'copy-authorize').click();
      await expect.poll(() => clipboard(term)).toBe(authorizeKeyCommand(KEY1.publicKeyLine));
      const pasted = run('sh', ['-c', await clipboard(term)], { env: { ...process.env, HOME: machine } });
      expect(pasted.status, pasted.stderr).toBe(0);
      expect(readFileSync(server.authorizedKeysFile, 'utf8')).toContain(KEY1.publicKeyLine);
      await term.close();

      // 2. The machine's detail page shows its command → "Copy with -i" → run it on the laptop.
      const shown = `ssh -p ${server.port} ${server.user}@127.0.0.1`;
      await b.serve(`${CONSOLE}/dev-machine/detail/live`, `<!doctype html><meta charset="utf-8"><title>开发机详情</title><h2>my-dev</h2><div>登录命令：<code>${shown}</code></div>`);
      const page = await open(b, '/dev-machine/detail/live');
      await toggles(page, 'command').click();
      await item(page, 'copy-with-key').click();
      const c = conn(shown);
      await expect.poll(() => clipboard(page)).toBe(connectCommand(c, { identityFile: `~/.ssh/${KEY1.name}`, shell: 'posix' }));
      // The copied text runs unchanged in a real shell; a wrapper adds only what a test needs
      // (no user config, no host-key prompt, no agent) and the remote command.
      const wrapper = 'ssh() { command ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ConnectTimeout=10 "$@" echo logged-in; }';
      const login = run('sh', ['-c', `${wrapper}
${await clipboard(page)}`], { env: { ...process.env, HOME: laptop, SSH_AUTH_SOCK: '' } });
      expect(login.stdout.trim(), login.stderr + server.log()).toBe('logged-in');
      await page.close();
    } finally {
      await server.stop();
    }
  });

  it('context-menu path: the function the menu injects fills the focused field into React state', async () => {
    // The native menu cannot be clicked by automation, and only that click grants activeTab.
    // So: (1) without the grant the worker's handler is refused the page — the extension has no
    // broad host permission; (2) the very function the handler passes to
    // chrome.scripting.executeScript({func}) is serialised from the worker (as chrome.scripting
    // serialises it) and run in the page against the focused field.
    const page = await open(b, '/dev-machine/create');
    await expect.poll(() => toggles(page, 'key').count()).toBe(1);
    await page.bringToFront();
    type Hooks = { fillHere(tab: number, frame: number): Promise<unknown>; fillEditable: (v: string) => unknown };
    const refused = await b.serviceWorker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      const hooks = (globalThis as unknown as { __infiniContextMenu: Hooks }).__infiniContextMenu;
      return hooks.fillHere(tab!.id!, 0).then(() => 'filled', (e: Error) => e.message);
    });
    expect(refused).toMatch(/Cannot access contents of the page/);
    expect((await formState(page)).sshKey).toBe('');

    // The menu's own handler does not fail silently: where it may not run a script it says why
    // on the toolbar button (a badge, and the reason as its tooltip), in the user's language.
    const told = await b.serviceWorker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      const hooks = (globalThis as unknown as { __infiniContextMenu: { menuClicked(tab: number, frame: number): Promise<unknown> } }).__infiniContextMenu;
      const out = await hooks.menuClicked(tab!.id!, 0);
      const action = (chrome as unknown as { action: { getBadgeText(d: object): Promise<string>; getTitle(d: object): Promise<string> } }).action;
      return { out, badge: await action.getBadgeText({ tabId: tab!.id! }), title: await action.getTitle({ tabId: tab!.id! }) };
    });
    expect(told).toEqual({ out: { result: 'no-access', notice: 'toolbar' }, badge: '!', title: contentText.en.contextMenuNoAccess });
    expect((await formState(page)).sshKey).toBe('');

    const source = await b.serviceWorker.evaluate(() => (globalThis as unknown as { __infiniContextMenu: Hooks }).__infiniContextMenu.fillEditable.toString());
    await page.focus('#dm_ssh_key');
    const result = await page.evaluate(([src, line]) => (0, eval)(`(${src})`)(line), [source, KEY1.publicKeyLine] as const);
    expect(result).toEqual({ ok: true });
    await expect.poll(async () => (await formState(page)).sshKey).toBe(KEY1.publicKeyLine);
    expect((await formState(page)).submitted).toBe(false);
    // a focused non-editable element is refused, nothing is written anywhere
    await page.focus('button[type="submit"]');
    expect(await page.evaluate(([src]) => (0, eval)(`(${src})`)('x'), [source] as const)).toEqual({ ok: false, reason: 'not-editable' });
    // Where a script may run, the handler shows its message in the page: the very function it
    // injects, serialised from the worker, puts a notice on top of the page in its own shadow root.
    const notice = await b.serviceWorker.evaluate(() => (globalThis as unknown as { __infiniContextMenu: { showPageNotice: () => unknown } }).__infiniContextMenu.showPageNotice.toString());
    await page.evaluate(([src, text]) => (0, eval)(`(${src})`)(text), [notice, contentText.en.contextMenuNotEditable] as const);
    const shown = page.locator('infini-ssh-keys-notice [role="alert"]');
    expect(await shown.textContent()).toBe(contentText.en.contextMenuNotEditable);
    expect(await shown.isVisible()).toBe(true);
    await shown.click(); // a click dismisses it
    expect(await page.locator('infini-ssh-keys-notice').count()).toBe(0);
    await page.close();
  });

  it('page families: each fixture gets exactly its own buttons and no others', async () => {
    const families: { path: string; open?: string; want: Record<'key' | 'command' | 'terminal', number> }[] = [
      { path: '/dev-machine', want: { key: 0, command: 3, terminal: 0 } },
      { path: '/dev-machine/create', want: { key: 1, command: 0, terminal: 0 } },
      { path: '/account/ssh-keys', open: '#add-key', want: { key: 1, command: 0, terminal: 0 } },
      { path: '/aicoder', open: '#open-ssh', want: { key: 0, command: 1, terminal: 0 } },
      { path: '/aicoder', open: '#open-shell', want: { key: 0, command: 0, terminal: 1 } },
      { path: '/dev-machine/terminal/my-dev', want: { key: 0, command: 0, terminal: 1 } },
    ];
    for (const f of families) {
      const page = await open(b, f.path);
      if (f.open) await page.click(f.open);
      const total = f.want.key + f.want.command + f.want.terminal;
      await expect.poll(() => host(page).locator('.anchor').count()).toBe(total);
      const got = { key: await toggles(page, 'key').count(), command: await toggles(page, 'command').count(), terminal: await toggles(page, 'terminal').count() };
      expect({ path: f.path, ...got }).toEqual({ path: f.path, ...f.want });
      await page.close();
    }
  });

  it.each([
    ['/account/user', 'profile form'],
    ['/iam/secret/key', 'API key page'],
    ['/help/ssh', 'help text about ssh'],
    ['/overview', 'overview whose navigation has a "Web Terminal" link'],
  ])('negative: nothing is injected on the %s %s', async (path) => {
    const page = await open(b, path);
    const before = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value));
    // Prove the content script has scanned this page: a key field added now gets its button,
    // and it is the only button on the page.
    await page.evaluate(() => {
      const l = document.createElement('label');
      l.textContent = 'SSH 公钥';
      l.htmlFor = 'probe';
      const t = document.createElement('textarea');
      t.id = 'probe';
      document.body.append(l, t);
    });
    await expect.poll(() => toggles(page, 'key').count()).toBe(1);
    expect(await host(page).locator('.anchor').count()).toBe(1);
    const box = await host(page).locator('.anchor').boundingBox();
    const probe = await page.locator('#probe').boundingBox();
    expect(Math.abs(box!.y + box!.height - probe!.y)).toBeLessThan(30);
    const after = await page.evaluate(() => [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value));
    expect(after.slice(0, before.length)).toEqual(before);
    await page.close();
  });

  it('without a saved key, actions explain and open the generator instead of naming a missing key file', async () => {
    await seed(b, [], null);
    try {
      const page = await open(b, '/dev-machine');
      await expect.poll(() => toggles(page, 'command').count()).toBe(3);
      await toggles(page, 'command').first().click();
      await expect.poll(() => item(page, 'generate').count()).toBe(1);
      expect(await item(page, 'copy-with-key').count()).toBe(0);
      expect(await item(page, 'copy-config').count()).toBe(0);
      expect(await host(page).locator('.menu .note').textContent()).toContain('No saved key');
      const [tab] = await Promise.all([b.context.waitForEvent('page'), item(page, 'generate').click()]);
      await tab.waitForLoadState();
      expect(tab.url()).toBe(`chrome-extension://${b.extensionId}/popup.html#generate`);
      await tab.close();
      await page.close();
    } finally {
      await seed(b, [KEY2, KEY1], 'k1');
    }
  });

  it('React reuses the command elements: after a text change in place, a route change and a table page change, the actions copy the new command', async () => {
    // #detail-cmd (0), #interp-cmd (1), #nl-cmd (2), #copy-only (3), the table row's .row-cmd (4)
    const page = await open(b, '/dev-machine/detail/a');
    await expect.poll(() => toggles(page, 'command').count()).toBe(5);
    const identityFile = `~/.ssh/${KEY1.name}`;
    expect(await copyVia(page, 0, 'copy-shown')).toBe('ssh -p 42001 root@10.0.0.1');
    // mark the elements: the fixture really reuses them (the test would prove nothing otherwise)
    await page.evaluate(() => document.querySelectorAll('#detail-cmd, .row-cmd').forEach((e) => ((e as unknown as { __mark: number }).__mark = 1)));

    await closeMenus(page);
    await page.click('#next-machine'); // pushState to /dev-machine/detail/b, same elements
    expect(new URL(page.url()).pathname).toBe('/dev-machine/detail/b');
    expect(await page.locator('#detail-cmd').textContent()).toBe('ssh -p 42002 root@10.0.0.2');
    expect(await page.evaluate(() => (document.querySelector('#detail-cmd') as unknown as { __mark?: number }).__mark)).toBe(1);
    const next = conn('ssh -p 42002 root@10.0.0.2');
    await expect.poll(() => copyVia(page, 0, 'copy-shown')).toBe('ssh -p 42002 root@10.0.0.2');
    expect(await copyVia(page, 0, 'copy-with-key')).toBe(connectCommand(next, { identityFile, shell: 'posix' }));
    expect(await copyVia(page, 0, 'copy-config')).toBe(buildSshConfig({ connection: next, identityFile, alias: defaultAlias(next) }));
    // the interpolated command and the copy button changed too
    expect(await copyVia(page, 1, 'copy-shown')).toBe('ssh -p 42012 ubuntu@10.0.0.2');
    expect(await copyVia(page, 3, 'copy-shown')).toBe('ssh -J ssh-jumper.cloud.infini-ai.com root@aic-bbbbbbbbbbbbbbbb');
    expect(await toggles(page, 'command').count()).toBe(5); // updated, never duplicated

    // The table's next page while the row's menu is open (a script click: a pointer-down on the
    // page would close our menu): the open menu is rebuilt for the row it now shows.
    await closeMenus(page);
    await toggles(page, 'command').nth(4).click();
    await expect.poll(() => item(page, 'copy-shown').count()).toBe(1);
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('#next-page')!.click());
    expect(await page.locator('.row-cmd').textContent()).toBe('ssh -p 43002 root@10.1.0.2');
    expect(await page.evaluate(() => (document.querySelector('.row-cmd') as unknown as { __mark?: number }).__mark)).toBe(1);
    await expect
      .poll(async () => {
        await item(page, 'copy-shown').click();
        return clipboard(page);
      })
      .toBe('ssh -p 43002 root@10.1.0.2');
    await page.close();
  });

  it('commands as React renders them: interpolated text nodes, surrounding line breaks, and one only behind a clipboard.js copy button', async () => {
    const page = await open(b, '/dev-machine/detail/a');
    await expect.poll(() => toggles(page, 'command').count()).toBe(5);
    // `ssh -p {port} {user}@{ip}` is five text nodes in one <span>
    expect(await page.evaluate(() => document.querySelector('#interp-cmd')!.childNodes.length)).toBeGreaterThan(1);
    const identityFile = `~/.ssh/${KEY1.name}`;
    const interp = conn('ssh -p 42011 dev@10.0.0.1');
    expect(await copyVia(page, 1, 'copy-shown')).toBe('ssh -p 42011 dev@10.0.0.1');
    expect(await copyVia(page, 1, 'copy-with-key')).toBe(connectCommand(interp, { identityFile, shell: 'posix' }));
    // VS Code opens the login user's home: /home/dev here, /root for root
    expect(await vscodeHref(page, 1)).toBe(vscodeRemoteUri(defaultAlias(interp), '/home/dev'));
    expect(await copyVia(page, 2, 'copy-shown')).toBe('ssh -p 42021 root@10.0.0.1');
    expect(await vscodeHref(page, 2)).toBe(vscodeRemoteUri(defaultAlias(conn('ssh -p 42021 root@10.0.0.1')), '/root'));

    // nothing on screen shows this command: only the button's data-clipboard-text holds it
    expect(await page.locator('body').innerText()).not.toContain('ssh -J');
    const aic = conn('ssh -J ssh-jumper.cloud.infini-ai.com root@aic-aaaaaaaaaaaaaaaa');
    expect(await copyVia(page, 3, 'copy-shown')).toBe('ssh -J ssh-jumper.cloud.infini-ai.com root@aic-aaaaaaaaaaaaaaaa');
    expect(await copyVia(page, 3, 'copy-config')).toBe(buildSshConfig({ connection: aic, identityFile, alias: defaultAlias(aic) }));
    // …and our action sits just after that button
    await closeMenus(page);
    const btn = (await toggles(page, 'command').nth(3).boundingBox())!;
    const copyBtn = (await page.locator('#copy-only').boundingBox())!;
    expect(btn.x - (copyBtn.x + copyBtn.width)).toBeGreaterThan(-4);
    expect(btn.x - (copyBtn.x + copyBtn.width)).toBeLessThan(60);
    expect(Math.abs(btn.y + btn.height / 2 - (copyBtn.y + copyBtn.height / 2))).toBeLessThan(16);
    await page.screenshot({ path: artifactPath('console-react-detail-en-US.png') });
    await page.close();
  });

  it('Ant Design rows with unlinked labels and "请输入" placeholders: the row label finds the key field, and both fields are filled', async () => {
    const page = await open(b, '/account/ssh-keys-antd');
    await page.click('#add-key');
    await expect.poll(() => toggles(page, 'key').count()).toBe(1);
    // the field has nothing of its own that says "key": no for=, no aria, a generic placeholder
    expect(await page.evaluate(() => document.querySelector<HTMLTextAreaElement>('#k_key')!.labels!.length)).toBe(0);
    const btn = (await toggles(page, 'key').boundingBox())!;
    const field = (await page.locator('#k_key').boundingBox())!;
    expect(Math.abs(btn.y + btn.height - field.y)).toBeLessThan(30); // beside the key field, not the name
    await toggles(page, 'key').click();
    await item(page, 'fill-key').first().click();
    await expect.poll(async () => (await formState(page)).form).toEqual({ name: KEY1.name, key: KEY1.publicKeyLine });
    expect(await page.evaluate(() => (window as unknown as { __submitted?: number }).__submitted)).toBeUndefined();
    await page.close();
  });

  it('made no request outside the served console fixtures', () => {
    expect(b.refused).toEqual([]);
    const external = b.requests.filter((u) => /^(https?|wss?):/.test(u) && !u.startsWith(`${CONSOLE}/`));
    expect(external).toEqual([]);
  });

  // Last in this browser: it reloads the extension, which ends this worker.
  it('stops cleanly when the extension goes away: the injected UI is removed from the page', async () => {
    const page = await open(b, '/dev-machine');
    await expect.poll(() => toggles(page, 'command').count()).toBe(3);
    await b.serviceWorker.evaluate(() => setTimeout(() => (chrome as unknown as { runtime: { reload(): void } }).runtime.reload(), 50)).catch(() => undefined);
    // the page keeps changing; the orphaned script notices on its next look and tears down
    await expect
      .poll(async () => {
        await page.evaluate(() => document.body.append(document.createElement('span')));
        return host(page).count();
      })
      .toBe(0);
    await page.close();
  });
});

describe('console integration (zh-CN)', () => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    b = await launchWithExtension({ lang: 'zh-CN' });
    await serveConsole(b);
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: CONSOLE });
    await seed(b, [KEY1, KEY2], 'k1');
  });
  afterAll(async () => b?.close());

  it('shows Chinese labels, fills the Vue dialog, and copies the AICoder config', async () => {
    const page = await open(b, '/account/ssh-keys');
    await page.click('#add-key');
    await expect.poll(() => toggles(page, 'key').count()).toBe(1);
    expect(await toggles(page, 'key').textContent()).toBe('填入 SSH 公钥');
    await toggles(page, 'key').click();
    await item(page, 'fill-key').first().click();
    await expect.poll(async () => (await formState(page)).form).toEqual({ name: KEY1.name, key: KEY1.publicKeyLine });
    await expect.poll(() => host(page).locator('.menu .status').textContent()).toContain('已填入');
    await page.screenshot({ path: artifactPath('console-vue-add-key-zh-CN.png') });

    const aic = await open(b, '/aicoder');
    await aic.click('#open-ssh');
    await expect.poll(() => toggles(aic, 'command').count()).toBe(1);
    await toggles(aic, 'command').click();
    await item(aic, 'copy-config').click();
    const c = conn('ssh -J ssh-jumper.cloud.infini-ai.com root@aic-dbdz3pprd2g54crp');
    const config = buildSshConfig({ connection: c, identityFile: `~/.ssh/${KEY1.name}`, alias: defaultAlias(c) });
    await expect.poll(() => clipboard(aic)).toBe(config);
    // the menu says what was copied: its first line (shortened to 72 characters when longer)
    const first = config.split('\n').find((l) => l.trim())!.trim();
    expect(first.length).toBeLessThanOrEqual(72);
    await expect.poll(() => host(aic).locator('.menu .status').textContent()).toBe(`已复制：${first}`);
    await aic.screenshot({ path: artifactPath('console-aicoder-zh-CN.png') });
    expect(b.refused).toEqual([]);
  });

  // Last in this browser: it reloads the extension.
  it('an open menu whose extension was reloaded says so in Chinese, the raw browser error only as detail', async () => {
    const page = await open(b, '/dev-machine/create');
    await expect.poll(() => toggles(page, 'key').count()).toBe(1);
    await toggles(page, 'key').click();
    await expect.poll(() => item(page, 'generate').count()).toBe(1);
    // The page stays still, so the orphaned script has not torn its menu down yet when the user
    // clicks in it; its call to the extension then fails with the browser's English error.
    const gone = new Promise((resolve) => b.serviceWorker.once('close', resolve));
    await b.serviceWorker.evaluate(() => setTimeout(() => (chrome as unknown as { runtime: { reload(): void } }).runtime.reload(), 50)).catch(() => undefined);
    // the old extension is unloaded: its content scripts are orphans now
    await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    // Racing that click, the orphan may notice first and take its whole UI away, which is right
    // too (its buttons go with the extension); seen once in CI. Then no button of ours is left.
    if ((await item(page, 'generate').count()) === 0) {
      expect(await toggles(page, 'key').count()).toBe(0);
      await page.close();
      return;
    }
    await item(page, 'generate').click();
    const status = host(page).locator('.menu .status');
    await expect.poll(() => status.evaluate((e) => e.firstChild?.textContent ?? '')).toBe(contentText.zh.extensionReloaded);
    expect(await status.locator('.sub').textContent()).toMatch(/Extension context invalidated/);
    expect(await status.getAttribute('class')).toContain('error');
    await page.close();
  });
});
