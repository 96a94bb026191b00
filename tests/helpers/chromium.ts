// Launches the real Chromium with the built extension loaded (see shared/testing-notes.md).
// Every request to the network is refused; console pages are served from fixtures at the
// real console URL. Requests are counted so tests can assert the extension makes none.
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtempSync, rmSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickLang } from '../../lib/i18n';
import { PRERENDERED_POPUP } from '../../lib/popup-page';

// import.meta.url, not __dirname: the benchmark imports this module under tsx as ESM
const HERE = fileURLToPath(new URL('.', import.meta.url));

export const EXTENSION_DIR = process.env.EXTENSION_DIR ? resolve(process.env.EXTENSION_DIR) : resolve(HERE, '../../.output/chrome-mv3');
export const ARTIFACTS_DIR = resolve(HERE, '../artifacts');
export const CONSOLE_ORIGIN = 'https://cloud.infini-ai.com';

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  /** every request URL seen by the browser (pages, extension, anything) */
  requests: string[];
  /** requests the network stub refused (anything not served by a fixture route) */
  refused: string[];
  /** serve a page at a console URL (or any https URL) from a string */
  serve(url: string | RegExp, body: string, contentType?: string): Promise<void>;
  openPopup(): Promise<Page>;
  /** the browser profile (Chromium keeps the extension's context menus in it) */
  userDataDir: string;
  close(): Promise<void>;
}

/** Headless flags that keep Chromium off the network (see shared/testing-notes.md). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const UI_LANGUAGE_ENV = {
  'en-US': { LANGUAGE: 'en_US:en', LANG: 'en_US.UTF-8' },
  'zh-CN': { LANGUAGE: 'zh_CN:zh', LANG: 'zh_CN.UTF-8' },
} as const;

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
}

export async function launchWithExtension(
  opts: {
    lang?: 'en-US' | 'zh-CN';
    colorScheme?: 'light' | 'dark';
    extensionDir?: string;
    /**
     * Reuse this browser profile (a browser restart: quit, then launch again with the same
     * dir); close() then leaves it for the next launch and the caller removes it. By default
     * each launch gets a fresh profile that close() deletes.
     */
    userDataDir?: string;
  } = {},
): Promise<ExtensionBrowser> {
  const extensionDir = opts.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`no built extension at ${extensionDir}: run \`npm run build\` first`);
  }
  const ownProfile = !opts.userDataDir;
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'ext-profile-'));
  const downloadsPath = mkdtempSync(join(tmpdir(), 'ext-downloads-'));
  const lang = opts.lang ?? 'en-US';
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    // On Linux Chromium takes its UI language (the extension's getUILanguage(), its _locales
    // messages, the service worker's context menu title) from the environment, not from --lang;
    // Debian's chromium needs chromium-l10n for any language but en-US. `locale` alone makes
    // only the page Chinese (navigator.language).
    env: { ...process.env, ...UI_LANGUAGE_ENV[lang] },
    acceptDownloads: true,
    downloadsPath,
    locale: lang,
    colorScheme: opts.colorScheme ?? 'light',
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, `--lang=${lang}`, ...CHROMIUM_ARGS],
  });
  // Playwright waits 30 s per action by default: too little for a busy 2-core CI machine
  context.setDefaultTimeout(90_000);
  const requests: string[] = [];
  const refused: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  // Refuse the whole network; fixtures registered later take precedence (Playwright
  // runs the most recently added matching route first).
  await context.route(/^(https?|wss?):\/\//, (route) => {
    refused.push(route.request().url());
    return route.abort();
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  const toolbarPopupUrl = async (): Promise<string> => {
    const sw = context.serviceWorkers()[0];
    // the worker stopped (idle): the page the background sets for this language
    return sw ? toolbarPopup(sw) : `chrome-extension://${extensionId}/${PRERENDERED_POPUP[pickLang(lang)]}`;
  };

  return {
    context,
    extensionId,
    serviceWorker,
    requests,
    refused,
    async serve(url, body, contentType = 'text/html; charset=utf-8') {
      await context.route(url, (route) => route.fulfill({ status: 200, contentType, body }));
    },
    async openPopup() {
      // what the toolbar button opens: the popup prerendered in the UI language, which the
      // background sets when it starts (entrypoints/background.ts); goto resolves at the load
      // event, after the module script took the prerendered form over
      const page = await context.newPage();
      await page.goto(await toolbarPopupUrl());
      return page;
    },
    userDataDir,
    async close() {
      await context.close();
      if (ownProfile) rmSync(userDataDir, { recursive: true, force: true });
      rmSync(downloadsPath, { recursive: true, force: true });
    },
  };
}

/**
 * The page the toolbar button opens (chrome.action.getPopup), once the background has pointed it
 * at the prerendered popup: the manifest's popup.html until the worker's first run.
 */
export async function toolbarPopup(serviceWorker: Worker): Promise<string> {
  for (let i = 0; ; i++) {
    const url = await serviceWorker.evaluate(() => (globalThis as unknown as { chrome: { action: { getPopup(d: object): Promise<string> } } }).chrome.action.getPopup({}));
    if (!url.endsWith('/popup.html')) return url;
    if (i > 100) throw new Error('the toolbar button still opens popup.html: the background never set the prerendered popup');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/**
 * The titles of the extension's context menu entries, as Chromium itself keeps them: for a
 * service-worker extension it stores the menus in the profile's "Extension State" database
 * (a leveldb whose log holds each value as JSON), so this reads what the browser will show,
 * not what a test believes the worker asked for. Empty until Chromium has written them.
 */
export function contextMenuTitles(b: ExtensionBrowser): string[] {
  const dir = join(b.userDataDir, 'Default', 'Extension State');
  if (!existsSync(dir)) return [];
  const titles: string[] = [];
  for (const f of readdirSync(dir).filter((n) => /\.(log|ldb)$/.test(n))) {
    const text = readFileSync(join(dir, f)).toString('utf8');
    for (const m of text.matchAll(/\[\{"contexts".*?\}\]/g)) {
      try {
        for (const item of JSON.parse(m[0]) as { title?: string }[]) if (item.title) titles.push(item.title);
      } catch {
        // a record cut by leveldb's block framing: a later record holds it whole
      }
    }
  }
  return titles;
}
