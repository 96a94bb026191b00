import { describe, it, expect } from 'vitest';
import { checkPrivateKeyPath, defaultComment, defaultKeyName, importedKeyName, isReservedKeyName, isSshFileName, keyFileNames, privateKeyPathFor, sanitizeKeyName, uniqueKeyName } from '../../lib/keyfiles';

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

  it('names an imported key after its file, else the default file for its type (never its comment), never after an ssh file', () => {
    expect(importedKeyName('work.pub', 'ssh-ed25519', [])).toBe('work');
    expect(importedKeyName('putty.ppk', 'ssh-rsa', [])).toBe('putty');
    expect(importedKeyName(undefined, 'ssh-ed25519', [])).toBe('id_ed25519');
    expect(importedKeyName(undefined, 'ssh-rsa', ['id_rsa'])).toBe('id_rsa_2');
    expect(importedKeyName(undefined, 'ecdsa-sha2-nistp384', [])).toBe('id_ecdsa');
    expect(importedKeyName('config', 'ssh-ed25519', [])).toBe('config_key');
    expect(importedKeyName('id_ed25519', 'ssh-ed25519', ['id_ed25519'])).toBe('id_ed25519_2');
  });

  it('puts the private key where it most likely is, by how the key arrived', () => {
    expect(privateKeyPathFor({ kind: 'generated', name: 'infini_ed25519' })).toBe('~/.ssh/infini_ed25519');
    expect(privateKeyPathFor({ kind: 'public-file', fileName: 'id_ed25519.pub', type: 'ssh-ed25519' })).toBe('~/.ssh/id_ed25519');
    expect(privateKeyPathFor({ kind: 'pasted', type: 'ssh-ed25519' })).toBe('~/.ssh/id_ed25519');
    expect(privateKeyPathFor({ kind: 'pasted', type: 'ssh-rsa' })).toBe('~/.ssh/id_rsa');
    expect(privateKeyPathFor({ kind: 'pasted', type: 'ecdsa-sha2-nistp256' })).toBe('~/.ssh/id_ecdsa');
    expect(privateKeyPathFor({ kind: 'pasted', type: 'ssh-ed25519-cert-v01@openssh.com' })).toBe('~/.ssh/id_ed25519');
    expect(privateKeyPathFor({ kind: 'private-file', fileName: 'work_key', type: 'ssh-rsa' })).toBe('~/.ssh/work_key');
    expect(privateKeyPathFor({ kind: 'private-file', fileName: 'putty key.ppk', type: 'ssh-rsa' })).toBe('~/.ssh/putty key');
    // a file name ssh cannot be given falls back to the type's default
    expect(privateKeyPathFor({ kind: 'public-file', fileName: 'a"b.pub', type: 'ssh-rsa' })).toBe('~/.ssh/id_rsa');
  });

  it('accepts the paths ssh reads back (Windows ones too) and refuses the rest with a reason', () => {
    for (const ok of ['~/.ssh/id_ed25519', '/home/me/.ssh/k', 'C:\\Users\\me\\.ssh\\id_ed25519', 'D:/keys/k', '\\\\server\\share\\k', '~/My Keys/k', '~/.ssh/张三']) expect(checkPrivateKeyPath(ok), ok).toBeNull();
    for (const bad of ['', ' ~/.ssh/k', 'id_ed25519', '.ssh/k', '~/.ssh/', '~/.ssh/k.pub', '~/.ssh/k.ppk', '~/.ssh/50%', '~/.ssh/a"b', '~/${X}/k', '~/.ssh/a\nb', '/a\\\\b']) {
      const e = checkPrivateKeyPath(bad);
      expect(e?.code, JSON.stringify(bad)).toBe('bad-key-path');
      expect(e!.zh.length).toBeGreaterThan(0);
    }
  });

  it('gives the download names and a dated default comment', () => {
    expect(keyFileNames('k')).toEqual({ privateKey: 'k', publicKey: 'k.pub', pem: 'k.pem' });
    expect(defaultComment(new Date(2026, 0, 5))).toBe('infini-ai-2026-01-05');
  });
});
