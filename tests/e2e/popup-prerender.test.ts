// The toolbar popup is prerendered (scripts/prerender-popup.ts): its form is in the HTML, in the
// browser's language, with its styles inline, so the first paint shows it before the script
// arrives; the script then takes those very elements over. In the real Chromium, Chinese and
// English: which page the toolbar button opens, what that page shows with no script at all (the
// first paint), that nothing can be typed into it before the script is there, and that the
// script keeps the elements (no second form, no flash) and makes them work.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { launchWithExtension, toolbarPopup, type ExtensionBrowser } from '../helpers/chromium';
import { popupCatalogue } from '../../lib/i18n/popup';
import { defaultComment } from '../../lib/keyfiles';

const cases = [
  { lang: 'zh-CN', page: 'popup-zh.html', t: popupCatalogue.zh },
  { lang: 'en-US', page: 'popup-en.html', t: popupCatalogue.en },
] as const;

/** Recorded from the document's start: the prerendered elements, as the parser made them. */
const RECORD_PRERENDERED = `(() => {
  const mo = new MutationObserver(() => {
    const main = document.querySelector('main.popup');
    const submit = main && main.querySelector('button[type="submit"]');
    if (!submit) return;
    window.__prerendered = { main, submit, comment: main.querySelector('#comment'), inert: main.hasAttribute('inert') };
    mo.disconnect();
  });
  mo.observe(document, { childList: true, subtree: true });
})();`;

describe.each(cases)('the prerendered toolbar popup, UI language $lang', ({ lang, page: file, t }) => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    b = await launchWithExtension({ lang });
  });
  afterAll(async () => {
    await b?.close();
  });

  it('the toolbar button opens the page prerendered in that language', async () => {
    expect(await toolbarPopup(b.serviceWorker)).toBe(`chrome-extension://${b.extensionId}/${file}`);
  });

  it('with no script at all, the page shows the styled form in that language, and none of it takes input', async () => {
    const page = await b.context.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/popup.html`); // the extension's renderer, where the page will load
    const cdp = await b.context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.goto(`chrome-extension://${b.extensionId}/${file}`);
    // the script really did not run (it would have set the page's title and the tab state)
    expect(await page.evaluate(() => document.querySelectorAll('main.popup').length)).toBe(1);
    const shown = await page.evaluate(() => {
      const submit = document.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      const pass = document.querySelector<HTMLInputElement>('#passphrase')!;
      pass.focus();
      return {
        htmlLang: document.documentElement.lang,
        title: document.title,
        submit: submit.textContent,
        tabs: [...document.querySelectorAll('[role="tab"]')].map((e) => e.textContent),
        legend: document.querySelector('legend')?.textContent,
        onScreen: submit.getBoundingClientRect().height > 0 && getComputedStyle(submit).visibility === 'visible',
        accent: getComputedStyle(submit).backgroundColor,
        stylesheetLinks: document.querySelectorAll('link[rel="stylesheet"]').length,
        inert: document.querySelector('main.popup')!.hasAttribute('inert'),
        focusTaken: document.activeElement === pass,
        comment: document.querySelector<HTMLInputElement>('#comment')!.value,
      };
    });
    expect(shown).toEqual({
      htmlLang: lang === 'zh-CN' ? 'zh-CN' : 'en',
      title: lang === 'zh-CN' ? '无问芯穹 SSH 密钥助手' : 'Infini SSH Keys',
      submit: t.generate,
      tabs: [t.tabNew, t.tabSaved, t.tabAdd, t.tabMachines, t.tabDiagnose],
      legend: t.keyType,
      onScreen: true,
      accent: 'rgb(11, 99, 206)', // --accent from the inline stylesheet
      stylesheetLinks: 0, // nothing to fetch before the first paint
      inert: true,
      focusTaken: false, // nothing typed before the script is there can be lost
      comment: '', // the day's comment is the script's (the build gives the same files on any day)
    });
    await page.close();
  });

  it('the script takes the same elements over: one form, nothing inert, the day\'s comment, and it works', async () => {
    const page = await b.context.newPage();
    await page.addInitScript({ content: RECORD_PRERENDERED });
    await page.goto(`chrome-extension://${b.extensionId}/${file}`);
    await page.waitForFunction(() => !document.querySelector('[inert]'));
    const after = await page.evaluate(() => {
      const pre = (window as unknown as { __prerendered: { main: Element; submit: Element; comment: HTMLInputElement; inert: boolean } }).__prerendered;
      return {
        wasInert: pre.inert,
        sameMain: document.querySelector('main.popup') === pre.main,
        sameSubmit: document.querySelector('button[type="submit"]') === pre.submit,
        sameComment: document.querySelector('#comment') === pre.comment,
        forms: document.querySelectorAll('form').length,
        mains: document.querySelectorAll('main').length,
        comment: pre.comment.value,
      };
    });
    expect(after).toEqual({ wasInert: true, sameMain: true, sameSubmit: true, sameComment: true, forms: 1, mains: 1, comment: defaultComment() });
    // the taken-over form is the live one: a passphrase typed twice enables Generate
    const submit = page.locator('button[type="submit"]');
    await expect.poll(() => submit.isDisabled()).toBe(true);
    await page.locator('#passphrase').fill('prerendered form');
    await page.locator('#passphrase2').fill('prerendered form');
    await expect.poll(() => submit.isEnabled(), { timeout: 60_000 }).toBe(true);
    await page.close();
  });
});
