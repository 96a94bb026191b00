// Bundles a browser entry with Vite (the same bundler WXT uses for the extension, so
// `new Worker(new URL(...), import.meta.url)` is handled the same way) and serves the result
// in the real Chromium at an https URL through request interception: no server, no network.
import { build } from 'vite';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, relative, resolve, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

// import.meta.url, not __dirname: this module also runs under tsx as ESM (npm run bench)
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The extension pages' own policy (wxt.config.ts): served pages get it too, so a bundle that works here works there. */
export const EXTENSION_PAGE_CSP = "script-src 'self'; object-src 'self'; connect-src 'none'";

export interface PageBundle {
  dir: string;
  /** path relative to dir (POSIX) → bytes */
  files: Map<string, Buffer>;
  /** the entry script's path relative to dir */
  entry: string;
  remove(): void;
}

/** Builds `entryPath` (and any workers it starts) into a temp dir with an index.html loading it. */
export async function bundlePage(entryPath: string, opts: { title?: string } = {}): Promise<PageBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'page-bundle-'));
  await build({
    configFile: false,
    root: PROJECT_ROOT,
    logLevel: 'error',
    publicDir: false,
    mode: 'production',
    build: {
      outDir: dir,
      emptyOutDir: true,
      write: true,
      minify: true,
      target: 'es2022',
      modulePreload: false,
      reportCompressedSize: false,
      rollupOptions: {
        input: { entry: resolve(entryPath) },
        output: { entryFileNames: 'entry.js', chunkFileNames: 'chunks/[name]-[hash].js', assetFileNames: 'assets/[name]-[hash][extname]' },
      },
    },
  });
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(relative(dir, p).split('\\').join('/'), readFileSync(p));
    }
  };
  walk(dir);
  if (!files.has('entry.js')) throw new Error(`bundle of ${entryPath} produced no entry.js: ${[...files.keys()].join(', ')}`);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${opts.title ?? 'page'}</title>` + `<script type="module" src="./entry.js"></script></head><body></body></html>`;
  files.set('index.html', Buffer.from(html));
  return { dir, files, entry: 'entry.js', remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Serves the bundle under `origin` (e.g. https://engine.test) with the extension's CSP.
 * Register after the catch-all network refusal: Playwright tries the newest route first.
 */
export async function serveBundle(context: BrowserContext, bundle: PageBundle, origin: string, csp = EXTENSION_PAGE_CSP): Promise<string> {
  await context.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/+/, '') || 'index.html';
    const body = bundle.files.get(path);
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({
      status: 200,
      body,
      headers: { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'content-security-policy': csp },
    });
  });
  return `${origin}/index.html`;
}

export interface BundledPageBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** network requests refused (anything outside the served bundle) */
  refused: string[];
  close(): Promise<void>;
}

/**
 * Headless Chromium with the network refused, the bundle served at `origin`, and a page
 * opened on it once `ready` (a page function) is true. `initScript` runs before the bundle.
 */
export async function openBundledPage(
  bundle: PageBundle,
  opts: { origin: string; ready: () => unknown; initScript?: () => void; timeout?: number },
): Promise<BundledPageBrowser> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    const refused: string[] = [];
    await context.route(/^(https?|wss?):\/\//, (route) => {
      refused.push(route.request().url());
      return route.abort();
    });
    if (opts.initScript) await context.addInitScript(opts.initScript);
    const url = await serveBundle(context, bundle, opts.origin);
    const page = await openPage(context, url, opts.ready, opts.timeout);
    return { browser, context, page, refused, close: () => browser.close() };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Opens `url` and waits for `ready`; page errors are reported if it never gets there. */
export async function openPage(context: BrowserContext, url: string, ready: () => unknown, timeout = 60_000): Promise<Page> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  try {
    await page.waitForFunction(ready, undefined, { timeout });
  } catch (e) {
    throw new Error(`page ${url} did not get ready: ${errors.join('; ') || (e as Error).message}`);
  }
  return page;
}

export interface ProbeExtension {
  /** the built chrome-mv3 folder */
  dir: string;
  remove(): void;
}

/**
 * Builds, with WXT and the project's own wxt.config.ts (so its Vite settings and the
 * extension pages' CSP apply), an extension whose popup page only imports `entryPath`.
 * This proves what a plain Vite bundle cannot: that code such as the bcrypt workers survives
 * WXT's build (WXT rewrites `import.meta.url`, for one) and runs in a real extension page.
 */
export function buildProbeExtension(entryPath: string): ProbeExtension {
  const root = mkdtempSync(join(tmpdir(), 'probe-ext-'));
  for (const f of ['wxt.config.ts', 'package.json', 'tsconfig.json']) cpSync(join(PROJECT_ROOT, f), join(root, f));
  cpSync(join(PROJECT_ROOT, 'public'), join(root, 'public'), { recursive: true });
  // what wxt.config.ts imports; the probe's popup is no prerendered popup (PRERENDER_POPUP=0)
  cpSync(join(PROJECT_ROOT, 'scripts/prerender-popup.ts'), join(root, 'scripts/prerender-popup.ts'));
  cpSync(join(PROJECT_ROOT, 'lib/popup-page.ts'), join(root, 'lib/popup-page.ts'));
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  mkdirSync(join(root, 'entrypoints/popup'), { recursive: true });
  writeFileSync(
    join(root, 'entrypoints/popup/index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>probe</title></head><body><script type="module" src="./main.ts"></script></body></html>\n',
  );
  // an empty background gives the extension a service worker, whose URL names the extension id
  writeFileSync(join(root, 'entrypoints/background.ts'), 'export default defineBackground(() => {});\n');
  writeFileSync(join(root, 'entrypoints/popup/main.ts'), `import ${JSON.stringify(resolve(entryPath))};\n`);
  const env = { ...process.env, WXT_OUT_DIR: '.output', PRERENDER_POPUP: '0' };
  const r = spawnSync(join(PROJECT_ROOT, 'node_modules/.bin/wxt'), ['build'], { cwd: root, env, encoding: 'utf8', timeout: 300_000 });
  const dir = join(root, '.output/chrome-mv3');
  if (r.status !== 0 || !existsSync(join(dir, 'manifest.json'))) {
    rmSync(root, { recursive: true, force: true });
    throw new Error(`wxt build of the probe extension failed:\n${r.stdout}\n${r.stderr}`);
  }
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Chromium with an unpacked extension loaded (as tests/helpers/chromium.ts), network refused; its popup.html opened. */
export async function openExtensionPopup(
  extensionDir: string,
  opts: { ready: () => unknown; timeout?: number },
): Promise<Omit<BundledPageBrowser, 'browser'> & { extensionId: string }> {
  const profile = mkdtempSync(join(tmpdir(), 'probe-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`, ...CHROMIUM_ARGS],
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const refused: string[] = [];
    await context.route(/^(https?|wss?):\/\//, (route) => {
      refused.push(route.request().url());
      return route.abort();
    });
    const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const extensionId = new URL(sw.url()).host;
    const page = await openPage(context, `chrome-extension://${extensionId}/popup.html`, opts.ready, opts.timeout);
    return { context, page, refused, extensionId, close };
  } catch (e) {
    await close();
    throw e;
  }
}
