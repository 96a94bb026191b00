// Byte helpers shared by every format module. Browser and Node alike: no Buffer.

export type Bytes = Uint8Array<ArrayBuffer>;

export function utf8Encode(s: string): Bytes {
  return new TextEncoder().encode(s) as Bytes;
}

export function utf8Decode(b: Uint8Array, fatal = true): string {
  return new TextDecoder('utf-8', { fatal }).decode(b);
}

export function concatBytes(...parts: Uint8Array[]): Bytes {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

export function fromHex(hex: string): Bytes {
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) throw new Error(`hex expected, got ${JSON.stringify(hex.slice(0, 20))}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Standard base64 with padding (what OpenSSH writes). */
export function base64Encode(b: Uint8Array, pad = true): string {
  let s = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  const rest = b.length - i;
  if (rest === 1) {
    const n = b[i] << 16;
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (pad ? '==' : '');
  } else if (rest === 2) {
    const n = (b[i] << 16) | (b[i + 1] << 8);
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + (pad ? '=' : '');
  }
  return s;
}

/**
 * Strict base64 decoding: standard alphabet, padding optional but correct when present,
 * no whitespace (callers strip it where their format allows it). Returns null on bad input
 * so that parsers can turn it into their own typed error.
 */
export function base64Decode(s: string): Bytes | null {
  let end = s.length;
  if (end % 4 === 0 && end > 0) {
    if (s[end - 1] === '=') end--;
    if (s[end - 1] === '=') end--;
  }
  if (end % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? B64_INDEX[c] : -1;
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  // leftover bits must be zero (canonical encoding)
  if (bits > 0 && (acc & ((1 << bits) - 1)) !== 0) return null;
  return out;
}
