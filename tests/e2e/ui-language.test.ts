// A really Chinese (and a really English) Chromium: the browser's own UI language, which on
// Linux comes from LANGUAGE/LANG (tests/helpers/chromium.ts), reaches the extension's service
// worker: chrome.i18n.getUILanguage(), the _locales messages, and the context menu entry
// Chromium stores and shows. A page-only locale (navigator.language) would pass none of these.
import { describe, it, expect, afterEach } from 'vitest';
import { launchWithExtension, contextMenuTitles, type ExtensionBrowser } from '../helpers/chromium';

declare const chrome: { i18n: { getUILanguage(): string; getMessage(name: string): string } };

let b: ExtensionBrowser | undefined;
afterEach(async () => {
  await b?.close();
  b = undefined;
});

const cases = [
  { lang: 'zh-CN', ui: 'zh-CN', name: '无问芯穹 SSH 密钥助手', menu: '在此填入 SSH 公钥' },
  { lang: 'en-US', ui: 'en-US', name: 'Infini SSH Keys', menu: 'Fill SSH public key here' },
] as const;

describe.each(cases)('Chromium with UI language $lang', ({ lang, ui, name, menu }) => {
  it('the service worker, the extension name and the context menu title are in that language', async () => {
    b = await launchWithExtension({ lang });
    const worker = await b.serviceWorker.evaluate(() => ({ ui: chrome.i18n.getUILanguage(), name: chrome.i18n.getMessage('extName') }));
    expect(worker).toEqual({ ui, name });
    await expect.poll(() => contextMenuTitles(b!), { timeout: 60_000, interval: 250 }).toContain(menu);
    expect(contextMenuTitles(b)).toEqual([menu]);
    const popup = await b.openPopup();
    expect(await popup.evaluate(() => navigator.language)).toBe(lang);
    // the toolbar button opens the popup prerendered in that language (tests/e2e/popup-prerender.test.ts)
    expect(popup.url()).toBe(`chrome-extension://${b.extensionId}/${lang === 'zh-CN' ? 'popup-zh.html' : 'popup-en.html'}`);
  });
});
