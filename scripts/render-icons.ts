// Renders store/icon.svg into the PNG sizes the manifest and the toolbar use (public/icon/N.png,
// which WXT puts into the manifest's `icons`), with the real Chromium (no image library needed).
// Run after editing the SVG: `npm run icons`; the PNGs are committed beside the source.
// It also writes tests/artifacts/icon-toolbars.png: the 16 and 32 px icons on a light and a dark
// toolbar colour (Chrome's and Firefox's), to look at before committing.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromiumPath, CHROMIUM_ARGS } from '../tests/helpers/chromium';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const ICON_SIZES = [16, 32, 48, 128] as const;

const svg = readFileSync(resolve(ROOT, 'store/icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  mkdirSync(resolve(ROOT, 'public/icon'), { recursive: true });
  for (const size of ICON_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`);
    await page.screenshot({ path: resolve(ROOT, `public/icon/${size}.png`), omitBackground: true });
  }
  const bars = ['#f9f9fb', '#dee1e6', '#2b2a33', '#202124']
    .map((bg) => `<div style="background:${bg};padding:8px;display:flex;gap:12px;align-items:center">${[16, 32].map((s) => `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${s}" height="${s}">`).join('')}</div>`)
    .join('');
  await page.setViewportSize({ width: 120, height: 4 * 48 });
  await page.setContent(`<html><body style="margin:0">${bars}</body></html>`);
  mkdirSync(resolve(ROOT, 'tests/artifacts'), { recursive: true });
  await page.screenshot({ path: resolve(ROOT, 'tests/artifacts/icon-toolbars.png') });
} finally {
  await browser.close();
}
console.log(`rendered public/icon/{${ICON_SIZES.join(',')}}.png from store/icon.svg`);
