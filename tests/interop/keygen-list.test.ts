// `cli keygen -l [-v] [-E sha256|md5] -f FILE` against the real ssh-keygen 9.2, stdout and exit
// status byte for byte: .pub files of every type it reads (DSA, ECDSA, security keys too),
// RFC 4716 text it ignores, authorized_keys/known_hosts files with options, comments and
// blank lines, private key files with and without PRIV.pub, and the error cases.
// Most runs call the CLI in-process (hundreds of comparisons; a process each would take
// minutes on CI); a few spawn the real command to prove the wiring.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { keygenInProcess } from '../helpers/cli';
import { run, sshKeygen, tempDir } from '../helpers/openssh';

const ROOT = resolve(__dirname, '..', '..');
const FIX = join(ROOT, 'tests', 'fixtures', 'intake');
const dir = tempDir('keygen-list-');
const p = (n: string) => join(dir, n);


const FLAGS = [['-l'], ['-lv'], ['-l', '-E', 'md5'], ['-l', '-v', '-E', 'md5']];

async function same(file: string): Promise<string> {
  let first = '';
  for (const flags of FLAGS) {
    const native = sshKeygen([...flags, '-f', file]);
    const o = await keygenInProcess([...flags, '-f', file]);
    expect(o.stdout, `${flags.join(' ')} ${file}`).toBe(native.stdout);
    expect(o.status, `${flags.join(' ')} ${file}: ${o.stderr}`).toBe(native.status);
    // with -v ssh-keygen also prints debug1 lines; the fatal message is its last line
    if (native.status !== 0) expect(o.stderr.trim().split('\n').pop()).toBe(native.stderr.trim().split('\n').pop());
    if (!first) first = native.stdout;
  }
  return first;
}

const line = (f: string) => readFileSync(join(FIX, f), 'utf8').trim();
const keyPart = (f: string) => line(f).split(' ').slice(0, 2).join(' ');

// ssh-keygen escapes non-ASCII comments unless the locale is UTF-8: pin one that always exists.
const savedLocale = process.env.LC_ALL;
afterAll(() => {
  if (savedLocale === undefined) delete process.env.LC_ALL;
  else process.env.LC_ALL = savedLocale;
});

beforeAll(() => {
  process.env.LC_ALL = 'C.UTF-8';
  // private keys made now, with and without their .pub, plain and encrypted, OpenSSH and PEM
  const mk = (name: string, args: string[]) => expect(sshKeygen(['-q', ...args, '-f', p(name)]).status).toBe(0);
  mk('ed', ['-t', 'ed25519', '-N', '', '-C', 'ed@list']);
  mk('ed-nopub', ['-t', 'ed25519', '-N', '', '-C', 'only in the private key']);
  mk('ed-emptycomment', ['-t', 'ed25519', '-N', '', '-C', '']);
  mk('ec-enc', ['-t', 'ecdsa', '-N', 'test-only-pass', '-C', 'enc@list']);
  mk('ec-enc-nopub', ['-t', 'ecdsa', '-b', '384', '-N', 'test-only-pass', '-C', 'enc@list']);
  mk('rsa-pem-nopub', ['-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', '', '-C', 'pem']);
  mk('ec-pem-nopub', ['-t', 'ecdsa', '-b', '521', '-m', 'PEM', '-N', '', '-C', 'pem']);
  mk('dsa-pem-nopub', ['-t', 'dsa', '-m', 'PEM', '-N', '', '-C', 'pem']);
  mk('rsa-p8-nopub', ['-t', 'rsa', '-b', '2048', '-m', 'PKCS8', '-N', '', '-C', 'p8']);
  mk('rsa-pem-enc-nopub', ['-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', 'test-only-pass', '-C', 'pem']);
  mk('pub-nocomment', ['-t', 'ed25519', '-N', '', '-C', 'private comment']);
  for (const n of ['ed-nopub', 'ed-emptycomment', 'ec-enc-nopub', 'rsa-pem-nopub', 'ec-pem-nopub', 'dsa-pem-nopub', 'rsa-p8-nopub', 'rsa-pem-enc-nopub']) {
    run('rm', ['-f', p(`${n}.pub`)]);
  }
  // certificates signed by a CA of every type (DSA too), over keys of every type
  for (const [ca, args] of [
    ['ca-ed25519', ['-t', 'ed25519']],
    ['ca-rsa', ['-t', 'rsa', '-b', '2048']],
    ['ca-ecdsa', ['-t', 'ecdsa', '-b', '384']],
    ['ca-dsa', ['-t', 'dsa']],
  ] as const) {
    mk(ca, [...args, '-N', '', '-C', ca]);
    for (const k of ['ed25519', 'rsa2048', 'ecdsa521', 'sk-ed25519', 'sk-ecdsa256', 'dsa']) {
      copyFileSync(join(FIX, `${k}.pub`), p(`${k}-by-${ca}.pub`));
      const r = sshKeygen(['-q', '-s', p(ca), '-I', `id-${k}`, '-n', 'alice,bob', '-O', 'no-pty', ...(k === 'dsa' ? ['-h'] : []), p(`${k}-by-${ca}.pub`)]);
      expect(r.status, r.stderr).toBe(0);
    }
  }
  writeFileSync(p('pub-nocomment.pub'), readFileSync(p('pub-nocomment.pub'), 'utf8').split(' ').slice(0, 2).join(' ') + '\n');
});

describe('keygen -l lists what ssh-keygen lists', () => {
  const PUBS = ['ed25519', 'rsa2048', 'rsa3072', 'ecdsa256', 'ecdsa384', 'ecdsa521', 'dsa', 'rsa1024', 'sk-ed25519', 'sk-ecdsa256'];
  for (const f of PUBS) {
    it(`${f}.pub`, async () => {
      const out = await same(join(FIX, `${f}.pub`));
      expect(out).toMatch(/^\d+ SHA256:\S+ .+ \(\S+\)\n/);
    });
  }

  it('RFC 4716 and PEM files are not public key files (ssh-keygen -l does not read them)', async () => {
    for (const f of ['ed25519.rfc4716', 'rsa2048.spki.pem', 'rsa2048.pkcs1.pem']) await same(join(FIX, f));
  });

  it('an authorized_keys file: options with quoted spaces, comments, blank lines, host names, junk', async () => {
    const text = [
      '# authorized_keys for the test account',
      '',
      line('ed25519.pub'),
      `command="echo hi there",from="1.2.3.4",no-pty ${line('rsa2048.pub')}`,
      `restrict,command="say \\"hi\\" now" ${keyPart('ecdsa384.pub')}`,
      `   \t${line('dsa.pub')}`,
      `host.example.com,10.0.0.1 ${line('ecdsa521.pub')}`,
      'this line is not a key',
      `${keyPart('sk-ed25519.pub')}   trailing   spaces   comment  `,
      `${keyPart('ecdsa256.pub')}\t# a hash comment`,
      `${line('sk-ecdsa256.pub')}\r`,
      `environment="A=b c" ${keyPart('rsa3072.pub')} utf8 comment: 中文 é`,
      '',
    ].join('\n');
    writeFileSync(p('authorized_keys'), text);
    const out = await same(p('authorized_keys'));
    expect(out.trim().split('\n')).toHaveLength(9);
  });

  it('a file without a final newline, and a known_hosts-style hashed host', async () => {
    writeFileSync(p('nofinal'), `|1|abc=|def= ${line('ed25519.pub')}\n${line('ecdsa256.pub')}`);
    await same(p('nofinal'));
  });

  it('control and invalid UTF-8 bytes in comments are escaped as ssh-keygen does', async () => {
    writeFileSync(p('ctl.pub'), Buffer.concat([Buffer.from(`${keyPart('ed25519.pub')} a\x01b\x7fc `), Buffer.from([0xff, 0xc3, 0xa9, 0xe2, 0x82]), Buffer.from('\n')]));
    await same(p('ctl.pub'));
  });

  it('private key files: PRIV.pub when present, else the public half and comment ssh-keygen can see', async () => {
    for (const n of ['ed', 'ed-nopub', 'ed-emptycomment', 'ec-enc', 'ec-enc-nopub', 'rsa-pem-nopub', 'ec-pem-nopub', 'dsa-pem-nopub', 'rsa-p8-nopub', 'pub-nocomment']) {
      await same(p(n));
    }
  });

  it('certificates: ssh-keygen lists them (the certified key, "-CERT" type) only when the CA signature verifies', async () => {
    const certs: string[] = [];
    for (const ca of ['ca-ed25519', 'ca-rsa', 'ca-ecdsa', 'ca-dsa']) {
      for (const k of ['ed25519', 'rsa2048', 'ecdsa521', 'sk-ed25519', 'sk-ecdsa256', 'dsa']) {
        const f = p(`${k}-by-${ca}-cert.pub`);
        await same(f);
        certs.push(readFileSync(f, 'utf8'));
      }
    }
    // one byte of the signature changed: ssh-keygen skips the line, so must we
    const [type, b64, comment] = certs[0].trim().split(' ');
    const blob = Buffer.from(b64, 'base64');
    blob[blob.length - 3] ^= 0x10;
    writeFileSync(p('tampered'), `${type} ${blob.toString('base64')} ${comment}\n${certs.join('')}`);
    const out = await same(p('tampered'));
    expect(out.trim().split('\n')).toHaveLength(certs.length);
  });

  it('keygen -e/-i on certificates: byte-identical to ssh-keygen (RFC 4716 keeps the certificate)', async () => {
    for (const name of ['ed25519-by-ca-rsa', 'rsa2048-by-ca-ecdsa', 'sk-ecdsa256-by-ca-dsa']) {
      const f = p(`${name}-cert.pub`);
      for (const m of ['RFC4716', 'PKCS8']) {
        const native = sshKeygen(['-e', '-m', m, '-f', f]);
        const o = await keygenInProcess(['-e', '-m', m, '-f', f]);
        expect(o.stdout, `${name} -e -m ${m}`).toBe(native.stdout);
        expect(o.status).toBe(native.status);
      }
      const exported = p(`${name}.rfc4716`);
      writeFileSync(exported, sshKeygen(['-e', '-f', f]).stdout);
      const back = sshKeygen(['-i', '-f', exported]);
      expect(back.status, back.stderr).toBe(0);
      expect((await keygenInProcess(['-i', '-f', exported])).stdout).toBe(back.stdout);
    }
  });

  it('reading from stdin (-f -)', () => {
    const args = [join(ROOT, 'bin', 'cli.ts'), 'keygen', '-l', '-f', '-'];
    const input = readFileSync(join(FIX, 'ecdsa256.pub'), 'utf8') + readFileSync(join(FIX, 'rsa3072.pub'), 'utf8');
    const o = run(join(ROOT, 'node_modules', '.bin', 'tsx'), args, { cwd: ROOT, input });
    expect(o.status, o.stderr).toBe(0);
    expect(o.stdout).toBe(run('ssh-keygen', ['-l', '-f', '-'], { input }).stdout);
  });

  it('errors: not a public key file, not a key file, missing file, bad hash', async () => {
    writeFileSync(p('garbage'), 'hello\nworld\n');
    await same(p('garbage'));
    writeFileSync(p('empty'), '');
    await same(p('empty'));
    await same(p('rsa-pem-enc-nopub')); // encrypted PEM without .pub: "is not a key file."
    await same(p('does-not-exist'));
    const bad = await keygenInProcess(['-l', '-E', 'sha1', '-f', join(FIX, 'ed25519.pub')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
  });

  it('the real command: npm run cli -- keygen -lv -E md5 -f FILE', () => {
    copyFileSync(join(FIX, 'ecdsa384.pub'), p('spawned.pub'));
    chmodSync(p('spawned.pub'), 0o644);
    const o = run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'bin', 'cli.ts'), 'keygen', '-lv', '-E', 'md5', '-f', p('spawned.pub')], { cwd: ROOT });
    expect(o.status, o.stderr).toBe(0);
    expect(o.stdout).toBe(sshKeygen(['-lv', '-E', 'md5', '-f', p('spawned.pub')]).stdout);
    const fail = run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'bin', 'cli.ts'), 'keygen', '-l', '-f', join(FIX, 'ed25519.rfc4716')], { cwd: ROOT });
    expect(fail.status).toBe(255);
    expect(fail.stderr).toContain('is not a public key file.');
  });
});
