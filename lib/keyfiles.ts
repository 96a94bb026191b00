// File names for keys the popup makes. Pure: no browser APIs.
//
// The default names deliberately differ from ssh-keygen's own (`id_ed25519`, `id_rsa`): a user
// who already has a personal key must not overwrite it by saving our download into ~/.ssh.

import type { KeyType } from './keygen/types';
import { sshConfigPath } from './config/quote';
import { keyError, isSshKeyError, type SshKeyError } from './ssh/errors';

export const MAX_KEY_NAME = 64;

export function baseKeyName(type: KeyType): string {
  return type === 'ed25519' ? 'infini_ed25519' : 'infini_rsa';
}

/**
 * A file name stem that is safe in ~/.ssh on every OS and in a shell command without quoting:
 * letters, digits, `.`, `_`, `-`; no leading dot or dash (hidden files, options); at most 64.
 */
export function sanitizeKeyName(raw: string): string {
  const cleaned = raw
    .normalize('NFKC')
    .replace(/\.pub$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[.\-_]+/, '')
    .replace(/_+/g, '_')
    .slice(0, MAX_KEY_NAME)
    .replace(/[._-]+$/, '');
  return cleaned;
}

/** Names that would overwrite a usual personal key or an ssh file if saved into ~/.ssh. */
const RESERVED = new Set(['id_rsa', 'id_ed25519', 'id_ecdsa', 'id_dsa', 'id_ecdsa_sk', 'id_ed25519_sk', 'config', 'known_hosts', 'authorized_keys', 'authorized_keys2', 'environment', 'rc']);

/** Names of ssh's own files in ~/.ssh: a key saved under one of them would break ssh. */
export function isSshFileName(name: string): boolean {
  return /^(config|known_hosts2?|authorized_keys2?|environment|rc)$/i.test(name);
}

export function isReservedKeyName(name: string): boolean {
  return RESERVED.has(name.toLowerCase()) || /^known_hosts/i.test(name);
}

/** ssh-keygen's default private key file for a public key type (what `ssh` tries without -i). */
export function defaultPrivateKeyFile(type: string): string {
  const base = type.replace(/-cert-v0\d@openssh\.com$/, '');
  if (base === 'ssh-rsa' || base.startsWith('rsa-sha2-')) return 'id_rsa';
  if (base === 'ssh-dss') return 'id_dsa';
  if (base.startsWith('ecdsa-sha2-')) return 'id_ecdsa';
  if (base.startsWith('sk-ecdsa-')) return 'id_ecdsa_sk';
  if (base.startsWith('sk-ssh-ed25519')) return 'id_ed25519_sk';
  return 'id_ed25519';
}

/** The file name without the extension a key file commonly carries (.pub, .ppk, .pem …). */
export function keyFileStem(fileName: string): string {
  return fileName.replace(/\.(pub|ppk|pem|key|txt)$/i, '');
}

/**
 * A name for a key arriving from elsewhere: a picked file's name, else the default file for
 * its type (`id_ed25519`). Never its comment: a comment such as `bar@laptop` or RFC 4716's
 * "3072-bit RSA, converted by … from OpenSSH" names no file.
 */
export function importedKeyName(fileName: string | undefined, type: string, taken: Iterable<string>): string {
  const fromFile = fileName ? sanitizeKeyName(keyFileStem(fileName)) : '';
  const base = fromFile || defaultPrivateKeyFile(type);
  return uniqueKeyName(isSshFileName(base) ? `${base}_key` : base, taken);
}

/** `base`, or `base_2`, `base_3` … — the first not already taken (case-insensitive, as on macOS/Windows). */
export function uniqueKeyName(base: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => n.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const candidate = `${base}_${i}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

export function defaultKeyName(type: KeyType, taken: Iterable<string>): string {
  return uniqueKeyName(baseKeyName(type), taken);
}

/** A comment that tells the user later where this key came from: `infini-ai-2026-11-25`. */
export function defaultComment(now: Date = new Date()): string {
  const d = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `infini-ai-${d}`;
}

export interface KeyFileNames {
  privateKey: string;
  publicKey: string;
  /** RSA only: PKCS#1 PEM for older tools */
  pem: string;
}

export function keyFileNames(name: string): KeyFileNames {
  return { privateKey: name, publicKey: `${name}.pub`, pem: `${name}.pem` };
}

// --- where the private half lives on the user's computer ---------------------------------
//
// Every command, config snippet, VS Code link and setup script names this file (`-i`,
// `IdentityFile`). The browser never learns a picked file's folder, so a path starts as
// `~/.ssh/<file name>` and the user can edit it.

export const SSH_DIR = '~/.ssh/';

/** `~/.ssh/<file>`. */
export function inSshDir(file: string): string {
  return SSH_DIR + file;
}

/** Where the private half of a brought key most likely is, by how it arrived. */
export function privateKeyPathFor(arrival: { kind: 'generated'; name: string } | { kind: 'public-file'; fileName: string; type: string } | { kind: 'pasted'; type: string } | { kind: 'private-file'; fileName: string; type: string }): string {
  switch (arrival.kind) {
    case 'generated':
      return inSshDir(arrival.name);
    case 'pasted':
      return inSshDir(defaultPrivateKeyFile(arrival.type));
    case 'public-file':
    case 'private-file': {
      // id_ed25519.pub → id_ed25519; a .ppk's OpenSSH twin (which we offer) drops the .ppk
      const stem = arrival.kind === 'public-file' ? arrival.fileName.replace(/\.pub$/i, '') : arrival.fileName.replace(/\.ppk$/i, '');
      const p = inSshDir(stem);
      return stem && !checkPrivateKeyPath(p) ? p : inSshDir(defaultPrivateKeyFile(arrival.type));
    }
  }
}

function badPath(en: string, zh: string): SshKeyError {
  return keyError('bad-key-path', en, zh, 'privateKeyPath');
}

/**
 * Null when `path` can be given to ssh as it is (`-i` in a shell and `IdentityFile` in a
 * config both read it back unchanged), else the reason, in both languages. Accepted:
 * `~/…`, `/…`, and Windows paths `C:\…`, `C:/…`, `\\server\share\…`.
 */
export function checkPrivateKeyPath(path: string): SshKeyError | null {
  if (path.trim() === '') return badPath('Enter the path of the private key file, e.g. ~/.ssh/id_ed25519.', '请输入私钥文件的路径，例如 ~/.ssh/id_ed25519。');
  if (path !== path.trim()) return badPath('The path starts or ends with a space: ssh would look for another file. Remove the spaces.', '路径开头或结尾有空格：ssh 会去找另一个文件。请删除这些空格。');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) return badPath('The path contains a line break or control character.', '路径中含有换行或控制字符。');
  if (!/^(?:~\/|\/|[A-Za-z]:[\\/]|\\\\[^\\])/.test(path)) {
    return badPath(
      'Give a full path: starting with ~/ (your home), / or a drive such as C:\\ (ssh reads a relative path from wherever it is started).',
      '请填写完整路径：以 ~/（主目录）、/ 或盘符（如 C:\\）开头（相对路径会随 ssh 的启动目录而变）。',
    );
  }
  if (/[/\\]$/.test(path)) return badPath('The path names a folder; add the key file’s name.', '该路径是文件夹，请加上密钥文件名。');
  if (/\.pub$/i.test(path)) return badPath('This is the public key (.pub); ssh needs the private key file: the same path without .pub.', '这是公钥（.pub）；ssh 需要的是私钥文件：去掉 .pub 的同名文件。');
  if (/\.ppk$/i.test(path)) return badPath('A .ppk file is for PuTTY; ssh needs the OpenSSH private key (convert it under “Add existing” → derive from a private key file).', '.ppk 文件供 PuTTY 使用；ssh 需要 OpenSSH 格式的私钥（可在“添加已有密钥”→“从私钥文件推导”中转换）。');
  if (path.includes('%')) return badPath('ssh cannot use a key file whose path contains “%” with -i; rename the file or its folder.', 'ssh 无法通过 -i 使用路径中含 “%” 的密钥文件；请重命名该文件或其所在文件夹。');
  try {
    sshConfigPath(path);
  } catch (e) {
    if (isSshKeyError(e)) return badPath(`ssh cannot read this path back from a config file: ${e.en}`, `ssh 配置文件无法原样读回此路径：${e.zh}`);
    throw e;
  }
  return null;
}

/** A key as an earlier version saved it: no path, and maybe a name made from its comment. */
export interface KeyBeforePaths {
  name: string;
  comment: string;
  type: string;
  privateKeyPath?: string;
}

/**
 * The storage migration to keys with a path (once, for keys saved before paths existed).
 * Generated keys and picked files were named after their file: `~/.ssh/<name>` is right. A
 * pasted key was named after its comment (`bar@laptop` → `bar_laptop`, or RFC 4716's
 * "…converted by…" boilerplate), or `imported_key` without one: its private half is most
 * likely ssh-keygen's default file for its type. Such boilerplate names are cleaned too.
 */
export function migrateKeysToPaths<K extends KeyBeforePaths>(keys: K[]): Array<K & { privateKeyPath: string }> {
  const taken: string[] = keys.map((k) => k.name);
  return keys.map((k) => {
    if (typeof k.privateKeyPath === 'string' && k.privateKeyPath) return k as K & { privateKeyPath: string };
    const fromComment = sanitizeKeyName(k.comment);
    const pasted = (fromComment !== '' && new RegExp(`^${fromComment.replace(/[.]/g, '\\.')}(_\\d+)?$`, 'i').test(k.name)) || /^imported_key(_\d+)?$/.test(k.name);
    if (!pasted) return { ...k, privateKeyPath: inSshDir(k.name) };
    let name = k.name;
    if (/converted_by|^\d+-bit_/i.test(name)) {
      name = uniqueKeyName(defaultPrivateKeyFile(k.type), taken.filter((n) => n !== k.name));
      taken.push(name);
    }
    return { ...k, name, privateKeyPath: inSshDir(defaultPrivateKeyFile(k.type)) };
  });
}
