// The key engine inside the real Chromium, where users run it: the engine is bundled by Vite
// (as WXT bundles the popup), served at an https URL under the extension pages' CSP, and the
// keys it makes there are judged by the real ssh-keygen and a real sshd.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Page } from 'playwright-core';
import { writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePage, buildProbeExtension, openBundledPage, openExtensionPopup, openPage, serveBundle, type BundledPageBrowser, type PageBundle, type ProbeExtension } from '../helpers/bundle';
import { sshKeygen, startSshd, sshLogin, tempDir, type Sshd } from '../helpers/openssh';
import type { GenerateOptions, GeneratedKey } from '../../lib/keygen/index';
import type { Engine } from '../bench/page/entry';
import type { BcryptWorkerStats } from '../../lib/keygen/bcrypt-workers';

const ORIGIN = 'https://engine.test';
const dir = tempDir('engine-chromium-');

const kinds: Array<{ name: string; opts: GenerateOptions }> = [
  { name: 'ed25519', opts: { type: 'ed25519', comment: 'ed 用户@机器' } },
  { name: 'ed25519-pass', opts: { type: 'ed25519', comment: 'enc', passphrase: 'correct horse 电池', rounds: 16 } },
  { name: 'rsa-2048', opts: { type: 'rsa', bits: 2048, comment: '' } },
  { name: 'rsa-2048-pass', opts: { type: 'rsa', bits: 2048, comment: 'r2', passphrase: 'pässwörd', rounds: 8 } },
  { name: 'rsa-3072', opts: { type: 'rsa', bits: 3072, comment: 'r3' } },
  { name: 'rsa-3072-pass', opts: { type: 'rsa', bits: 3072, comment: 'r3 enc', passphrase: 'three', rounds: 16 } },
  { name: 'rsa-4096', opts: { type: 'rsa', bits: 4096, comment: 'big key' } },
  { name: 'rsa-4096-pass', opts: { type: 'rsa', bits: 4096, comment: 'big enc', passphrase: 'four' } },
];
const encryptedKinds = kinds.filter((k) => k.opts.passphrase);

declare global {
  interface Window {
    engine: Engine;
    subtleGenerateKeyCalls: string[];
  }
}

/** Counts the page's calls to WebCrypto's generateKey: proof that forge used the native path. */
function countSubtleGenerateKey() {
  const subtle = window.crypto.subtle;
  const original = subtle.generateKey;
  window.subtleGenerateKeyCalls = [];
  subtle.generateKey = function (this: SubtleCrypto, algorithm: AlgorithmIdentifier | RsaHashedKeyGenParams, ...rest: unknown[]) {
    const a = algorithm as RsaHashedKeyGenParams;
    window.subtleGenerateKeyCalls.push(`${a.name}:${a.modulusLength}`);
    return (original as (...args: unknown[]) => Promise<CryptoKeyPair>).call(this, algorithm, ...rest);
  } as SubtleCrypto['generateKey'];
}

const engineReady = () => typeof window.engine === 'object';

describe('the key engine in the real Chromium', () => {
  let bundle: PageBundle;
  let opened: BundledPageBrowser;
  let page: Page;
  let server: Sshd;
  const made = new Map<string, { key: GeneratedKey; file: string; pass?: string }>();
  let stats: BcryptWorkerStats | null;

  beforeAll(async () => {
    bundle = await bundlePage(join(__dirname, '../bench/page/entry.ts'), { title: 'engine' });
    opened = await openBundledPage(bundle, { origin: ORIGIN, ready: engineReady, initScript: countSubtleGenerateKey });
    page = opened.page;
    for (const k of kinds) {
      const key = await page.evaluate((o) => window.engine.generateKey(o), k.opts);
      const file = join(dir, k.name);
      writeFileSync(file, key.privateKeyPem, { mode: 0o600 });
      writeFileSync(file + '.pub', key.publicKeyLine + '\n');
      if (key.pkcs1Pem) writeFileSync(file + '.pem', key.pkcs1Pem, { mode: 0o600 });
      made.set(k.name, { key, file, pass: k.opts.passphrase });
    }
    stats = await page.evaluate(() => window.engine.workerStats());
    server = await startSshd([...made.values()].map((m) => m.key.publicKeyLine));
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await opened?.close();
    bundle?.remove();
  });

  for (const k of kinds) {
    describe(k.name, () => {
      it('ssh-keygen -y derives the public key line the page made (OpenSSH file and PKCS#1 file)', () => {
        const { key, file, pass } = made.get(k.name)!;
        expect(key.encrypted).toBe(!!pass);
        const y = sshKeygen(['-y', '-P', pass ?? '', '-f', file]);
        expect(y.stderr).toBe('');
        expect(y.stdout).toBe(key.publicKeyLine + '\n');
        if (key.pkcs1Pem) {
          const y2 = sshKeygen(['-y', '-P', pass ?? '', '-f', file + '.pem']);
          expect(y2.stdout).toBe(key.publicKeyLine.split(' ').slice(0, 2).join(' ') + '\n');
        }
        if (pass) {
          const wrong = sshKeygen(['-y', '-P', pass + 'x', '-f', file]);
          expect(wrong.status).not.toBe(0);
          expect(wrong.stdout).toBe('');
        }
      });

      it('ssh-keygen -l gives the fingerprint and size the page showed', () => {
        const { key, file, pass } = made.get(k.name)!;
        // fingerprint what ssh-keygen derives from the private key, not our .pub
        const y = sshKeygen(['-y', '-P', pass ?? '', '-f', file]);
        const l = sshKeygen(['-l', '-f', '-'], y.stdout);
        expect(l.stdout.split(' ').slice(0, 2)).toEqual([String(key.bits), key.fingerprint]);
        expect(key.bits).toBe(k.opts.type === 'ed25519' ? 256 : k.opts.bits);
        const lv = sshKeygen(['-lv', '-f', file + '.pub']);
        expect(lv.stdout.split('\n').slice(1).join('\n').trimEnd()).toBe(key.randomart);
      });

      it('logs in to a real sshd on 127.0.0.1', () => {
        const { file, pass } = made.get(k.name)!;
        const r = sshLogin(server, file, { passphrase: pass });
        expect(r.stdout.trim(), r.stderr).toBe('ok');
      });
    });
  }

  it('computed bcrypt_pbkdf in Web Workers under the extension CSP, never on the page thread', () => {
    expect(stats).not.toBeNull();
    expect(stats!.lastError).toBeUndefined();
    expect(stats!.workersStarted).toBe(2);
    // two blocks (aes256-ctr key + IV) per encrypted key; the self-test reuses them
    expect(stats!.blocksInWorkers).toBe(2 * encryptedKinds.length);
    expect(stats!.blocksInThread).toBe(0);
  });

  it('made every RSA key with native WebCrypto, not forge pure JavaScript', async () => {
    expect(await page.evaluate(() => window.engine.forgeUsesPureJavaScript())).toBe(false);
    const calls = await page.evaluate(() => window.subtleGenerateKeyCalls);
    const rsa = kinds.filter((k) => k.opts.type === 'rsa').map((k) => `RSASSA-PKCS1-v1_5:${k.opts.bits}`);
    expect(calls).toEqual(rsa);
  });

  it('reads a key that ssh-keygen encrypted (16 rounds), decrypting in the workers', async () => {
    const f = join(dir, 'native');
    const kg = sshKeygen(['-q', '-t', 'ed25519', '-a', '16', '-N', 'native pass', '-C', 'made by ssh-keygen', '-f', f]);
    expect(kg.status, kg.stderr).toBe(0);
    const before = (await page.evaluate(() => window.engine.workerStats()))!.blocksInWorkers;
    const line = await page.evaluate(([pem]) => window.engine.derivePublicLine(pem, 'native pass'), [readFileSync(f, 'utf8')]);
    expect(line + '\n').toBe(readFileSync(f + '.pub', 'utf8'));
    expect((await page.evaluate(() => window.engine.workerStats()))!.blocksInWorkers).toBe(before + 2);
    const wrong = await page.evaluate(([pem]) => window.engine.derivePublicLine(pem, 'wrong').then(() => 'accepted', (e: { code?: string }) => e.code), [readFileSync(f, 'utf8')]);
    expect(wrong).toBe('wrong-passphrase');
  });

  it('made no network request', () => {
    expect(opened.refused).toEqual([]);
  });

  it('still encrypts correctly when the worker script cannot load', async () => {
    // A page that refuses the worker file: the engine must fall back to its own thread.
    const fallbackContext = await opened.browser.newContext();
    try {
      await fallbackContext.route(/^(https?|wss?):\/\//, (route) => route.abort());
      const url = await serveBundle(fallbackContext, bundle, 'https://no-workers.test');
      await fallbackContext.route(/bcrypt-worker/, (route) => route.fulfill({ status: 404, body: 'gone' }));
      const p = await openPage(fallbackContext, url, engineReady);
      const key = await p.evaluate(() => window.engine.generateKey({ type: 'ed25519', comment: 'fallback', passphrase: 'pw', rounds: 4 }));
      const s = await p.evaluate(() => window.engine.workerStats());
      expect(s!.blocksInThread).toBe(2);
      expect(s!.blocksInWorkers).toBe(0);
      expect(s!.lastError).toMatch(/bcrypt worker/);
      const file = join(dir, 'fallback');
      writeFileSync(file, key.privateKeyPem, { mode: 0o600 });
      const y = sshKeygen(['-y', '-P', 'pw', '-f', file]);
      expect(y.stdout).toBe(key.publicKeyLine + '\n');
    } finally {
      await fallbackContext.close();
    }
  });
});

describe('the key engine in a real extension page built by WXT', () => {
  let ext: ProbeExtension;
  let opened: Awaited<ReturnType<typeof openExtensionPopup>>;

  beforeAll(async () => {
    // the same page entry, as the popup of an extension built with the project's wxt.config.ts
    ext = buildProbeExtension(join(__dirname, '../bench/page/entry.ts'));
    opened = await openExtensionPopup(ext.dir, { ready: engineReady });
  }, 300_000);

  afterAll(async () => {
    await opened?.close();
    ext?.remove();
  });

  it('ships the worker as its own file and encrypts in it under the extension CSP', async () => {
    expect(readdirSync(join(ext.dir, 'assets')).some((f) => /^bcrypt-worker-.*\.js$/.test(f))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(ext.dir, 'manifest.json'), 'utf8'));
    expect(manifest.content_security_policy.extension_pages).toMatch(/script-src 'self'/);
    const key = await opened.page.evaluate(() => window.engine.generateKey({ type: 'ed25519', comment: 'from the extension', passphrase: 'ext pass' }));
    const stats = await opened.page.evaluate(() => window.engine.workerStats());
    expect(stats).toMatchObject({ workersStarted: 2, blocksInWorkers: 2, blocksInThread: 0 });
    expect(stats!.lastError).toBeUndefined();
    const file = join(dir, 'from-extension');
    writeFileSync(file, key.privateKeyPem, { mode: 0o600 });
    const y = sshKeygen(['-y', '-P', 'ext pass', '-f', file]);
    expect(y.stdout).toBe(key.publicKeyLine + '\n');
    expect(opened.refused).toEqual([]);
  });
});
