// Launches the real Firefox (firefox-esr) with the built Firefox extension installed as a
// temporary add-on, driven by puppeteer-core over WebDriver BiDi (see shared/testing-notes.md).
//
// The network is closed two ways, and both are counted:
// - every http(s)/ws(s) request of a page or extension page is intercepted over BiDi: console
//   fixtures are answered from strings at the real console URL, anything else is refused;
// - the extension's background page is not a BiDi browsing context, so Firefox is also pointed
//   at a proxy on 127.0.0.1 that records the host of every request that still leaves (and
//   answers none). Firefox's own services (remote settings at *.mozilla.com …) are listed apart:
//   they are the browser's traffic, not ours.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createServer, type Server } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickLang } from '../../lib/i18n';
import { PRERENDERED_POPUP } from '../../lib/popup-page';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const FIREFOX_EXTENSION_DIR = process.env.FIREFOX_EXTENSION_DIR
  ? resolve(process.env.FIREFOX_EXTENSION_DIR)
  : resolve(HERE, '../../.output/firefox-mv2');
/** The moz-extension:// host we give the add-on (Firefox picks a random one otherwise). */
export const FIREFOX_UUID = '5f0e8a52-3c1d-4b7e-9a26-0d4c8e1f2b3a';
const FIREFOX_OWN_HOSTS = /(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net)$/;

export function firefoxPath(): string {
  for (const p of [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox']) {
    if (p && existsSync(p)) return p;
  }
  throw new Error('Firefox not found: apt-get install -y firefox-esr (or set FIREFOX_PATH)');
}

export interface FirefoxExtension {
  browser: Browser;
  geckoId: string;
  /** moz-extension://<uuid> */
  origin: string;
  downloadsDir: string;
  /** every request URL the pages made (fixtures included) */
  requests: string[];
  /** page requests that no fixture answered (refused) */
  refused: string[];
  /** hosts that reached the proxy, Firefox's own services left out */
  proxied: string[];
  serve(url: string | RegExp, body: string, contentType?: string): Promise<void>;
  openPopup(): Promise<Page>;
  /** evaluates in the privileged browser window (needs --remote-allow-system-access) */
  chromeEval<T>(expression: string): Promise<T>;
  /** every "save this password?" offer Firefox has for any tab (shown or as a toolbar icon) */
  passwordOffers(): Promise<string[]>;
  close(): Promise<void>;
}

interface BidiConnection {
  send(method: string, params: object): Promise<unknown>;
  on(event: string, listener: (e: BidiEvent) => void): void;
}
type BidiEvent = { isBlocked: boolean; request: { request: string; url: string } };

export async function launchFirefoxWithExtension(opts: { rememberSignons?: boolean; lang?: 'en-US' | 'zh-CN' } = {}): Promise<FirefoxExtension> {
  const manifestFile = join(FIREFOX_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`no Firefox build at ${FIREFOX_EXTENSION_DIR}: run \`npm run build\` first`);
  const geckoId: string = JSON.parse(readFileSync(manifestFile, 'utf8')).browser_specific_settings.gecko.id;

  const proxiedAll: string[] = [];
  const proxy: Server = createServer((s) => {
    s.on('error', () => {});
    s.once('data', (d) => {
      const first = d.toString('latin1').split('\r\n')[0] ?? '';
      // "CONNECT host:443 HTTP/1.1" or "GET http://host/path HTTP/1.1"
      const target = first.split(' ')[1] ?? '';
      proxiedAll.push(target.includes('://') ? new URL(target).hostname : target.replace(/:\d+$/, ''));
      s.destroy();
    });
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  const port = (proxy.address() as { port: number }).port;

  const userDataDir = mkdtempSync(join(tmpdir(), 'ff-profile-'));
  const downloadsDir = mkdtempSync(join(tmpdir(), 'ff-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    protocol: 'webDriverBiDi',
    userDataDir,
    args: ['--remote-allow-system-access'],
    // a busy 2-core machine can take a while to start Firefox
    timeout: 120_000,
    protocolTimeout: 180_000,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: FIREFOX_UUID }),
      'browser.download.folderList': 2,
      'browser.download.dir': downloadsDir,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': false,
      // Puppeteer turns the password manager off; a real profile has it on
      'signon.rememberSignons': opts.rememberSignons ?? false,
      'intl.locale.requested': opts.lang ?? 'en-US',
      'intl.accept_languages': opts.lang === 'zh-CN' ? 'zh-CN, zh' : 'en-US, en',
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
    },
  });

  const requests: string[] = [];
  const refused: string[] = [];
  const routes: { url: string | RegExp; body: string; contentType: string }[] = [];
  // puppeteer's BiDi connection (not in its public types): raw commands for what it does not wrap
  const conn = (browser as unknown as { connection: BidiConnection }).connection;
  conn.on('network.beforeRequestSent', (e: BidiEvent) => {
    if (!e.isBlocked) return;
    const url = e.request.url;
    requests.push(url);
    // the most recently added matching route wins, as in the Chromium helper (Playwright)
    const route = [...routes].reverse().find((r) => (typeof r.url === 'string' ? r.url === url.split('#')[0] : r.url.test(url)));
    if (!route) {
      refused.push(url);
      conn.send('network.failRequest', { request: e.request.request }).catch(() => {});
      return;
    }
    conn
      .send('network.provideResponse', {
        request: e.request.request,
        statusCode: 200,
        reasonPhrase: 'OK',
        headers: [{ name: 'content-type', value: { type: 'string', value: route.contentType } }],
        body: { type: 'base64', value: Buffer.from(route.body).toString('base64') },
      })
      .catch(() => {});
  });
  await conn.send('session.subscribe', { events: ['network.beforeRequestSent'] });
  await conn.send('network.addIntercept', {
    phases: ['beforeRequestSent'],
    urlPatterns: ['http', 'https', 'ws', 'wss'].map((protocol) => ({ type: 'pattern', protocol })),
  });
  await browser.installExtension(FIREFOX_EXTENSION_DIR);
  const origin = `moz-extension://${FIREFOX_UUID}`;

  async function chromeEval<T>(expression: string): Promise<T> {
    const tree = (await conn.send('browsingContext.getTree', { 'moz:scope': 'chrome' })) as { result: { contexts: { context: string }[] } };
    const context = tree.result.contexts[0]!.context;
    const r = (await conn.send('script.evaluate', { expression, target: { context }, awaitPromise: true })) as {
      result: { type: string; result?: { value?: unknown }; exceptionDetails?: { text: string } };
    };
    if (r.result.type !== 'success') throw new Error(`chrome scope: ${r.result.exceptionDetails?.text}`);
    return r.result.result?.value as T;
  }

  return {
    browser,
    geckoId,
    origin,
    downloadsDir,
    requests,
    refused,
    get proxied() {
      return proxiedAll.filter((h) => !FIREFOX_OWN_HOSTS.test(h));
    },
    async serve(url, body, contentType = 'text/html; charset=utf-8') {
      routes.push({ url, body, contentType });
    },
    async openPopup() {
      // Firefox's BiDi sometimes loses the page across the moz-extension process switch (seen
      // once in CI: "script.evaluate: right-hand side of 'in' should be an object, got null"):
      // a user would open the popup again, and so does this, once.
      for (let attempt = 1; ; attempt++) {
        const page = await browser.newPage();
        // what the toolbar button opens: the popup prerendered in the UI language (the
        // background sets it; firefox.test.ts checks browserAction.getPopup). Not awaited: the
        // load event of a moz-extension page is lost across the process switch.
        page.goto(`${origin}/${PRERENDERED_POPUP[pickLang(opts.lang ?? 'en-US')]}`).catch(() => {});
        try {
          // the prerendered form is inert until the script has taken it over
          await page.waitForSelector('#app > :not([inert]) [role="tablist"]', { timeout: 120_000 });
          return page;
        } catch (e) {
          await page.close().catch(() => {});
          if (attempt >= 2) throw e;
        }
      }
    },
    chromeEval,
    async passwordOffers() {
      const json = await chromeEval<string>(`(() => {
        const out = [];
        for (const w of Services.wm.getEnumerator('navigator:browser'))
          for (const b of w.gBrowser.browsers) {
            const n = w.PopupNotifications.getNotification('password', b);
            if (n) out.push(b.currentURI.spec + (n.dismissed ? ' (as a toolbar icon)' : ' (shown)'));
          }
        return JSON.stringify(out);
      })()`);
      return JSON.parse(json);
    },
    async close() {
      await browser.close().catch(() => {});
      proxy.close();
      rmSync(userDataDir, { recursive: true, force: true });
      rmSync(downloadsDir, { recursive: true, force: true });
    },
  };
}

/** Waits until Firefox has finished writing `name` into the downloads folder; returns its path. */
export async function downloadedFile(ff: FirefoxExtension, name: string, timeoutMs = 120_000): Promise<string> {
  const path = join(ff.downloadsDir, name);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const partial = readdirSync(ff.downloadsDir).some((f) => f.endsWith('.part'));
    if (existsSync(path) && !partial && statSync(path).size > 0) return path;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} was not downloaded into ${ff.downloadsDir} (there: ${readdirSync(ff.downloadsDir).join(', ') || 'nothing'})`);
}

/** Clicks (a real, trusted click) the first button whose visible text is exactly `text`. */
export async function clickButton(page: Page, text: string): Promise<void> {
  const handle = await page.waitForFunction(
    (t) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === t && !b.disabled) ?? null,
    { timeout: 120_000 },
    text,
  );
  await (handle as unknown as { click(): Promise<void> }).click();
}

/** Waits until the page's visible text matches. */
export async function waitForText(page: Page, pattern: RegExp, timeout = 120_000): Promise<void> {
  await page.waitForFunction((src, flags) => new RegExp(src, flags).test(document.body.innerText), { timeout }, pattern.source, pattern.flags);
}

/**
 * Runs `fn(root, ...args)` against our overlay's CLOSED shadow root in `page` (null when there is
 * none) and returns its JSON value. Firefox has no CDP, and the page's own scripts (so
 * `page.evaluate`) cannot reach a closed root; WebDriver BiDi's node serialization can
 * (`includeShadowTree: "all"`), and its handle is then `this` of a function run in the page.
 * Elements are only READ or focused that way; clicks are real input (`page.mouse`).
 */
export async function inShadow<T>(page: Page, fn: string, args: unknown[] = []): Promise<T> {
  const conn = (page.browser() as unknown as { connection: BidiConnection }).connection;
  const context = (page.mainFrame() as unknown as { _id: string })._id;
  type Remote = { type: string; value?: unknown; sharedId?: string };
  type Res = { result: { type: string; result?: Remote; exceptionDetails?: { text: string } } };
  const host = (await conn.send('script.evaluate', {
    expression: "document.querySelector('infini-ssh-keys')",
    target: { context },
    awaitPromise: false,
    serializationOptions: { maxDomDepth: 0, includeShadowTree: 'all' },
  })) as Res;
  const sharedId = (host.result.result?.value as { shadowRoot?: Remote | null } | undefined)?.shadowRoot?.sharedId;
  const call = `async function () { return JSON.stringify((await (${fn})(${sharedId ? 'this' : 'null'}, ...${JSON.stringify(args)})) ?? null); }`;
  const r = (await conn.send('script.callFunction', {
    functionDeclaration: call,
    ...(sharedId ? { this: { sharedId } } : {}),
    target: { context },
    awaitPromise: true,
    resultOwnership: 'none',
  })) as Res;
  if (r.result.type !== 'success') throw new Error(`in our shadow root: ${r.result.exceptionDetails?.text}`);
  return JSON.parse(r.result.result!.value as string) as T;
}

/** A real mouse click at the centre of the element `selector` of our closed root (waits for it, 120 s). */
export async function clickInShadow(page: Page, selector: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const box = await inShadow<{ x: number; y: number } | null>(
      page,
      '(root, s) => { const el = root && root.querySelector(s); if (!el) return null; const r = el.getBoundingClientRect(); return r.width && r.height ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null; }',
      [selector],
    );
    if (box) return page.mouse.click(box.x, box.y);
    if (Date.now() > deadline) throw new Error(`no ${selector} in our shadow root`);
    await new Promise((res) => setTimeout(res, 200));
  }
}
