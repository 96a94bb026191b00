// The toolbar popup, prerendered: its first screen (the Generate form) is in the HTML itself, in
// the browser's language, with the popup's stylesheet inline. An extension page fetches every
// script and stylesheet through the browser process; the stylesheet blocks the first paint and
// the script must arrive, compile and render before anything shows. With the form and its styles
// in the HTML, the first paint shows the form as soon as the HTML is parsed, and the script (the
// same module as popup.html's) takes those elements over when it arrives (Preact reuses them).
//
// One file per language, popup-en.html and popup-zh.html (a page cannot know the browser's
// language before a script runs): the background points the toolbar button at the one for the
// browser's language (entrypoints/background.ts). popup.html, without a prerender, stays the
// manifest's default (before the background's first run) and the page opened as a tab
// (popup.html#generate, #diagnose…), whose first screen is another tab's.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';
import type { Lang } from '../lib/i18n';
import { PRERENDERED_POPUP } from '../lib/popup-page';

/** where Vite writes entrypoints/popup/index.html before WXT moves it to popup.html */
const POPUP_IN_BUNDLE = 'entrypoints/popup/index.html';
const LOCALE_DIR: Record<Lang, string> = { en: 'en', zh: 'zh_CN' };
const HTML_LANG: Record<Lang, string> = { en: 'en', zh: 'zh-CN' };

// `browser.anything` throws; so does a Worker (Vite's `?worker`); `storage.defineItem(…)` (module level, WXT's #imports) gives an item whose every use throws
const reached = (what: string) => `throw new Error("prerendering the popup reached ${what}" + String(k))`;
const NO_BROWSER = `export const browser = new Proxy({}, { get(_, k) { ${reached('browser.')} } });`;
const NO_WORKER = `export default class { constructor() { const k = ''; ${reached('a worker')} } }`;
const NO_STORAGE = [
  `const item = new Proxy({}, { get(_, k) { return () => { ${reached('a storage item: ')} }; } });`,
  `export const storage = new Proxy({}, { get(_, k) { return k === 'defineItem' ? () => item : () => { ${reached('storage.')} }; } });`,
].join('\n');

/**
 * The popup's first screen (PopupRoot, tab "new", no saved keys read yet) as HTML, per language.
 * The components are bundled for Node by esbuild with `wxt/browser` and WXT's `#imports` (storage)
 * replaced by objects that throw: rendering the first screen must not reach any extension API (effects do not run in a
 * prerender; a module that touched the browser at import would fail the build here).
 */
export async function renderFirstScreens(root: string): Promise<Record<Lang, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'prerender-popup-'));
  try {
    const out = join(dir, 'first-screen.mjs');
    await build({
      stdin: {
        contents: [
          "import { h } from 'preact';",
          "import { renderToString } from 'preact-render-to-string';",
          "import { PopupRoot } from './components/popup/PopupRoot';",
          "export const firstScreen = (lang) => renderToString(h(PopupRoot, { lang, tab: 'new', prerender: true }));",
        ].join('\n'),
        resolveDir: root,
        loader: 'tsx',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: out,
      jsx: 'automatic',
      jsxImportSource: 'preact',
      loader: { '.css': 'empty' },
      logLevel: 'silent',
      plugins: [
        {
          name: 'no-browser-apis',
          setup(b) {
            b.onResolve({ filter: /^(wxt\/browser|#imports)$/ }, (a) => ({ path: a.path, namespace: 'no-browser' }));
            // Vite's `./x.ts?worker`: a Worker class, constructed only when a key is made
            b.onResolve({ filter: /\?worker$/ }, (a) => ({ path: a.path, namespace: 'no-browser' }));
            b.onLoad({ filter: /.*/, namespace: 'no-browser' }, (a) => ({ contents: a.path === '#imports' ? NO_STORAGE : a.path.endsWith('?worker') ? NO_WORKER : NO_BROWSER, loader: 'js' }));
          },
        },
      ],
    });
    const { firstScreen } = (await import(pathToFileURL(out).href)) as { firstScreen: (lang: Lang) => string };
    return { en: firstScreen('en'), zh: firstScreen('zh') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** popup.html as Vite wrote it, made into one language's prerendered page. */
export function prerenderedPage(popupHtml: string, css: string, firstScreen: string, lang: Lang, title: string): string {
  const link = /<link rel="stylesheet"[^>]*href="[^"]+\.css"[^>]*>/;
  if (!link.test(popupHtml) || !popupHtml.includes('<div id="app"></div>') || !/<html>/.test(popupHtml)) {
    throw new Error('popup.html no longer has the shape the prerender fills (<html>, one stylesheet link, <div id="app"></div>): update scripts/prerender-popup.ts');
  }
  return popupHtml
    .replace('<html>', `<html lang="${HTML_LANG[lang]}">`)
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(title)}</title>`)
    .replace(link, () => `<style>${css.replace(/<\/style/gi, '<\\/style')}</style>`)
    // inert until the script takes the elements over (Preact drops the attribute, which no
    // component renders): nothing typed or clicked before then can be lost
    .replace('<div id="app"></div>', () => `<div id="app">${firstScreen.replace(/^<([a-z]+)/, '<$1 inert')}</div>`);
}

/**
 * The Vite plugin: once popup.html is written, the two prerendered pages beside it. Written to
 * disk after the bundle (not emitted into it): WXT moves every HTML file of the bundle to its
 * entrypoint's place, and these are no entrypoint of their own.
 */
export function prerenderedPopup(root: string): Plugin {
  return {
    name: 'infini:prerendered-popup',
    enforce: 'post',
    async writeBundle(options, bundle) {
      // PRERENDER_POPUP=0: a build of another popup with this config (the engine's probe extension,
      // tests/helpers/bundle.ts); tests/e2e/popup-prerender.test.ts fails a build of ours without the pages
      if (process.env.PRERENDER_POPUP === '0') return;
      const page = bundle[POPUP_IN_BUNDLE];
      if (!page) return; // another of WXT's builds (content script, background)
      if (page.type !== 'asset' || !options.dir) this.error(`${POPUP_IN_BUNDLE} is not an HTML asset written to a folder`);
      const html = String(page.source);
      const cssName = /<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"/.exec(html)?.[1];
      const cssAsset = cssName ? bundle[cssName] : undefined;
      if (!cssAsset || cssAsset.type !== 'asset') this.error(`popup.html's stylesheet ${cssName ?? '(none)'} is not in the bundle`);
      const screens = await renderFirstScreens(root);
      for (const lang of ['en', 'zh'] as const) {
        const messages = JSON.parse(readFileSync(resolve(root, 'public/_locales', LOCALE_DIR[lang], 'messages.json'), 'utf8')) as Record<string, { message: string }>;
        writeFileSync(join(options.dir, PRERENDERED_POPUP[lang]), prerenderedPage(html, String(cssAsset.source), screens[lang], lang, messages.extName!.message));
      }
    },
  };
}

// `npx tsx scripts/prerender-popup.ts`: print the first screens (to look at them)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const screens = await renderFirstScreens(resolve(import.meta.dirname, '..'));
  writeFileSync(1, `${screens.en}\n\n${screens.zh}\n`);
}
