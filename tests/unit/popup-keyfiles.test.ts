import { describe, it, expect } from 'vitest';
import { defaultComment, defaultKeyName, importedKeyName, isReservedKeyName, isSshFileName, keyFileNames, sanitizeKeyName, uniqueKeyName } from '../../lib/keyfiles';

describe('key file names', () => {
  it('defaults never collide with ssh-keygen\'s own names', () => {
    expect(defaultKeyName('ed25519', [])).toBe('infini_ed25519');
    expect(defaultKeyName('rsa', [])).toBe('infini_rsa');
    expect(isReservedKeyName(defaultKeyName('ed25519', []))).toBe(false);
    expect(isReservedKeyName('id_ed25519')).toBe(true);
    expect(isReservedKeyName('ID_RSA')).toBe(true);
  });

  it('adds a suffix when the name is taken (case-insensitively, as on macOS and Windows)', () => {
    expect(defaultKeyName('ed25519', ['infini_ed25519'])).toBe('infini_ed25519_2');
    expect(defaultKeyName('ed25519', ['INFINI_ED25519', 'infini_ed25519_2'])).toBe('infini_ed25519_3');
    expect(uniqueKeyName('k', ['k', 'k_3'])).toBe('k_2');
  });

  it('sanitizes to a name safe in ~/.ssh and in a shell without quoting', () => {
    expect(sanitizeKeyName('my key')).toBe('my_key');
    expect(sanitizeKeyName('../../etc/passwd')).toBe('etc_passwd');
    expect(sanitizeKeyName('.hidden')).toBe('hidden');
    expect(sanitizeKeyName('-rf')).toBe('rf');
    expect(sanitizeKeyName('work.pub')).toBe('work');
    expect(sanitizeKeyName('张三的密钥')).toBe('');
    expect(sanitizeKeyName('a$(rm -rf ~)b')).toBe('a_rm_-rf_b');
    expect(sanitizeKeyName('x'.repeat(100))).toHaveLength(64);
    for (const s of ['a b', '"q"', "it's", 'a;b', 'a|b', 'a`b`']) expect(sanitizeKeyName(s)).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
  });

  it('recognises ssh\'s own files', () => {
    for (const n of ['config', 'known_hosts', 'authorized_keys', 'authorized_keys2']) expect(isSshFileName(n)).toBe(true);
    expect(isSshFileName('configs')).toBe(false);
  });

  it('names an imported key after its file, else its comment, never after an ssh file', () => {
    expect(importedKeyName('work.pub', 'x', [])).toBe('work');
    expect(importedKeyName(undefined, 'alice@laptop', [])).toBe('alice_laptop');
    expect(importedKeyName(undefined, '', ['imported_key'])).toBe('imported_key_2');
    expect(importedKeyName('config', '', [])).toBe('config_key');
    expect(importedKeyName('id_ed25519', '', ['id_ed25519'])).toBe('id_ed25519_2');
  });

  it('gives the download names and a dated default comment', () => {
    expect(keyFileNames('k')).toEqual({ privateKey: 'k', publicKey: 'k.pub', pem: 'k.pem' });
    expect(defaultComment(new Date(2026, 0, 5))).toBe('infini-ai-2026-01-05');
  });
});
