// The SSH public key file format of RFC 4716 ("---- BEGIN SSH2 PUBLIC KEY ----"), written by
// PuTTYgen, Tectia and `ssh-keygen -e`. Reading follows the RFC (header continuation with a
// trailing backslash, quoted Comment values); writing follows `ssh-keygen -e` byte for byte.
import { base64Decode, type Bytes } from '../encoding/bytes';
import { base64Lines } from '../encoding/pem';
import { keyError, type SshKeyError } from '../errors';

export const RFC4716_BEGIN = '---- BEGIN SSH2 PUBLIC KEY ----';
export const RFC4716_END = '---- END SSH2 PUBLIC KEY ----';

export interface Rfc4716Key {
  blob: Bytes;
  /** the Comment header, unquoted; '' when absent */
  comment: string;
  headers: Array<{ tag: string; value: string }>;
}

const fail = (en: string, zh: string): SshKeyError => keyError('bad-rfc4716', `SSH2 public key block: ${en}`, `SSH2 公钥块：${zh}`, 'publicKey');

/**
 * Spaces and tabs off both ends, by index: /[ \t]+$/ backtracks over every run of blanks that
 * does not end the line, quadratic in its length (a line of 60 K spaces took 15 s).
 */
function trimBlanks(l: string): string {
  let a = 0;
  let b = l.length;
  while (a < b && (l[a] === ' ' || l[a] === '\t')) a++;
  while (b > a && (l[b - 1] === ' ' || l[b - 1] === '\t')) b--;
  return a === 0 && b === l.length ? l : l.slice(a, b);
}

/** Parses exactly one block (text may hold other lines around it; the caller counts blocks). */
export function parseRfc4716(text: string): Rfc4716Key {
  const lines = text.split(/\r\n|\r|\n/).map(trimBlanks);
  const begin = lines.findIndex((l) => l === RFC4716_BEGIN);
  if (begin < 0) throw fail('the BEGIN line is missing', '缺少 BEGIN 行');
  const end = lines.findIndex((l, i) => i > begin && l === RFC4716_END);
  if (end < 0) throw fail('the END line "---- END SSH2 PUBLIC KEY ----" is missing', '缺少 END 行 "---- END SSH2 PUBLIC KEY ----"');
  const body = lines.slice(begin + 1, end);
  const headers: Rfc4716Key['headers'] = [];
  let i = 0;
  // Headers: "Tag: value", a value continued on the next line when it ends in "\".
  while (i < body.length && /^[\x21-\x39\x3b-\x7e]{1,64}: /.test(body[i])) {
    // pieces joined once at the end: `line = line.slice(0, -1) + next` per continuation copies
    // the value so far each time, quadratic in its length
    const parts = [body[i++]];
    while (parts[parts.length - 1].endsWith('\\') && i < body.length) {
      parts[parts.length - 1] = parts[parts.length - 1].slice(0, -1);
      parts.push(body[i++]);
    }
    const line = parts.join('');
    const colon = line.indexOf(': ');
    headers.push({ tag: line.slice(0, colon), value: line.slice(colon + 2) });
  }
  const b64 = body.slice(i).join('');
  if (!b64) throw fail('there is no key data between BEGIN and END', 'BEGIN 与 END 之间没有密钥数据');
  const blob = /^[A-Za-z0-9+/=]+$/.test(b64) ? base64Decode(b64) : null;
  if (!blob) throw fail('the key data is not valid base64', '密钥数据不是有效的 base64');
  const c = headers.find((h) => h.tag.toLowerCase() === 'comment')?.value ?? '';
  const comment = c.length >= 2 && c.startsWith('"') && c.endsWith('"') ? c.slice(1, -1) : c;
  return { blob, comment, headers };
}

/** base64 wrapped at 70 columns, each line ending in "\n" (sshbuf_dtob64_string(b, 1)). */
export function wrap70(b: Uint8Array): string {
  return base64Lines(b, 70)
    .map((l) => l + '\n')
    .join('');
}

/** `ssh-keygen -e` output: the comment truncated to 60 bytes as its snprintf into char[61] does. */
export function toRfc4716(blob: Uint8Array, comment: string): string {
  const enc = new TextEncoder().encode(comment);
  const c = enc.length > 60 ? new TextDecoder().decode(enc.slice(0, 60)) : comment;
  return `${RFC4716_BEGIN}\nComment: "${c}"\n${wrap70(blob)}${RFC4716_END}\n`;
}
