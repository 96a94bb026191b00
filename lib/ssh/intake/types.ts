// The key intake's contract (implemented in lib/ssh/intake/parse-public-key.ts): what the popup,
// the content script and the CLI receive for any public key text a user brings.
import type { Bytes } from '../encoding/bytes';
import type { SshKeyError } from '../errors';

export interface ParsedPublicKey {
  /** e.g. 'ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'sk-ssh-ed25519@openssh.com' */
  type: string;
  blob: Bytes;
  /** may be empty */
  comment: string;
  bits: number;
  /** `SHA256:…` as ssh-keygen -l prints it */
  fingerprint: string;
  /** canonical one-line OpenSSH form, `type base64[ comment]`, no newline */
  line: string;
  /** the form the text arrived in ('pkcs1-pem': `BEGIN RSA PUBLIC KEY`, as `ssh-keygen -e -m PEM` writes) */
  source: 'openssh' | 'authorized_keys' | 'rfc4716' | 'spki-pem' | 'pkcs1-pem';
}

/** Accepted but worth telling the user about (RSA-2048: suggest Ed25519; no comment; a comment cleaned of control characters). */
export interface KeyWarning {
  code: 'rsa-2048' | 'no-comment' | 'comment-cleaned';
  en: string;
  zh: string;
}

export type ParsePublicKeyResult =
  | { ok: true; key: ParsedPublicKey; warnings: KeyWarning[] }
  | { ok: false; error: SshKeyError };
