import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from '../helpers/chromium';

describe('the built extension in the real Chromium', () => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    b = await launchWithExtension();
  });
  afterAll(async () => b?.close());

  it('loads, opens its popup, and makes no network request', async () => {
    expect(b.extensionId).toMatch(/^[a-p]{32}$/);
    const popup = await b.openPopup();
    await expect.poll(() => popup.locator('main').count()).toBeGreaterThan(0);
    const external = b.requests.filter((u) => /^(https?|wss?):/.test(u));
    expect(external).toEqual([]);
  });
});
