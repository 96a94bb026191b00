// The key intake against the real ssh-keygen, on keys it makes fresh for this run: every form
// a user may bring is read back as the key ssh-keygen itself reads from it (`-l`, `-i`);
// every private key format ssh-keygen writes is refused; `cli pubkey` and `cli keygen -i/-e`
// behave as a terminal user sees them.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parsePublicKey } from '../../lib/ssh/intake/parse-public-key';
import { keygenInProcess } from '../helpers/cli';
import { run, sshKeygen, tempDir } from '../helpers/openssh';

const ROOT = resolve(__dirname, '..', '..');
const cli = (args: string[], input?: string) => run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'bin', 'cli.ts'), ...args], { cwd: ROOT, input });


const KINDS = [
  { name: 'ed25519', args: ['-t', 'ed25519'], pkcs8: false },
  { name: 'rsa2048', args: ['-t', 'rsa', '-b', '2048'], pkcs8: true },
  { name: 'rsa3072', args: ['-t', 'rsa', '-b', '3072'], pkcs8: true },
  { name: 'ecdsa256', args: ['-t', 'ecdsa', '-b', '256'], pkcs8: true },
  { name: 'ecdsa384', args: ['-t', 'ecdsa', '-b', '384'], pkcs8: true },
  { name: 'ecdsa521', args: ['-t', 'ecdsa', '-b', '521'], pkcs8: true },
];

const dir = tempDir('intake-');
const path = (n: string) => join(dir, n);

/** `bits fingerprint` of the first key ssh-keygen -l finds in the text */
function sshKeygenSees(text: string): string {
  const f = path(`probe-${Math.random().toString(36).slice(2)}`);
  writeFileSync(f, text);
  const r = sshKeygen(['-l', '-f', f]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split(' ').slice(0, 2).join(' ');
}

function ok(text: string) {
  const r = parsePublicKey(text);
  if (!r.ok) throw new Error(`refused ${r.error.code}: ${r.error.en}`);
  return r.key;
}

beforeAll(() => {
  for (const k of KINDS) {
    const r = sshKeygen(['-q', ...k.args, '-N', '', '-C', `${k.name}@intake-test`, '-f', path(k.name)]);
    expect(r.status, r.stderr).toBe(0);
  }
});

describe('every accepted form is the key ssh-keygen reads from it', () => {
  for (const k of KINDS) {
    it(`${k.name}: .pub, wrapped, CRLF, authorized_keys options, ssh-keygen -e exports`, () => {
      const pubText = readFileSync(path(`${k.name}.pub`), 'utf8');
      const expected = sshKeygenSees(pubText);
      const forms: Record<string, string> = {
        pub: pubText,
        wrapped: pubText.trim().match(/.{1,60}/g)!.join('\n'),
        crlf: `  \t${pubText.trim()}\r\n`,
        options: `command="echo hi there",from="10.0.0.0/8",no-pty ${pubText}`,
      };
      const exports: Array<[string, string]> = [['rfc4716', 'RFC4716']];
      if (k.pkcs8) exports.push(['pkcs8', 'PKCS8']);
      if (k.name.startsWith('rsa')) exports.push(['pem', 'PEM']);
      for (const [form, m] of exports) {
        const e = sshKeygen(['-e', '-m', m, '-f', path(`${k.name}.pub`)]);
        expect(e.status, e.stderr).toBe(0);
        forms[form] = e.stdout;
        // ssh-keygen's own import of its export is the reference for the key part
        const back = sshKeygen(['-i', '-m', m, '-f', writeTemp(`${k.name}.${form}`, e.stdout)]);
        expect(back.status, back.stderr).toBe(0);
        expect(ok(e.stdout).line.split(' ').slice(0, 2).join(' ')).toBe(back.stdout.trim());
      }
      for (const [form, text] of Object.entries(forms)) {
        const key = ok(text);
        expect(sshKeygenSees(key.line + '\n'), form).toBe(expected);
        expect(`${key.bits} ${key.fingerprint}`, form).toBe(expected);
      }
      expect(ok(forms.pub).line + '\n').toBe(pubText);
    });
  }
});

describe('forms ssh-keygen cannot make here', () => {
  it('security-key types (built from real keys): ssh-keygen -l reads the canonical line as the same key', () => {
    for (const f of ['sk-ed25519', 'sk-ecdsa256']) {
      const text = readFileSync(join(ROOT, 'tests', 'fixtures', 'intake', `${f}.pub`), 'utf8');
      const key = ok(text);
      expect(key.line + '\n').toBe(text);
      expect(sshKeygenSees(key.line + '\n')).toBe(`${key.bits} ${key.fingerprint}`);
      expect(sshKeygenSees(text)).toBe(`${key.bits} ${key.fingerprint}`);
    }
  });

  it('Ed25519 SPKI from OpenSSL (through node:crypto): the raw key OpenSSL gives, as a line ssh-keygen reads', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const der = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
    const key = ok(pem);
    expect(key.type).toBe('ssh-ed25519');
    expect(Buffer.from(key.blob.subarray(key.blob.length - 32)).toString('hex')).toBe(der);
    expect(sshKeygenSees(key.line + '\n')).toBe(`256 ${key.fingerprint}`);
  });
});

function writeTemp(name: string, text: string): string {
  writeFileSync(path(name), text);
  return path(name);
}

describe('every private key format ssh-keygen writes is refused as a secret', () => {
  const cases = [
    { name: 'openssh', args: ['-t', 'ed25519', '-N', ''], code: 'private-key-openssh' },
    { name: 'openssh-encrypted', args: ['-t', 'ecdsa', '-N', 'test-only-pass'], code: 'private-key-openssh' },
    { name: 'pem-rsa', args: ['-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', ''], code: 'private-key-pem' },
    { name: 'pem-ec', args: ['-t', 'ecdsa', '-m', 'PEM', '-N', ''], code: 'private-key-pem' },
    { name: 'pem-dsa', args: ['-t', 'dsa', '-m', 'PEM', '-N', ''], code: 'private-key-pem' },
    { name: 'pem-rsa-encrypted', args: ['-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', 'test-only-pass'], code: 'private-key-pem' },
    { name: 'pkcs8', args: ['-t', 'ecdsa', '-m', 'PKCS8', '-N', ''], code: 'private-key-pkcs8' },
    { name: 'pkcs8-encrypted', args: ['-t', 'rsa', '-b', '2048', '-m', 'PKCS8', '-N', 'test-only-pass'], code: 'private-key-pkcs8-encrypted' },
  ];
  for (const c of cases) {
    it(`${c.name}: parsePublicKey and cli pubkey refuse it`, () => {
      const f = path(`priv-${c.name}`);
      expect(sshKeygen(['-q', ...c.args, '-C', 'x', '-f', f]).status).toBe(0);
      const text = readFileSync(f, 'utf8');
      const r = parsePublicKey(text);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(c.code);
      expect(r.error.en).toMatch(/SECRET.*never paste it into a web page/s);
      expect(r.error.zh).toMatch(/机密/);
      // the pasted secret itself never appears in the message
      expect(r.error.en + r.error.zh).not.toContain(text.split('\n')[1].slice(0, 20));
    });
  }

  it('cli pubkey: exit non-zero, nothing on stdout, both languages on stderr', () => {
    const r = cli(['pubkey', path('priv-openssh')]);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/PRIVATE key/);
    expect(r.stderr).toMatch(/私钥/);
  });
});

describe('cli pubkey and cli keygen -i/-e', () => {
  it('pubkey FILE and pubkey - print the canonical line and exit 0', () => {
    const wrapped = readFileSync(path('ed25519.pub'), 'utf8').match(/.{1,50}/g)!.join('\r\n');
    const f = writeTemp('wrapped.txt', `no-pty ${wrapped}`);
    const a = cli(['pubkey', f]);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toBe(readFileSync(path('ed25519.pub'), 'utf8'));
    const b = cli(['pubkey', '-'], sshKeygen(['-e', '-m', 'PKCS8', '-f', path('ecdsa384.pub')]).stdout);
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout).toBe(sshKeygen(['-i', '-m', 'PKCS8', '-f', writeTemp('e384.p8', sshKeygen(['-e', '-m', 'PKCS8', '-f', path('ecdsa384.pub')]).stdout)]).stdout);
    expect(b.stderr).toMatch(/no comment|没有备注/);
    const bad = cli(['pubkey', '-'], 'hello');
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/not an SSH public key/);
    expect(bad.stderr).toMatch(/不是 SSH 公钥/);
  });

  it('keygen -e and -i: stdout byte-identical to ssh-keygen, and ssh-keygen reads our export back', async () => {
    for (const k of KINDS) {
      const formats = k.pkcs8 ? ['RFC4716', 'PKCS8', 'PEM'] : ['RFC4716'];
      for (const m of formats) {
        const args = ['-e', '-m', m, '-f', path(`${k.name}.pub`)];
        const native = sshKeygen(args);
        const ours = await keygenInProcess(args);
        expect(ours.status, ours.stderr).toBe(0);
        expect(ours.stdout, `${k.name} -e -m ${m}`).toBe(native.stdout);
        const exported = writeTemp(`${k.name}.ours.${m}`, ours.stdout);
        // ssh-keygen -e -m PEM writes non-RSA keys as SPKI, which only -i -m PKCS8 reads
        const back = m === 'PEM' && !k.name.startsWith('rsa') ? 'PKCS8' : m;
        const nativeBack = sshKeygen(['-i', '-m', back, '-f', exported]);
        expect(nativeBack.status, nativeBack.stderr).toBe(0);
        expect(nativeBack.stdout).toBe(readFileSync(path(`${k.name}.pub`), 'utf8').split(' ').slice(0, 2).join(' ') + '\n');
        const oursBack = await keygenInProcess(['-i', '-m', back, '-f', exported]);
        expect(oursBack.stdout, `${k.name} -i -m ${back}`).toBe(nativeBack.stdout);
      }
    }
  });

  it('keygen -e on Ed25519 as PKCS8 and -i on an Ed25519 SPKI fail as ssh-keygen does', () => {
    const e = cli(['keygen', '-e', '-m', 'PKCS8', '-f', path('ed25519.pub')]);
    expect(sshKeygen(['-e', '-m', 'PKCS8', '-f', path('ed25519.pub')]).status).toBe(255);
    expect(e.status).toBe(255);
    expect(e.stdout).toBe('');
    const spki = join(ROOT, 'tests', 'fixtures', 'intake', 'ed25519-openssl.spki.pem');
    expect(sshKeygen(['-i', '-m', 'PKCS8', '-f', spki]).status).toBe(255);
    expect(cli(['keygen', '-i', '-m', 'PKCS8', '-f', spki]).status).toBe(255);
  });
});
