// The Diagnose tab in the real Chromium with the built extension: a failing log captured from
// the real ssh at test time is pasted, the path picture, the cause and the fix show in both
// languages, the copied fix is the keyed config that really logs in; a private key pasted is
// refused and removed; the console's "Login fails? Diagnose…" entry opens the tab preset.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import type { Page } from 'playwright-core';
import { launchWithExtension, artifactPath, type ExtensionBrowser } from '../helpers/chromium';
import { sshKeygen, startJumpPair, tempDir, run, noAgentEnv, TEST_HOST_STAR_BLOCK, type JumpPair } from '../helpers/openssh';
import { serveConsole, CONSOLE } from '../fixtures/console/pages';
import { overlayOf } from '../helpers/shadow';

vi.setConfig({ expect: { poll: { timeout: 20_000, interval: 100 } } });

declare const chrome: { storage: { local: { set(v: object): Promise<void>; get(k: null): Promise<object> }; session: { get(k: null): Promise<object> } } };

const user = userInfo().username;
const HOST_STAR = TEST_HOST_STAR_BLOCK.replace('    LogLevel ERROR\n', '');
let pair: JumpPair;
let key: string;
let failingLog: string;
let command: string;

beforeAll(async () => {
  const dir = tempDir('doctor-e2e-');
  key = join(dir, 'infini_ed25519');
  expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-f', key]).status).toBe(0);
  pair = await startJumpPair([readFileSync(key + '.pub', 'utf8').trim()]);
  // the docs' template: IdentityFile on the target only; the real ssh -v of that failure
  const cfg = join(dir, 'config');
  writeFileSync(cfg, ['Host aicoder', '    HostName 127.0.0.1', `    Port ${pair.target.port}`, `    User ${user}`, `    ProxyJump ${user}@127.0.0.1:${pair.jump.port}`, `    IdentityFile ${key}`, '    IdentitiesOnly yes', HOST_STAR].join('\n'), { mode: 0o600 });
  const r = run('ssh', ['-v', '-F', cfg, 'aicoder', 'true'], { env: noAgentEnv() });
  expect(r.status).toBe(255);
  failingLog = r.stderr;
  command = `ssh -J ${user}@127.0.0.1:${pair.jump.port} -p ${pair.target.port} ${user}@127.0.0.1`;
});
afterAll(async () => pair?.stop());

async function seedKey(b: ExtensionBrowser) {
  const line = readFileSync(key + '.pub', 'utf8').trim();
  const fp = sshKeygen(['-l', '-E', 'sha256', '-f', key + '.pub']).stdout.split(' ')[1];
  const saved = { id: 'k1', name: 'infini_ed25519', comment: '', type: 'ssh-ed25519', bits: 256, fingerprint: fp, publicKeyLine: line, createdAt: Date.now() };
  await b.serviceWorker.evaluate((k) => chrome.storage.local.set({ savedKeys: [k], defaultKeyId: 'k1' }), saved);
}

async function readClipboard(b: ExtensionBrowser): Promise<string> {
  await b.serve(`${CONSOLE}/clip`, '<!doctype html><title>clip</title>');
  await b.context.grantPermissions(['clipboard-read'], { origin: CONSOLE });
  const reader = await b.context.newPage();
  await reader.goto(`${CONSOLE}/clip`);
  const text = await reader.evaluate(() => navigator.clipboard.readText());
  await reader.close();
  return text;
}

async function openDiagnose(b: ExtensionBrowser, cmd?: string): Promise<Page> {
  const page = await b.context.newPage();
  await page.setViewportSize({ width: 420, height: 1200 });
  await page.goto(`chrome-extension://${b.extensionId}/popup.html#diagnose${cmd ? `?cmd=${encodeURIComponent(cmd)}` : ''}`);
  await page.locator('#doctor-log').waitFor();
  return page;
}

/** The fix as copied, with the key at its absolute path, logs in through both hops. */
function fixLogsIn(fix: string): void {
  const dir = tempDir('doctor-e2e-fix-');
  const alias = /^Host (\S+)$/m.exec(fix)![1];
  writeFileSync(join(dir, 'config'), fix.replaceAll('~/.ssh/infini_ed25519', key) + '\n' + HOST_STAR.replace('BatchMode yes', 'BatchMode yes\n    LogLevel ERROR'), { mode: 0o600 });
  const r = run('ssh', ['-F', join(dir, 'config'), alias, 'echo', 'ok'], { env: noAgentEnv() });
  expect(r.stdout, r.stderr).toBe('ok\n');
}

describe('Diagnose tab (en-US)', () => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    b = await launchWithExtension({ lang: 'en-US' });
    await seedKey(b);
  });
  afterAll(async () => b?.close());

  it('a pasted jump-host failure: red jump host, machine not reached, the cause, and a copied fix that logs in', async () => {
    const page = await openDiagnose(b, command);
    expect(await page.locator('#doctor-command').inputValue()).toBe(command);
    await page.getByLabel('macOS / Linux / Git Bash').check();
    expect(await page.getByTestId('doctor-capture-save').textContent()).toBe(`ssh -v -p ${pair.target.port} -J ${user}@127.0.0.1:${pair.jump.port} ${user}@127.0.0.1 exit 2>&1 | tee ssh-debug.txt`);
    await page.locator('#doctor-log').fill(failingLog);
    await page.getByRole('button', { name: 'Diagnose', exact: true }).last().click();
    await expect.poll(() => page.getByTestId('doctor-result').getAttribute('data-verdict')).toBe('jump-auth-failed');
    expect(await page.getByTestId('doctor-hop').evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))).toEqual(['failed', 'unreached']);
    expect(await page.getByTestId('doctor-cause').textContent()).toMatch(/^The jump host .*127\.0\.0\.1:\d+ refused the login/);
    await page.screenshot({ path: artifactPath('popup-diagnose-en.png'), fullPage: true });
    const shown = (await page.getByTestId('doctor-fix').textContent())!;
    expect(shown).toContain(`Host infini-127.0.0.1-${pair.target.port}-jump`);
    await page.getByRole('button', { name: 'Copy fix' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    const copied = await readClipboard(b);
    expect(copied).toBe(shown);
    fixLogsIn(copied);
    // the log is never stored: nothing of it in the extension's storage
    const stored = await b.serviceWorker.evaluate(async () => JSON.stringify([await chrome.storage.local.get(null), await chrome.storage.session.get(null)]));
    expect(stored).not.toContain('Authenticating to');
    await page.close();
  });

  it('a private key pasted by mistake: refused with the intake\'s words, and the box is emptied', async () => {
    const page = await openDiagnose(b);
    const secret = readFileSync(key, 'utf8');
    await page.locator('#doctor-log').fill(secret);
    await page.getByRole('button', { name: 'Diagnose', exact: true }).last().click();
    await expect.poll(() => page.getByTestId('doctor-error').textContent()).toMatch(/PRIVATE key/);
    expect(await page.locator('#doctor-log').inputValue()).toBe('');
    expect(await page.content()).not.toContain(secret.split('\n')[1]);
    await page.close();
  });

  it("the console's command menu: “Login fails? Diagnose…” opens the Diagnose tab preset with that command", async () => {
    await serveConsole(b);
    const page = await b.context.newPage();
    await page.goto(`${CONSOLE}/dev-machine`);
    const host = overlayOf(page);
    await expect.poll(() => host.locator('.anchor[data-kind="command"] button.toggle').count()).toBe(3);
    await host.locator('.anchor[data-kind="command"] button.toggle').first().click();
    const entry = host.locator('.menu [data-action="diagnose"]');
    expect(await entry.textContent()).toBe('Login fails? Diagnose…');
    const [tab] = await Promise.all([b.context.waitForEvent('page'), entry.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`chrome-extension://${b.extensionId}/popup.html#diagnose?cmd=${encodeURIComponent('ssh -p 41587 root@1.2.3.4')}`);
    await tab.locator('#doctor-command').waitFor();
    expect(await tab.locator('#doctor-command').inputValue()).toBe('ssh -p 41587 root@1.2.3.4');
    await tab.getByLabel('macOS / Linux / Git Bash').check();
    expect(await tab.getByTestId('doctor-capture-save').textContent()).toBe('ssh -v -p 41587 root@1.2.3.4 exit 2>&1 | tee ssh-debug.txt');
    await tab.getByLabel('Windows PowerShell').check();
    expect(await tab.getByTestId('doctor-capture-save').textContent()).toBe('ssh -v -p 41587 root@1.2.3.4 exit 2>&1 | ForEach-Object { "$_" } | Tee-Object -FilePath ssh-debug.txt');
    await tab.close();
    await page.close();
  });
});

describe('Diagnose tab (zh-CN)', () => {
  let b: ExtensionBrowser;
  beforeAll(async () => {
    b = await launchWithExtension({ lang: 'zh-CN' });
    await seedKey(b);
  });
  afterAll(async () => b?.close());

  it('the same failure in Chinese: the tab, the picture, the cause and the copied fix', async () => {
    const page = await openDiagnose(b, command);
    await page.getByRole('tab', { name: '连接排障' }).waitFor();
    await page.locator('#doctor-log').fill(failingLog);
    await page.getByRole('button', { name: '诊断', exact: true }).click();
    await expect.poll(() => page.getByTestId('doctor-result').getAttribute('data-verdict')).toBe('jump-auth-failed');
    expect(await page.getByTestId('doctor-hop').first().textContent()).toContain('跳板机');
    expect(await page.getByTestId('doctor-hop').first().textContent()).toContain('失败');
    expect(await page.getByTestId('doctor-cause').textContent()).toMatch(/^跳板机 .* 拒绝了登录/);
    await page.screenshot({ path: artifactPath('popup-diagnose-zh-CN.png'), fullPage: true });
    await page.getByRole('button', { name: '复制解决命令' }).click();
    await page.getByRole('status').filter({ hasText: '已复制' }).waitFor();
    const copied = await readClipboard(b);
    expect(copied).toBe(await page.getByTestId('doctor-fix').textContent());
    fixLogsIn(copied);
    await page.close();
  });
});
