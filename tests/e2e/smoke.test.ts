import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXTENSION_DIR, launchWithExtension, type ExtensionBrowser } from '../helpers/chromium';

describe('the built extension in the real Chromium', () => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    b = await launchWithExtension();
  });
  afterAll(async () => b?.close());

  it('loads, opens its popup, and makes no network request', async () => {
    expect(b.extensionId).toMatch(/^[a-p]{32}$/);
    const popup = await b.openPopup();
    await expect.poll(() => popup.locator('main').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    const external = b.requests.filter((u) => /^(https?|wss?):/.test(u));
    expect(external).toEqual([]);
  });

  it('cannot reach the network even if its own code tried: the browser blocks it before any request', async () => {
    const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
    expect(manifest.content_security_policy.extension_pages).toContain("connect-src 'none'");
    expect(manifest.host_permissions ?? []).toEqual([]);
    const popup = await b.openPopup();
    const before = b.requests.length;
    // Playwright does not see a service worker's own requests, so the worker's fetch is judged
    // by its error: a CSP refusal happens in the browser, before the network stub is reached.
    const attempts = await Promise.all([
      popup.evaluate(() => fetch('https://cloud.infini-ai.com/probe').then(() => 'fetched', (e) => String(e))),
      b.serviceWorker.evaluate(() => fetch('https://cloud.infini-ai.com/probe').then(() => 'fetched', (e) => String(e))),
    ]);
    for (const a of attempts) expect(a).toMatch(/TypeError/);
    // the popup's own chunks and workers (chrome-extension://), fetched when idle after its
    // first paint, are no network requests; nothing may go anywhere else
    expect(b.requests.slice(before).filter((u) => !u.startsWith(`chrome-extension://${b.extensionId}/`))).toEqual([]);
    expect(b.refused).toEqual([]);
  });
});
