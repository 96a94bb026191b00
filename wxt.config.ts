import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Permissions are the fewest that work: storage (public keys, memory-only session
// state), activeTab + contextMenus + scripting for the "fill here" menu on other
// sites, clipboardWrite for copy actions. The only host the extension touches is
// the console itself, through its content script match; no host_permissions.
export default defineConfig({
  // WXT_OUT_DIR lets parallel work build into separate folders; tests read EXTENSION_DIR.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage', 'activeTab', 'contextMenus', 'scripting', 'clipboardWrite'],
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'; connect-src 'none'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'infini-ssh-keys@example.org',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
