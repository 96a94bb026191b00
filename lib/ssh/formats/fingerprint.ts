// Fingerprints and the randomart picture, exactly as ssh-keygen prints them
// (sshkey.c: sshkey_fingerprint, fingerprint_randomart).
import { sha256 } from '@noble/hashes/sha2.js';
import { md5 } from '@noble/hashes/legacy.js';
import { base64Encode } from '../encoding/bytes';

export type FingerprintHash = 'sha256' | 'md5';

/** `SHA256:<base64 without padding>` or `MD5:aa:bb:…`, from the public key blob. */
export function fingerprint(blob: Uint8Array, hash: FingerprintHash = 'sha256'): string {
  return formatFingerprint(fingerprintDigest(blob, hash), hash);
}

export function fingerprintDigest(blob: Uint8Array, hash: FingerprintHash = 'sha256'): Uint8Array {
  return hash === 'md5' ? md5(blob) : sha256(blob);
}

export function formatFingerprint(digest: Uint8Array, hash: FingerprintHash): string {
  if (hash === 'md5') return 'MD5:' + Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join(':');
  return 'SHA256:' + base64Encode(digest, false);
}

const FLDBASE = 8;
const FLDSIZE_Y = FLDBASE + 1;
const FLDSIZE_X = FLDBASE * 2 + 1;
const AUGMENTATION = ' .o+=*BOX@%&#/^SE';

/**
 * The "drunken bishop" picture of `ssh-keygen -lv`. `keyType` is ssh-keygen's short name
 * ("ED25519", "RSA", "ECDSA", "DSA", "ED25519-SK" …); the footer names the hash ("[SHA256]").
 */
export function randomart(digest: Uint8Array, keyType: string, bits: number, hash: FingerprintHash = 'sha256'): string {
  // ssh-keygen formats "[TYPE BITS]" into char title[17] (snprintf: at most 16 characters),
  // falls back to "[TYPE]" only when the full title is longer than 17, and then keeps what
  // fits: "[ED25519-CERT 256]" becomes "[ED25519-CERT]", "[ED25519-SK-CERT]" "[ED25519-SK-CERT".
  let title = `[${keyType} ${bits}]`;
  if (title.length > FLDSIZE_X) title = `[${keyType}]`;
  title = title.slice(0, FLDSIZE_X - 1);
  const len = AUGMENTATION.length - 1;
  const field: number[][] = Array.from({ length: FLDSIZE_X }, () => new Array(FLDSIZE_Y).fill(0));
  let x = Math.floor(FLDSIZE_X / 2);
  let y = Math.floor(FLDSIZE_Y / 2);
  for (const input0 of digest) {
    let input = input0;
    for (let b = 0; b < 4; b++) {
      x += input & 0x1 ? 1 : -1;
      y += input & 0x2 ? 1 : -1;
      x = Math.max(x, 0);
      y = Math.max(y, 0);
      x = Math.min(x, FLDSIZE_X - 1);
      y = Math.min(y, FLDSIZE_Y - 1);
      if (field[x][y] < len - 2) field[x][y]++;
      input >>= 2;
    }
  }
  field[Math.floor(FLDSIZE_X / 2)][Math.floor(FLDSIZE_Y / 2)] = len - 1;
  field[x][y] = len;

  const header = frameLine(title);
  const footer = frameLine(`[${hash.toUpperCase()}]`);
  const lines = [header];
  for (let row = 0; row < FLDSIZE_Y; row++) {
    let s = '|';
    for (let col = 0; col < FLDSIZE_X; col++) s += AUGMENTATION[Math.min(field[col][row], len)];
    lines.push(s + '|');
  }
  lines.push(footer);
  return lines.join('\n');
}

// "+---[ED25519 256]---+": the label centred in the 17-column top border, as ssh-keygen does
// (odd padding goes to the right).
function frameLine(l: string): string {
  const r = Math.floor((FLDSIZE_X - l.length) / 2);
  return '+' + '-'.repeat(r) + l + '-'.repeat(FLDSIZE_X - r - l.length) + '+';
}
