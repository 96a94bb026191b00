// PEM armor. OpenSSH wraps its private keys at 70 columns; OpenSSL (PKCS#1/#8) at 64.
import { base64Decode, base64Encode, type Bytes } from './bytes';
import { keyError } from '../errors';

/** The base64 of `body` cut into lines of `width` characters (without line breaks). */
export function base64Lines(body: Uint8Array, width: number): string[] {
  const b64 = base64Encode(body);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width));
  return lines;
}

export function armor(label: string, body: Uint8Array, width: number, headers: string[] = []): string {
  const lines = base64Lines(body, width);
  const head = headers.length ? headers.join('\n') + '\n\n' : '';
  return `-----BEGIN ${label}-----\n${head}${lines.join('\n')}\n-----END ${label}-----\n`;
}

export interface Pem {
  label: string;
  headers: Record<string, string>;
  body: Bytes;
}

const PEM_RE = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/;

/** The first PEM block in text, or null when there is none. Throws on a block with bad base64. */
export function unarmor(text: string): Pem | null {
  const m = PEM_RE.exec(text);
  if (!m) return null;
  const label = m[1];
  const headers: Record<string, string> = {};
  let inner = m[2].replace(/\r/g, '');
  // RFC 1421 headers (Proc-Type, DEK-Info) precede a blank line
  const blank = inner.indexOf('\n\n');
  if (/^[A-Za-z-]+:/.test(inner) && blank >= 0) {
    for (const line of inner.slice(0, blank).split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    inner = inner.slice(blank + 2);
  }
  const body = base64Decode(inner.replace(/\s+/g, ''));
  if (!body) {
    throw keyError('bad-base64', `The ${label} block is not valid base64 (the file may be damaged)`, `${label} 内容不是有效的 base64（文件可能已损坏）`, 'pem');
  }
  return { label, headers, body };
}
