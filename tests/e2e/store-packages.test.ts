// What goes to the stores, checked as a reviewer would: `npm run zip`'s three packages (Chrome,
// Firefox, and the sources AMO asks for), the Chrome zip unpacked and loaded in the real
// Chromium, the Firefox zip through `web-ext lint` (Mozilla's own linter, offline), the sources
// rebuilding the Firefox package byte for byte, the manifest's icons, ids and minimum versions,
// and the store listing texts (store/*.md) against the packages they describe.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchWithExtension, EXTENSION_DIR, type ExtensionBrowser } from '../helpers/chromium';
import { run, tempDir } from '../helpers/openssh';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const OUT = dirname(EXTENSION_DIR);
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const zipPath = (what: 'chrome' | 'firefox' | 'sources') => join(OUT, `${pkg.name}-${pkg.version}-${what}.zip`);

function unzip(zip: string): string {
  if (!existsSync(zip)) throw new Error(`${zip} is missing: run \`npm run zip\` first`);
  const dir = tempDir('store-unzip-');
  const r = run('unzip', ['-q', zip, '-d', dir]);
  expect(r.status, r.stderr).toBe(0);
  return dir;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** width × height from a PNG's IHDR chunk */
function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

interface LintMessage {
  code: string;
  file?: string;
  message: string;
}

describe('store packages (npm run zip)', () => {
  let chromeDir: string;
  let firefoxDir: string;
  beforeAll(() => {
    chromeDir = unzip(zipPath('chrome'));
    firefoxDir = unzip(zipPath('firefox'));
  });

  it('the Chrome zip, unpacked, loads in Chromium: worker, popup and icons', async () => {
    let b: ExtensionBrowser | undefined;
    try {
      b = await launchWithExtension({ extensionDir: chromeDir });
      const manifest = await b.serviceWorker.evaluate(() => (globalThis as any).chrome.runtime.getManifest());
      expect(manifest).toMatchObject({ manifest_version: 3, version: pkg.version });
      const page = await b.openPopup();
      await page.getByRole('button', { name: 'Generate', exact: true }).waitFor();
      // the toolbar icons the manifest names are in the package and decode at their sizes
      const sizes = await page.evaluate(async (icons: Record<string, string>) => {
        const out: Record<string, number[]> = {};
        for (const [size, path] of Object.entries(icons)) {
          const img = new Image();
          img.src = `/${path}`;
          await img.decode();
          out[size] = [img.naturalWidth, img.naturalHeight];
        }
        return out;
      }, manifest.action.default_icon);
      expect(sizes).toEqual({ 16: [16, 16], 32: [32, 32], 48: [48, 48], 128: [128, 128] });
      expect(manifest.icons).toEqual(manifest.action.default_icon);
      expect(b.refused).toEqual([]);
    } finally {
      await b?.close();
    }
  });

  it('the Firefox zip passes web-ext lint: no error, and no warning or notice outside store/lint-allowlist.json', () => {
    const r = run(join(ROOT, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', firefoxDir, '--output', 'json'], { cwd: ROOT });
    const report = JSON.parse(r.stdout) as { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] };
    console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings, ${report.notices.length} notices; ${[...report.warnings, ...report.notices].map((m) => `${m.code} (${m.file})`).join(', ')}`);
    expect(report.errors).toEqual([]);
    const { allowed } = JSON.parse(readFileSync(join(ROOT, 'store/lint-allowlist.json'), 'utf8')) as { allowed: { code: string; file: string; reason: string }[] };
    const matches = (m: LintMessage, a: (typeof allowed)[number]) => m.code === a.code && new RegExp(a.file).test(m.file ?? '');
    const rest = [...report.warnings, ...report.notices];
    expect(rest.filter((m) => !allowed.some((a) => matches(m, a)))).toEqual([]);
    // every allowance still matches something, and says why
    for (const a of allowed) {
      expect(a.reason.length).toBeGreaterThan(40);
      expect(rest.some((m) => matches(m, a)), `stale allow-list entry ${a.code}`).toBe(true);
    }
  });

  it("the allow-list's reason holds: none of our code uses innerHTML or dangerouslySetInnerHTML", () => {
    const ours = ['components', 'entrypoints', 'lib'].flatMap((d) => filesUnder(join(ROOT, d)).map((f) => join(d, f)));
    expect(ours.length).toBeGreaterThan(20);
    const users = ours.filter((f) => /innerHTML|dangerouslySetInnerHTML/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(users).toEqual([]);
  });

  it('the Firefox manifest: our own gecko id, and minimum versions that have every key it uses', () => {
    const m = JSON.parse(readFileSync(join(firefoxDir, 'manifest.json'), 'utf8'));
    const gecko = m.browser_specific_settings.gecko;
    expect(gecko.id).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/);
    expect(JSON.stringify(m)).not.toMatch(/example\.(org|com)/);
    // data_collection_permissions: Firefox 140 (desktop), 142 (Android)
    expect(gecko.data_collection_permissions).toEqual({ required: ['none'] });
    expect(parseFloat(gecko.strict_min_version)).toBeGreaterThanOrEqual(140);
    expect(parseFloat(m.browser_specific_settings.gecko_android.strict_min_version)).toBeGreaterThanOrEqual(142);
    expect(m.browser_action.default_icon).toEqual(m.icons);
    for (const [size, path] of Object.entries<string>(m.icons)) expect(pngSize(join(firefoxDir, path))).toEqual([Number(size), Number(size)]);
  });

  it('the sources zip holds what the build reads, nothing else, and rebuilds the Firefox zip byte for byte', { timeout: 600_000 }, () => {
    const src = unzip(zipPath('sources'));
    const files = filesUnder(src);
    for (const f of ['README.md', 'package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'entrypoints/background.ts', 'store/icon.svg']) expect(files).toContain(f);
    expect(files.filter((f) => /^(tests|test-results|node_modules|\.output)\/|\.test\.|\.zip$|\.log$/.test(f))).toEqual([]);
    // A reviewer runs `npm ci && npm run build`; the packages are the lockfile's, so ours stand in.
    symlinkSync(join(ROOT, 'node_modules'), join(src, 'node_modules'));
    const out = tempDir('store-rebuild-');
    // as from a shell: without the NODE_ENV=test and VITEST* variables vitest gives its tests
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')));
    const r = run(join(ROOT, 'node_modules/.bin/wxt'), ['build', '-b', 'firefox'], { cwd: src, env: { ...env, WXT_OUT_DIR: out }, timeout: 540_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const rebuilt = join(out, 'firefox-mv2');
    const shipped = unzip(zipPath('firefox'));
    expect(filesUnder(rebuilt)).toEqual(filesUnder(shipped));
    for (const f of filesUnder(shipped)) expect(readFileSync(join(rebuilt, f)).equals(readFileSync(join(shipped, f))), f).toBe(true);
  });
});

/** A store listing file: `# Name`, `## Short description`, `## Description`, `## Permissions`. */
function listing(lang: 'en' | 'zh-CN') {
  const text = readFileSync(join(ROOT, `store/${lang}.md`), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
  const sections = Object.fromEntries(
    text
      .split(/^#+ /m)
      .slice(1)
      .map((s) => {
        const [head, ...body] = s.split('\n');
        return [head!.trim(), body.join('\n').trim()];
      }),
  );
  const permissions = Object.fromEntries(
    (sections['Permissions'] ?? '')
      .split('\n')
      .filter((l: string) => l.startsWith('- '))
      .map((l: string) => {
        const m = /^- ([^:：]+)[:：]\s*(.+)$/.exec(l)!;
        return [m[1]!.replace(/\s*[(（].*$/, '').trim(), m[2]!];
      }),
  );
  return { name: sections['Name'], short: sections['Short description'], long: sections['Description'], permissions };
}

describe('store listing texts (store/en.md, store/zh-CN.md)', () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  for (const [lang, locale] of [
    ['en', 'en'],
    ['zh-CN', 'zh_CN'],
  ] as const) {
    it(`${lang}: name and short description are the extension's own, every permission has its reason`, () => {
      const l = listing(lang);
      const messages = JSON.parse(readFileSync(join(EXTENSION_DIR, `_locales/${locale}/messages.json`), 'utf8'));
      expect(l.name).toBe(messages.extName.message);
      expect(l.short).toBe(messages.extDescription.message);
      expect(l.short.length).toBeLessThanOrEqual(132); // the Chrome Web Store's limit
      expect(l.long.length).toBeGreaterThan(400);
      // one reason per permission the manifest asks for, plus the console's site access
      const siteAccess = lang === 'en' ? 'Site access' : '网站访问';
      expect(Object.keys(l.permissions).sort()).toEqual([...manifest.permissions, siteAccess].sort());
      for (const reason of Object.values<string>(l.permissions)) expect(reason.length).toBeGreaterThan(15);
      expect(manifest.content_scripts.flatMap((c: { matches: string[] }) => c.matches)).toEqual(['https://cloud.infini-ai.com/*']);
      expect(l.permissions[siteAccess]).toBeDefined();
    });
  }
});
