import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { prerenderedPopup } from './scripts/prerender-popup';

/**
 * WXT's generated content-script entry constructs WXT's ContentScriptContext, which a page can
 * switch off and which broadcasts our extension id to the page; ours does neither
 * (entrypoints/infini.content/context.ts). Point that one import at our subclass, and fail the
 * build if a WXT update changes the entry so that the import is not there to point.
 */
function guardedContentScriptContext(): Plugin {
  const ENTRY = '\0virtual:wxt-content-script-isolated-world-entrypoint?';
  const IMPORT = /from\s*["']wxt\/utils\/content-script-context["']/;
  const ours = resolve(__dirname, 'entrypoints/infini.content/context.ts').replace(/\\/g, '/');
  return {
    name: 'infini:guarded-content-script-context',
    transform(code, id) {
      if (!id.startsWith(ENTRY)) return null;
      if (!IMPORT.test(code)) this.error(`WXT's content-script entry no longer imports wxt/utils/content-script-context: update ${ours}`);
      return { code: code.replace(IMPORT, `from ${JSON.stringify(ours)}`), map: null };
    },
  };
}

/**
 * The content script uses the browser's own `browser`/`chrome` (what `wxt/browser` is without
 * the polyfill module): every API it calls returns a promise natively in Chrome MV3 and
 * Firefox, and the polyfill (about 38 kB of source, parsed and set up on every console page)
 * would only wrap them again. The popup and the background keep the polyfill.
 */
function contentScriptWithoutPolyfill(): Plugin {
  const wxtBrowser = resolve(__dirname, 'node_modules/wxt/dist/browser.mjs');
  let contentScript = false;
  return {
    name: 'infini:content-script-without-polyfill',
    enforce: 'pre',
    options(opts) {
      contentScript = JSON.stringify(opts.input ?? '').includes('virtual:wxt-content-script-isolated-world-entrypoint');
      return null;
    },
    resolveId(source) {
      if (!contentScript || (source !== 'wxt/browser' && source !== '@wxt-dev/webextension-polyfill/browser')) return null;
      // as wxt/browser itself resolves it
      return this.resolve('@wxt-dev/browser', wxtBrowser, { skipSelf: true });
    },
  };
}

// Permissions are the fewest that work, each for one reason:
// - storage: the saved public keys and the default key (storage.local; public data only);
// - contextMenus: the "Fill SSH public key here" entry on editable fields of any site;
// - activeTab: a click on that entry grants access to that one tab, so no host permission
//   for "all sites" is needed (an e2e test checks the worker is refused the page without it);
// - scripting: to run the self-contained fill function in the frame the menu was opened in;
// - alarms: to drop a finished but undownloaded key from session memory at its expiry, even
//   when the popup is not opened again (no warning is shown to the user for it).
// No clipboardWrite: every copy happens inside a user's click (popup and console buttons), where
// the Clipboard API needs no permission. The only host the extension reaches on its own is the
// console, through its content script match; no host_permissions.
export const GECKO_ID = '{67f6c83b-18dc-4d7e-b00e-f7e5eb855f47}';

export default defineConfig({
  // WXT_OUT_DIR lets parallel work build into separate folders; tests read EXTENSION_DIR.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  // `npm run zip`: the Chrome and Firefox packages, and for AMO's reviewers the sources that
  // rebuild the Firefox package byte for byte (tests/e2e/store.test.ts rebuilds it): only what the
  // build reads, by a list (not the tests, their artifacts or anything lying in the worktree).
  zip: {
    excludeSources: ['**/*'],
    includeSources: [
      'README.md',
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'wxt.config.ts',
      'entrypoints/**',
      'components/**',
      'lib/**',
      'public/**',
      'scripts/prerender-popup.ts',
      'store/icon.svg',
    ],
  },
  vite: () => ({
    plugins: [preact(), guardedContentScriptContext(), contentScriptWithoutPolyfill(), prerenderedPopup(__dirname)],
    // A worker is one classic (IIFE) script: the key worker reaches private-key.ts, whose
    // on-demand chunks (PKCS#8's forge) would otherwise split it, which IIFE cannot do.
    worker: { rollupOptions: { output: { inlineDynamicImports: true } } },
    // PROFILE_BUILD=1: unminified, so a CPU profile of the content script names its functions
    ...(process.env.PROFILE_BUILD ? { build: { minify: false } } : {}),
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'activeTab', 'contextMenus', 'scripting', 'alarms'],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'; connect-src 'none'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // The add-on's permanent id on addons.mozilla.org. A UUID in braces (Mozilla's other
            // accepted form besides an email-like id): we own no domain to put after an "@", and
            // borrowing one (infini-ai.com, example.org) would claim what is not ours.
            gecko: {
              id: GECKO_ID,
              // data_collection_permissions needs Firefox 140 (desktop) and 142 (Android);
              // everything else we use is older (web-ext lint checks this, tests/e2e/store.test.ts)
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
