// Keys users bring, and keys for PuTTY, in the real Chromium with the built extension:
// a pasted id_ed25519.pub makes every command and config name ~/.ssh/id_ed25519; renaming it
// and moving its private key path carries through to the console's menus, and the config then
// logs in to a real sshd with the private key at that path; the .ppk from the result screen
// and from the derive view open in the real puttygen; a puttygen .ppk gives its public key and
// an OpenSSH private key ssh-keygen reads.
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension, artifactPath, type ExtensionBrowser } from '../helpers/chromium';
import { run, sshKeygen, startSshd, tempDir, TEST_HOST_STAR_BLOCK, noAgentEnv } from '../helpers/openssh';
import { passFile, puttygen } from '../helpers/putty';
import { serveConsole, CONSOLE } from '../fixtures/console/pages';
import { overlayOf } from '../helpers/shadow';

vi.setConfig({ expect: { poll: { timeout: 30_000, interval: 100 } } });

const host = (p: Page) => overlayOf(p);
const commandToggle = (p: Page) => host(p).locator('.anchor[data-kind="command"] button.toggle');
const item = (p: Page, action: string) => host(p).locator(`.menu [data-action="${action}"]`);
const clipboard = (p: Page) => p.evaluate(() => navigator.clipboard.readText());

async function storageDump(b: ExtensionBrowser, area: 'local' | 'session'): Promise<string> {
  return JSON.stringify(await b.serviceWorker.evaluate((a) => (globalThis as any).chrome.storage[a].get(null), area));
}

/** The console page's command menu: "copy with -i" and "copy config", as the user gets them. */
async function fromCommandMenu(b: ExtensionBrowser, path: string): Promise<{ command: string; config: string; label: string }> {
  const page = await b.context.newPage();
  await page.goto(`${CONSOLE}${path}`);
  await expect.poll(() => commandToggle(page).count()).toBe(1);
  await commandToggle(page).click();
  const label = (await item(page, 'copy-with-key').textContent())!;
  await item(page, 'copy-with-key').click();
  await expect.poll(() => host(page).locator('.menu .status').textContent()).toMatch(/Copied/);
  const command = await clipboard(page);
  await item(page, 'copy-config').click();
  await expect.poll(() => clipboard(page)).not.toBe(command);
  const config = await clipboard(page);
  await page.close();
  return { command, config, label };
}

async function download(page: Page, click: () => Promise<void>, dir: string): Promise<{ path: string; name: string }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 180_000 }), click()]);
  const name = d.suggestedFilename();
  const path = join(dir, name);
  await d.saveAs(path);
  return { path, name };
}

describe('keys users bring (en-US)', () => {
  let b: ExtensionBrowser;
  const dir = tempDir('keys-e2e-');
  beforeAll(async () => {
    b = await launchWithExtension({ lang: 'en-US' });
    await serveConsole(b);
    // clipboard-read to read it back; clipboard-write as a real profile has it (Playwright's
    // permission override would deny it): our overlay copies with navigator.clipboard in the user's click
    await b.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: CONSOLE });
  });
  afterAll(async () => b?.close());

  it('paste id_ed25519.pub → commands and configs say ~/.ssh/id_ed25519; rename and move the path → they follow, and the config logs in', async () => {
    const keyFile = join(dir, 'id_ed25519');
    expect(sshKeygen(['-q', '-t', 'ed25519', '-N', '', '-C', 'bar@laptop', '-f', keyFile]).status).toBe(0);
    const line = readFileSync(keyFile + '.pub', 'utf8').trim();

    const popup = await b.openPopup();
    await popup.getByRole('tab', { name: 'Add existing', exact: true }).click();
    await popup.getByLabel('Public key', { exact: true }).fill(line);
    // shown and editable before the import, with its one-line explanation
    const pathField = popup.getByLabel('Private key file on your computer', { exact: true });
    await expect.poll(() => pathField.inputValue()).toBe('~/.ssh/id_ed25519');
    await popup.getByText(/The file ssh-keygen makes for this key type/).waitFor();
    await popup.getByRole('button', { name: 'Import', exact: true }).click();
    await popup.getByRole('status').getByText(/^Saved as “id_ed25519” .*private key file ~\/\.ssh\/id_ed25519/).waitFor();
    const saved = JSON.parse(await storageDump(b, 'local')).savedKeys as { name: string; comment: string; privateKeyPath: string }[];
    expect(saved).toMatchObject([{ name: 'id_ed25519', comment: 'bar@laptop', privateKeyPath: '~/.ssh/id_ed25519' }]);

    const server = await startSshd([line]);
    try {
      const shown = `ssh -p ${server.port} ${server.user}@127.0.0.1`;
      await b.serve(`${CONSOLE}/dev-machine/detail/bring`, `<!doctype html><meta charset="utf-8"><title>开发机详情</title><h2>my-dev</h2><div>登录命令：<code>${shown}</code></div>`);
      const before = await fromCommandMenu(b, '/dev-machine/detail/bring');
      expect(before.command).toContain(' -i ~/.ssh/id_ed25519 ');
      expect(before.config).toContain('IdentityFile ~/.ssh/id_ed25519\n');
      expect(before.label).toContain('id_ed25519');

      // Saved keys → Edit: a path ssh cannot read back is refused with the reason
      await popup.getByRole('tab', { name: /Saved keys/ }).click();
      await popup.getByRole('button', { name: 'Edit name and private key path of id_ed25519', exact: true }).click();
      const path = popup.getByLabel('Private key file (its path on your computer)', { exact: true });
      await path.fill('~/.ssh/say "hi"');
      await popup.getByText(/cannot be written into an ssh config file/).waitFor();
      expect(await popup.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
      // a folder with a space, outside ~/.ssh (an absolute path: this test's "home" is a temp dir)
      const newPath = join(dir, 'my keys', 'laptop');
      await path.fill(newPath);
      await popup.getByLabel('Name', { exact: true }).fill('laptop');
      await popup.getByRole('button', { name: 'Save', exact: true }).click();
      await popup.locator('[data-key-name="laptop"] [data-testid="key-path"]').getByText(`Private key: ${newPath}`).waitFor();
      await popup.screenshot({ path: artifactPath('keys-saved-path-en-US.png'), fullPage: true });

      const after = await fromCommandMenu(b, '/dev-machine/detail/bring');
      expect(after.label).toContain('laptop');
      expect(after.command).toContain(` -i '${newPath}' `);
      expect(after.config).toContain(`IdentityFile "${newPath}"\n`);

      // the private key where the path says; the config as copied, with only the test's host-key options
      mkdirSync(join(dir, 'my keys'), { mode: 0o700 });
      copyFileSync(keyFile, newPath);
      chmodSync(newPath, 0o600);
      const cfg = join(dir, 'ssh_config');
      writeFileSync(cfg, after.config + '\n' + TEST_HOST_STAR_BLOCK, { mode: 0o600 });
      const alias = /^Host (\S+)$/m.exec(after.config)![1];
      const login = run('ssh', ['-F', cfg, alias, 'echo', 'logged-in'], { env: noAgentEnv() });
      expect(login.stdout.trim(), login.stderr + server.log()).toBe('logged-in');
      // …and the copied command runs unchanged in a shell too
      const wrapper = 'ssh() { command ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o ConnectTimeout=10 "$@" echo logged-in; }';
      const byCommand = run('sh', ['-c', `${wrapper}\n${after.command}`], { env: noAgentEnv() });
      expect(byCommand.stdout.trim(), byCommand.stderr).toBe('logged-in');
    } finally {
      await server.stop();
    }
    await popup.close();
  });

  it('result screen: Download for PuTTY (.ppk) v3 and v2, encrypted with the key’s passphrase; puttygen reads both; nothing of it is stored', async () => {
    const pass = '密码 pässwörd';
    const page = await b.openPopup();
    await page.getByLabel('Passphrase', { exact: true }).fill(pass);
    await page.getByLabel('Confirm passphrase', { exact: true }).fill(pass);
    await page.getByRole('button', { name: 'Generate', exact: true }).click();
    await page.getByRole('heading', { name: /Your new key/ }).waitFor({ timeout: 120_000 });
    const line = await page.getByLabel('Public key', { exact: true }).inputValue();
    expect(await page.getByRole('button', { name: 'Done — I have both files', exact: true }).isDisabled()).toBe(true);

    const v3 = await download(page, () => page.getByRole('button', { name: 'Download for PuTTY (.ppk)', exact: true }).click(), dir);
    expect(v3.name).toBe('infini_ed25519.ppk');
    expect(readFileSync(v3.path, 'utf8')).toMatch(/^PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: aes256-cbc\n[\s\S]*Key-Derivation: Argon2id\n/);
    await page.getByText('infini_ed25519.ppk: download started.').waitFor();
    // Argon2id ran in its worker (the built extension ships and loads it), not on the popup's thread
    expect(page.workers().map((w) => w.url()).filter((u) => /argon2-worker/.test(u))).toHaveLength(1);
    // the .ppk is the private key for PuTTY users: Done becomes possible
    await expect.poll(() => page.getByRole('button', { name: 'Done — I have both files', exact: true }).isDisabled()).toBe(false);

    await page.getByText('PuTTY file version', { exact: true }).click();
    await page.getByLabel(/Version 2:/).check();
    const v2dir = tempDir('keys-e2e-v2-');
    const v2 = await download(page, () => page.getByRole('button', { name: 'Download for PuTTY (.ppk)', exact: true }).click(), v2dir);
    expect(readFileSync(v2.path, 'utf8')).toMatch(/^PuTTY-User-Key-File-2: ssh-ed25519\nEncryption: aes256-cbc\n/);
    await page.getByTestId('use-with').getByText('Use with other SSH clients').click();
    await page.screenshot({ path: artifactPath('keys-result-ppk-en-US.png'), fullPage: true });

    for (const f of [v3.path, v2.path]) {
      expect(puttygen([f, '-O', 'public-openssh']).stdout.trim()).toBe(line);
      const out = f + '.openssh';
      const ok = puttygen([f, '-O', 'private-openssh-new', '-o', out, '--old-passphrase', passFile(dir, pass), '--new-passphrase', passFile(dir, '')]);
      expect(ok.status, ok.stderr).toBe(0);
      expect(sshKeygen(['-y', '-f', out]).stdout.trim()).toBe(line);
      const wrong = puttygen([f, '-O', 'private-openssh', '-o', out + '2', '--old-passphrase', passFile(dir, 'not it'), '--new-passphrase', passFile(dir, '')]);
      expect(wrong.status).not.toBe(0);
    }
    for (const area of ['local', 'session'] as const) expect(await storageDump(b, area)).not.toContain('PuTTY-User-Key-File');
    expect(await storageDump(b, 'session')).not.toContain(pass);
    await page.close();
  });

  it('derive view: a puttygen .ppk gives its public key and, on request, an OpenSSH private key with a new passphrase; an OpenSSH key gives a .ppk', async () => {
    const pass = 'putty 密码';
    const ppk = join(dir, 'office.ppk');
    expect(puttygen(['-q', '-t', 'ed25519', '-C', 'office pc', '-o', ppk, '--new-passphrase', passFile(dir, pass)]).status).toBe(0);
    const line = puttygen([ppk, '-O', 'public-openssh']).stdout.trim();

    const page = await b.openPopup();
    await page.getByRole('tab', { name: 'Add existing', exact: true }).click();
    // pasted into the public-key box, a .ppk is still refused, with a pointer to the derive view
    await page.getByLabel('Public key', { exact: true }).fill(readFileSync(ppk, 'utf8'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('alert').getByText(/pick the file under "Public key from a private key file"/).waitFor();

    await page.getByLabel('Private key file', { exact: true }).setInputFiles(ppk);
    const unlock = page.getByLabel('Passphrase of office.ppk', { exact: true });
    await unlock.fill(pass);
    await unlock.press('Enter');
    await page.getByText(/^Public key of office\.ppk saved as “office” .*private key file ~\/\.ssh\/office /).waitFor();
    const saved = JSON.parse(await storageDump(b, 'local')).savedKeys as { name: string; publicKeyLine: string; privateKeyPath: string }[];
    expect(saved.find((k) => k.name === 'office')).toMatchObject({ publicKeyLine: line, privateKeyPath: '~/.ssh/office' });

    await page.getByLabel('Passphrase for the OpenSSH file (leave empty to keep the same one)', { exact: true }).fill('new one');
    const o = await download(page, () => page.getByRole('button', { name: 'Download OpenSSH private key (office)', exact: true }).click(), dir);
    expect(o.name).toBe('office');
    chmodSync(o.path, 0o600);
    expect(sshKeygen(['-y', '-P', pass, '-f', o.path]).status).not.toBe(0);
    expect(sshKeygen(['-y', '-P', 'new one', '-f', o.path]).stdout.trim()).toBe(line);
    expect(await storageDump(b, 'local')).not.toContain('PRIVATE KEY');

    // an OpenSSH key in the same view → its .ppk (plain: the key has no passphrase)
    const openssh = join(dir, 'plain_key');
    expect(sshKeygen(['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-C', 'plain', '-f', openssh]).status).toBe(0);
    await page.getByLabel('Private key file', { exact: true }).setInputFiles(openssh);
    await page.getByText(/^Public key of plain_key saved as “plain_key”/).waitFor();
    const p = await download(page, () => page.getByRole('button', { name: 'Download for PuTTY (.ppk)', exact: true }).click(), dir);
    expect(p.name).toBe('plain_key.ppk');
    expect(readFileSync(p.path, 'utf8')).toMatch(/^PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\n/);
    expect(puttygen([p.path, '-O', 'public-openssh']).stdout.trim()).toBe(readFileSync(openssh + '.pub', 'utf8').trim());
    await page.screenshot({ path: artifactPath('keys-derive-ppk-en-US.png'), fullPage: true });
    await page.close();
  });
});
