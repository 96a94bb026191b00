// Public key blobs (RFC 4253 §6.6, RFC 8709) and the one-line OpenSSH format.
import { base64Encode, type Bytes } from '../encoding/bytes';
import { SshWriter } from '../encoding/wire';

export function ed25519PublicBlob(publicKey: Uint8Array): Bytes {
  return new SshWriter().string('ssh-ed25519').string(publicKey).bytes();
}

/** e and n as unsigned big-endian magnitudes */
export function rsaPublicBlob(e: Uint8Array, n: Uint8Array): Bytes {
  return new SshWriter().string('ssh-rsa').mpint(e).mpint(n).bytes();
}

export function ecdsaPublicBlob(curve: 'nistp256' | 'nistp384' | 'nistp521', point: Uint8Array): Bytes {
  return new SshWriter().string(`ecdsa-sha2-${curve}`).string(curve).string(point).bytes();
}

/**
 * `type base64 comment`; no comment → `type base64`. The comment is kept exactly, spaces at
 * either end included, as ssh-keygen writes it (`" %s"` after the key when non-empty); only
 * line breaks, which a one-line format cannot hold, become spaces.
 */
export function publicKeyLine(type: string, blob: Uint8Array, comment = ''): string {
  const c = comment.replace(/[\r\n]+/g, ' ');
  return c ? `${type} ${base64Encode(blob)} ${c}` : `${type} ${base64Encode(blob)}`;
}

/** The short names ssh-keygen prints in `-l` output and randomart titles. */
export function sshKeygenTypeLabel(type: string): string {
  switch (type) {
    case 'ssh-ed25519':
      return 'ED25519';
    case 'ssh-rsa':
      return 'RSA';
    case 'ssh-dss':
      return 'DSA';
    case 'ecdsa-sha2-nistp256':
    case 'ecdsa-sha2-nistp384':
    case 'ecdsa-sha2-nistp521':
      return 'ECDSA';
    case 'sk-ssh-ed25519@openssh.com':
      return 'ED25519-SK';
    case 'sk-ecdsa-sha2-nistp256@openssh.com':
      return 'ECDSA-SK';
    default:
      if (type.endsWith('-cert-v01@openssh.com')) return sshKeygenTypeLabel(type.replace('-cert-v01@openssh.com', '').replace(/^ssh-(rsa|dss|ed25519)$/, 'ssh-$1')) + '-CERT';
      return type.toUpperCase();
  }
}

/** Bit length of an unsigned big-endian magnitude. */
export function bitLength(mag: Uint8Array): number {
  let i = 0;
  while (i < mag.length && mag[i] === 0) i++;
  if (i === mag.length) return 0;
  return (mag.length - i - 1) * 8 + (32 - Math.clz32(mag[i]));
}
