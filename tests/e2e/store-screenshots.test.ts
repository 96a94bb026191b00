// The store screenshots (1280×800, as both stores take them), made by the real extension in the
// real Chromium in each language: the popup with a freshly made key, and the console's create
// form with our key menu open. They land in tests/artifacts/store-*-<lang>.png; the caption is
// the listing's own name and short description (store/<lang>.md).
import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, artifactPath, type ExtensionBrowser } from '../helpers/chromium';
import { serveConsole, CONSOLE } from '../fixtures/console/pages';
import { overlayOf } from '../helpers/shadow';
import { popupCatalogue } from '../../lib/i18n/popup';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const SIZE = { width: 1280, height: 800 };

function caption(lang: 'en' | 'zh-CN'): { name: string; short: string } {
  const md = readFileSync(join(ROOT, `store/${lang}.md`), 'utf8');
  const section = (h: string) => new RegExp(`^#+ ${h}\\n+([^\\n]+)`, 'm').exec(md)![1]!.trim();
  return { name: section('Name'), short: section('Short description') };
}

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

const cases = [
  { lang: 'en-US', listing: 'en', t: popupCatalogue.en },
  { lang: 'zh-CN', listing: 'zh-CN', t: popupCatalogue.zh },
] as const;

let b: ExtensionBrowser | undefined;
afterEach(async () => {
  await b?.close();
  b = undefined;
});

describe.each(cases)('store screenshots in $lang', ({ lang, listing, t }) => {
  it('the popup with a new key and the console with our menu, each 1280×800', async () => {
    b = await launchWithExtension({ lang });
    const popup = await b.openPopup();
    await popup.setViewportSize({ width: 400, height: 720 });
    await popup.getByLabel(t.noPassphrase, { exact: true }).check();
    await popup.getByRole('button', { name: t.generate, exact: true }).click();
    await popup.getByRole('heading', { name: t.resultTitle.replace('{name}', 'infini_ed25519') }).waitFor({ timeout: 120_000 });
    const popupShot = await popup.screenshot();

    // compose: the listing's caption beside the popup as it looks in the toolbar
    const { name, short } = caption(listing);
    const stage = await b.context.newPage();
    await stage.setViewportSize(SIZE);
    await stage.setContent(
      `<!doctype html><html lang="${lang}"><body style="margin:0;width:1280px;height:800px;display:flex;align-items:center;justify-content:center;gap:72px;background:linear-gradient(135deg,#eff6ff,#dbeafe);font-family:system-ui,'WenQuanYi Micro Hei',sans-serif">
        <div style="max-width:560px"><h1 style="font-size:44px;margin:0 0 20px;color:#1e3a8a">${name}</h1><p style="font-size:26px;line-height:1.5;color:#1e293b;margin:0">${short}</p></div>
        <img src="data:image/png;base64,${popupShot.toString('base64')}" style="width:400px;height:720px;border-radius:12px;box-shadow:0 12px 40px rgba(30,58,138,.3)">
      </body></html>`,
    );
    const popupFile = artifactPath(`store-popup-${lang}.png`);
    await stage.screenshot({ path: popupFile });
    expect(pngSize(popupFile)).toEqual([1280, 800]);

    // the new key's public half is saved once the private key is downloaded and the user says Done
    await Promise.all([popup.waitForEvent('download'), popup.getByRole('button', { name: t.downloadPrivateKey, exact: true }).click()]);
    await popup.getByRole('button', { name: t.doneBothSaved, exact: true }).click();
    await serveConsole(b);
    const page = await b.context.newPage();
    await page.setViewportSize(SIZE);
    await page.goto(`${CONSOLE}/dev-machine`);
    await page.click('#create');
    const toggle = overlayOf(page).locator('.anchor[data-kind="key"] button.toggle');
    await toggle.click();
    await overlayOf(page).locator('.menu [data-action="fill-key"]').first().waitFor();
    const consoleFile = artifactPath(`store-console-${lang}.png`);
    await page.screenshot({ path: consoleFile });
    expect(pngSize(consoleFile)).toEqual([1280, 800]);
    expect(b.refused).toEqual([]);
  });
});
