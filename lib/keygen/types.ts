// The key engine's public contract: what the popup, the CLI and the tests call.

export type KeyType = 'ed25519' | 'rsa';
export type RsaBits = 2048 | 3072 | 4096;

export interface GenerateOptions {
  type: KeyType;
  /** RSA only; default 3072 as ssh-keygen */
  bits?: RsaBits;
  /** any Unicode, may be empty */
  comment: string;
  /** empty or undefined: unencrypted private key */
  passphrase?: string;
  /** bcrypt_pbkdf rounds, default 16 as ssh-keygen */
  rounds?: number;
}

export interface GeneratedKey {
  type: KeyType;
  bits: number;
  comment: string;
  /** `ssh-ed25519 AAAA… comment` — one line, no trailing newline */
  publicKeyLine: string;
  /** openssh-key-v1 PEM (`-----BEGIN OPENSSH PRIVATE KEY-----`), ends with "\n" */
  privateKeyPem: string;
  /** RSA only: PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`) for old tools, encrypted like `ssh-keygen -m PEM` when a passphrase is set */
  pkcs1Pem?: string;
  /** `SHA256:…` as ssh-keygen -l prints it */
  fingerprint: string;
  /** the picture of ssh-keygen -lv (SHA256) */
  randomart: string;
  encrypted: boolean;
}
