// The build's prerender of the toolbar popup (scripts/prerender-popup.ts): the first screen in
// each language, the same on any day (the store's reviewers rebuild the Firefox package byte for
// byte), and the page it makes from Vite's popup.html.
import { describe, it, expect, afterEach, vi } from 'vitest';
import { resolve } from 'node:path';
import { prerenderedPage, renderFirstScreens } from '../../scripts/prerender-popup';
import { popupCatalogue } from '../../lib/i18n/popup';

const ROOT = resolve(import.meta.dirname, '../..');

describe('the popup first screen, prerendered', () => {
  afterEach(() => vi.useRealTimers());

  it('is the Generate form in each language, and the same on two different days', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const first = await renderFirstScreens(ROOT);
    vi.setSystemTime(new Date('2031-11-30T23:00:00Z'));
    const later = await renderFirstScreens(ROOT);
    expect(later).toEqual(first);
    for (const lang of ['en', 'zh'] as const) {
      const t = popupCatalogue[lang];
      expect(first[lang]).toMatch(/^<main class="popup">/);
      expect(first[lang]).toContain(`<button type="submit" class="primary" disabled>${t.generate}</button>`);
      expect(first[lang]).toContain(`>${t.tabNew}</button>`);
      expect(first[lang]).not.toMatch(/\d{4}-\d\d-\d\d/); // no day in it (the comment is filled by the script)
    }
  }, 120_000);

  const vitePopup = [
    '<!DOCTYPE html>',
    '<html>',
    '  <head>',
    '    <title>__MSG_extName__</title>',
    '    <script type="module" crossorigin src="/chunks/popup-X.js"></script>',
    '    <link rel="stylesheet" crossorigin href="/assets/popup-Y.css">',
    '  </head>',
    '  <body>',
    '    <div id="app"></div>',
    '  </body>',
    '</html>',
  ].join('\n');

  it('makes the page: language, title, the stylesheet inline, the form inert until the script takes it over', () => {
    const page = prerenderedPage(vitePopup, 'b{color:red}/*</style><script>x</script>*/', '<main class="popup"><p>$&amp; $1</p></main>', 'zh', '无问芯穹 <SSH>');
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('<title>无问芯穹 &lt;SSH&gt;</title>');
    expect(page).not.toContain('<link rel="stylesheet"');
    // a stylesheet cannot end the <style> element early and open a script
    expect(page).toContain('<style>b{color:red}/*<\\/style><script>x</script>*/</style>');
    expect(page.match(/<\/style>/g)).toHaveLength(1);
    // replacement patterns ($&, $1) in the screen are kept as text
    expect(page).toContain('<div id="app"><main inert class="popup"><p>$&amp; $1</p></main></div>');
    expect(page).toContain('<script type="module" crossorigin src="/chunks/popup-X.js"></script>');
  });

  it('refuses a popup.html of another shape (a WXT or Vite update) instead of writing a page without the form', () => {
    expect(() => prerenderedPage(vitePopup.replace('<div id="app"></div>', '<div id="root"></div>'), '', '<main></main>', 'en', 'x')).toThrow(/update scripts\/prerender-popup\.ts/);
    expect(() => prerenderedPage(vitePopup.replace(/<link[^>]*>/, ''), '', '<main></main>', 'en', 'x')).toThrow(/one stylesheet link/);
  });
});
