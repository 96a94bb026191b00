// File names for keys the popup makes. Pure: no browser APIs.
//
// The default names deliberately differ from ssh-keygen's own (`id_ed25519`, `id_rsa`): a user
// who already has a personal key must not overwrite it by saving our download into ~/.ssh.

import type { KeyType } from './keygen/types';

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

/** A name for a key arriving from elsewhere (a picked file's name, else its comment). */
export function importedKeyName(fileName: string | undefined, comment: string, taken: Iterable<string>): string {
  const fromFile = fileName ? sanitizeKeyName(fileName.replace(/\.(pub|pem|key|txt)$/i, '')) : '';
  const base = fromFile || sanitizeKeyName(comment) || 'imported_key';
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
