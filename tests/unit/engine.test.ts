import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import * as ed from '@noble/ed25519';
import vectors from '../fixtures/rfc8032-ed25519.json';
import { fromHex, toHex, base64Decode } from '../../lib/ssh/encoding/bytes';
import { generateEd25519 } from '../../lib/keygen/ed25519';
import { generateKey, packageKey } from '../../lib/keygen/index';
import { readPrivateKey, toOpenSshPrivateKey } from '../../lib/ssh/formats/private-key';
import { SshKeyError } from '../../lib/ssh/errors';
import { SshReader } from '../../lib/ssh/encoding/wire';
import { unarmor } from '../../lib/ssh/encoding/pem';

describe('Ed25519 against RFC 8032 vectors', () => {
  for (const v of vectors.vectors) {
    it(v.name, async () => {
      const m = await generateEd25519(fromHex(v.secretKey));
      expect(m.type).toBe('ssh-ed25519');
      if (m.type !== 'ssh-ed25519') return;
      expect(toHex(m.publicKey)).toBe(v.publicKey);
      const sig = await ed.signAsync(fromHex(v.message), m.seed);
      expect(toHex(sig)).toBe(v.signature);
      // and the key survives our own file format unchanged
      const pem = await toOpenSshPrivateKey(m, v.name);
      const back = await readPrivateKey(pem);
      expect(back.material).toEqual(m);
      expect(back.comment).toBe(v.name);
    });
  }
});

describe('openssh-key-v1 layout', () => {
  it('is armored at 70 columns and padded 1,2,3… to the cipher block', async () => {
    const m = await generateEd25519(fromHex(vectors.vectors[0].secretKey));
    const pem = await toOpenSshPrivateKey(m, 'abc');
    const lines = pem.trimEnd().split('\n');
    expect(lines[0]).toBe('-----BEGIN OPENSSH PRIVATE KEY-----');
    expect(lines.at(-1)).toBe('-----END OPENSSH PRIVATE KEY-----');
    for (const l of lines.slice(1, -2)) expect(l.length).toBe(70);
    const r = new SshReader(unarmor(pem)!.body.subarray(15));
    expect(r.text()).toBe('none');
    expect(r.text()).toBe('none');
    expect(r.string().length).toBe(0);
    expect(r.uint32()).toBe(1);
    r.string();
    const section = r.string();
    expect(section.length % 8).toBe(0);
    const enc = await toOpenSshPrivateKey(m, 'abc', { passphrase: 'secret', rounds: 2 });
    const r2 = new SshReader(unarmor(enc)!.body.subarray(15));
    expect(r2.text()).toBe('aes256-ctr');
    expect(r2.text()).toBe('bcrypt');
    const ko = new SshReader(r2.string());
    expect(ko.string().length).toBe(16);
    expect(ko.uint32()).toBe(2);
  });
});

describe('reading private keys fails clearly', () => {
  it('wrong passphrase, missing passphrase, damaged file, not a key', async () => {
    const k = await generateKey({ type: 'ed25519', comment: 'x', passphrase: 'right one', rounds: 2 });
    const codeOf = async (p: Promise<unknown>) => {
      try {
        await p;
        return 'no error';
      } catch (e) {
        expect(e).toBeInstanceOf(SshKeyError);
        expect((e as SshKeyError).zh.length).toBeGreaterThan(0);
        return (e as SshKeyError).code;
      }
    };
    expect(await codeOf(readPrivateKey(k.privateKeyPem, 'wrong one'))).toBe('wrong-passphrase');
    expect(await codeOf(readPrivateKey(k.privateKeyPem))).toBe('passphrase-required');
    expect(await codeOf(readPrivateKey(k.publicKeyLine))).toBe('not-private-key');
    // flip one byte inside the public part of the header: the reader must notice
    const plain = await generateKey({ type: 'ed25519', comment: 'x' });
    const body = unarmor(plain.privateKeyPem)!.body;
    body[60] ^= 1;
    const { armor } = await import('../../lib/ssh/encoding/pem');
    expect(await codeOf(readPrivateKey(armor('OPENSSH PRIVATE KEY', body, 70)))).toMatch(/key-mismatch|truncated|unsupported-key-type|trailing-data/);
  });
  it('refuses bad options with the field named', async () => {
    await expect(generateKey({ type: 'dsa' as never, comment: '' })).rejects.toMatchObject({ field: 'type' });
    await expect(generateKey({ type: 'rsa', bits: 1024 as never, comment: '' })).rejects.toMatchObject({ field: 'bits' });
    await expect(generateKey({ type: 'ed25519', comment: 'two\nlines' })).rejects.toMatchObject({ field: 'comment' });
    await expect(generateKey({ type: 'ed25519', comment: '', passphrase: 'abcdef', rounds: 0 })).rejects.toMatchObject({ field: 'rounds' });
  });
});

describe('property: any comment and passphrase round-trip through our files', () => {
  it('200 random Ed25519 keys', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\r\n]/.test(s)),
        fc.option(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }), { nil: undefined }),
        async (seed, comment, passphrase) => {
          const m = await generateEd25519(seed);
          const key = await packageKey(m, { type: 'ed25519', comment, passphrase, rounds: 1 });
          const back = await readPrivateKey(key.privateKeyPem, passphrase);
          expect(back.comment).toBe(comment);
          expect(back.publicKeyLine).toBe(key.publicKeyLine);
          expect(key.encrypted).toBe(!!passphrase);
          const line = key.publicKeyLine.split(' ');
          expect(base64Decode(line[1])).toEqual(back.publicBlob);
        },
      ),
      { numRuns: 200 },
    );
  });
});
