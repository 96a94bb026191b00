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

const BEGIN_RE = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n/g;
const END_MARK = '-----END ';
const END_LABEL_RE = /([A-Z0-9 ]+)-----/y;

/**
 * The first BEGIN line that has a matching END after it, and the text between them (without
 * the line break before END), as /-----BEGIN (L)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----/
 * would find it. Not that regex: from every BEGIN without an END it scans to the end of the
 * text, which is quadratic (1 MB of BEGIN lines never finished). Here every END is located in
 * one pass, and each BEGIN takes the next END of its label by a pointer that only moves forward.
 */
function findBlock(text: string): { label: string; inner: string } | null {
  const ends = new Map<string, { at: number[]; next: number }>();
  for (let i = text.indexOf(END_MARK); i >= 0; i = text.indexOf(END_MARK, i + 1)) {
    END_LABEL_RE.lastIndex = i + END_MARK.length;
    const m = END_LABEL_RE.exec(text);
    if (!m) continue;
    const e = ends.get(m[1]) ?? { at: [], next: 0 };
    e.at.push(i);
    ends.set(m[1], e);
  }
  for (const m of text.matchAll(BEGIN_RE)) {
    const e = ends.get(m[1]);
    if (!e) continue;
    const start = m.index + m[0].length;
    while (e.next < e.at.length && e.at[e.next] < start) e.next++;
    if (e.next === e.at.length) continue;
    const end = e.at[e.next];
    let p = end;
    if (p - 1 >= start && text[p - 1] === '\n') {
      p--;
      if (p - 1 >= start && text[p - 1] === '\r') p--;
    } else if (p - 1 >= start && text[p - 1] === '\r') p--;
    return { label: m[1], inner: text.slice(start, p) };
  }
  return null;
}

/** The first PEM block in text, or null when there is none. Throws on a block with bad base64. */
export function unarmor(text: string): Pem | null {
  const m = findBlock(text);
  if (!m) return null;
  const label = m.label;
  const headers: Record<string, string> = {};
  let inner = m.inner.replace(/\r/g, '');
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
