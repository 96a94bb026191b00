// The key intake: any public key text a user brings → the one canonical OpenSSH line the
// console expects, or a typed refusal that says what is wrong and what to do instead.
//
// Accepted: OpenSSH lines (CRLF, tabs, surrounding spaces, base64 wrapped over several lines),
// authorized_keys lines with options, RFC 4716 blocks, `BEGIN PUBLIC KEY` (SPKI: RSA, ECDSA,
// Ed25519) and `BEGIN RSA PUBLIC KEY` PEM, and a bare base64 key blob.
// Refused: private keys of every format (checked first, anywhere in the text: a secret must
// never be mistaken for something usable), DSA, RSA under 2048 bits, fingerprints,
// certificates, garbage, and more than one key.
import { base64Decode, type Bytes } from '../encoding/bytes';
import { keyError, SshKeyError } from '../errors';
import { fingerprint } from '../formats/fingerprint';
import { publicKeyLine } from '../formats/public-key-line';
import { unarmor } from '../encoding/pem';
import { decodePublicBlob, isCertType, isKnownKeyType, type DecodedPublicKey } from '../formats/public-key-blob';
import { parseRfc4716, RFC4716_BEGIN } from '../formats/rfc4716';
import { derChildren, readDer, rsaFromPkcs1, spkiToBlob } from '../formats/spki';
import { isValidOptions, splitFirstToken } from '../formats/authorized-keys';
import type { KeyWarning, ParsedPublicKey, ParsePublicKeyResult } from './types';
import { checkKeyBlob, intakeErrors as err } from './refusals';
import { replaceForbiddenCommentChars } from '../comment';

/** Longest input we look at: an RSA-16384 line is about 2.8 kB; a pasted page is not a key. */
const MAX_INPUT = 64 * 1024;
/** Longest key body in base64: RSA-16384 is about 2.8 kB; a sk key with a long application, far less. */
const MAX_KEY_BASE64 = 8 * 1024;

const PASTE_PUB_EN = 'Paste the PUBLIC key instead: the contents of the matching .pub file (for example ~/.ssh/id_ed25519.pub), which starts with "ssh-ed25519" or "ssh-rsa".';
const PASTE_PUB_ZH = '请改为粘贴公钥：即对应的 .pub 文件内容（例如 ~/.ssh/id_ed25519.pub），它以 "ssh-ed25519" 或 "ssh-rsa" 开头。';

function privateKeyError(code: string, formatEn: string, formatZh: string, extraEn = '', extraZh = ''): SshKeyError {
  return keyError(
    code,
    `This is a PRIVATE key (${formatEn}). A private key is SECRET: never paste it into a web page, chat or support ticket — anyone who has it can log in as you. ${PASTE_PUB_EN}${extraEn}`,
    `这是私钥（${formatZh}）。私钥是机密：绝不要把它粘贴到网页、聊天或工单里——拿到它的人可以冒充你登录。${PASTE_PUB_ZH}${extraZh}`,
    'publicKey',
  );
}

/** True for every refusal that means "you pasted a secret". */
export function isPrivateKeyRefusal(code: string): boolean {
  return code.startsWith('private-key');
}

// Each private key format we recognise, by the marker that cannot appear in a public key.
const PRIVATE_MARKERS: Array<{ re: RegExp; err: () => SshKeyError }> = [
  { re: /-----BEGIN OPENSSH PRIVATE KEY-----|\bb3BlbnNzaC1rZXktdjEA/, err: () => privateKeyError('private-key-openssh', 'OpenSSH format', 'OpenSSH 格式') },
  { re: /PuTTY-User-Key-File-\d+\s*:|^[ \t]*Private-(?:Lines|MAC)[ \t]*:/im, err: () => privateKeyError('private-key-putty', 'PuTTY .ppk file', 'PuTTY .ppk 文件', ' To use a .ppk here, pick the file under "Public key from a private key file" (Add existing): its public key is saved and, on request, its OpenSSH private key file made for ssh and VS Code.', '如需在此使用 .ppk，请在“添加已有密钥”的“从私钥文件获取公钥”中选择该文件：其公钥会被保存，并可按需生成供 ssh 与 VS Code 使用的 OpenSSH 私钥文件。') },
  { re: /-----BEGIN ENCRYPTED PRIVATE KEY-----/, err: () => privateKeyError('private-key-pkcs8-encrypted', 'encrypted PKCS#8, protected by a passphrase but still secret', '加密的 PKCS#8，虽有口令保护但仍属机密') },
  { re: /-----BEGIN PRIVATE KEY-----/, err: () => privateKeyError('private-key-pkcs8', 'PKCS#8 PEM', 'PKCS#8 PEM') },
  { re: /-----BEGIN (RSA|EC|DSA) PRIVATE KEY-----/, err: () => privateKeyError('private-key-pem', 'PEM', 'PEM') },
  { re: /---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----/, err: () => privateKeyError('private-key-ssh2', 'SSH2/Tectia format', 'SSH2/Tectia 格式') },
  { re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----|PRIVATE KEY-----/, err: () => privateKeyError('private-key', 'PEM', 'PEM') },
];

/** The refusal for a private key anywhere in `text` (any length), or null: for other intakes (the SSH doctor's log box). */
export function findPrivateKey(text: string): SshKeyError | null {
  for (const m of PRIVATE_MARKERS) if (m.re.test(text)) return m.err();
  return null;
}

const FINGERPRINT_RE = /^(?:\d+\s+)?(?:SHA256:[A-Za-z0-9+/]{43}=?|(?:MD5:)?[0-9a-f]{2}(?::[0-9a-f]{2}){15}|SHA1:[A-Za-z0-9+/]{27}=?)(?:\s.*)?$/i;
const B64_TOKEN = /^[A-Za-z0-9+/]+={0,2}$/;
// A word that names a key type (known or not), so unknown ones get a precise refusal.
const TYPE_LIKE = /^(?:ssh|ecdsa|sk|x509v3|rsa|pgp|spki)-[A-Za-z0-9@._-]+$/;

/** Never throws: every failure becomes a typed refusal. */
export function parsePublicKey(text: string): ParsePublicKeyResult {
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof SshKeyError) return { ok: false, error: e };
    // An unexpected failure is still a refusal with a message, never an escaped exception.
    return { ok: false, error: err.garbage() };
  }
}

function parse(input: string): ParsePublicKeyResult {
  if (typeof input !== 'string') throw err.empty();
  if (input.length > MAX_INPUT) {
    // Still refuse a pasted private key with the right message, however long the paste.
    for (const m of PRIVATE_MARKERS) if (m.re.test(input)) throw m.err();
    throw err.tooLong();
  }
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').replace(/\u00a0/g, ' ').trim();
  if (!text) throw err.empty();
  for (const m of PRIVATE_MARKERS) if (m.re.test(text)) throw m.err();

  const rfcCount = count(text, RFC4716_BEGIN);
  const pemCount = (text.match(/-----BEGIN [A-Z0-9 ]+-----/g) ?? []).length;
  const rest = text
    .replace(/---- BEGIN SSH2 PUBLIC KEY ----[\s\S]*?(---- END SSH2 PUBLIC KEY ----|$)/g, '\n')
    .replace(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(-----END \1-----|$)/g, '\n');
  const lineKeys = countKeyLines(rest);
  const total = rfcCount + pemCount + lineKeys;
  if (total > 1) throw err.multiple(total);

  if (rfcCount === 1) {
    const k = parseRfc4716(text);
    return finish(null, k.blob, k.comment, 'rfc4716');
  }
  if (pemCount === 1) return parsePem(text);
  if (FINGERPRINT_RE.test(text)) throw err.fingerprint();
  return parseOpenSshText(text);
}

function count(s: string, needle: string): number {
  return s.split(needle).length - 1;
}

/** How many "type AAAA…" pairs the text holds (each is one key). */
function countKeyLines(text: string): number {
  const words = text.split(/\s+/);
  let n = 0;
  for (let i = 0; i + 1 < words.length; i++) {
    if ((isKnownKeyType(words[i]) || TYPE_LIKE.test(words[i])) && words[i + 1].startsWith('AAAA')) n++;
  }
  return n;
}

function parsePem(text: string): ParsePublicKeyResult {
  const pem = unarmor(text);
  if (!pem) throw err.garbage();
  switch (pem.label) {
    case 'PUBLIC KEY': {
      const k = spkiToBlob(pem.body);
      return finish(k.type, k.blob, '', 'spki-pem');
    }
    case 'RSA PUBLIC KEY': {
      const k = rsaFromPkcs1(pem.body);
      return finish(k.type, k.blob, '', 'pkcs1-pem');
    }
    case 'CERTIFICATE':
      throw keyError(
        'x509-certificate',
        'This is an X.509 (TLS) certificate, not an SSH public key. Paste the contents of your .pub file.',
        '这是 X.509（TLS）证书，不是 SSH 公钥。请粘贴 .pub 文件的内容。',
        'publicKey',
      );
    default:
      throw err.garbage();
  }
}

function parseOpenSshText(text: string): ParsePublicKeyResult {
  // Whole-line comments and blank lines, as in an authorized_keys file.
  const body = text
    .split('\n')
    .filter((l) => !/^\s*(#|$)/.test(l))
    .join('\n')
    .trim();
  if (!body) throw err.empty();
  // Lines before the key line (a shell prompt and `cat id.pub` copied along) are dropped.
  const lines = body.split('\n');
  const keyLine = lines.findIndex(startsWithKeyType);
  if (keyLine < 0) return parseBareBlob(body);
  const t = lines.slice(keyLine).join('\n');

  const first = splitFirstTokenWs(t);
  if (!first) throw err.garbage();
  let source: ParsedPublicKey['source'] = 'openssh';
  let type = first.token;
  let after = first.rest;
  if (!isKnownKeyType(type) && !TYPE_LIKE.test(type)) {
    // authorized_keys: the first word is the options field and the key type follows.
    const second = splitFirstTokenWs(after);
    if (second && (isKnownKeyType(second.token) || TYPE_LIKE.test(second.token))) {
      if (!isValidOptions(first.token)) throw err.badOptions();
      source = 'authorized_keys';
      type = second.token;
      after = second.rest;
    } else {
      throw err.garbage();
    }
  }
  if (type === 'ssh-dss') throw err.dsa();
  if (isCertType(type)) throw err.certificate(type);
  if (!isKnownKeyType(type)) throw err.unsupported(type);

  // The base64 may be broken over several lines (copied from a narrow terminal): join
  // base64-looking words until they decode to one complete key; the rest is the comment.
  const words: Array<{ w: string; end: number }> = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(after)) && words.length < 400) {
    if (!B64_TOKEN.test(m[0]) && !/^={1,2}$/.test(m[0])) break;
    words.push({ w: m[0], end: m.index + m[0].length });
  }
  if (words.length === 0) throw err.garbage();
  let joined = '';
  let lastError: SshKeyError = err.badBase64();
  for (const [i, { w, end: wordEnd }] of words.entries()) {
    joined += w;
    // Each attempt decodes all words so far: past the longest key there is no point going on,
    // and the bound keeps this loop linear in the input (400 words of 160 characters, each
    // joined and decoded again, cost a quadratic 13 M characters).
    if (joined.length > MAX_KEY_BASE64) break;
    let end = wordEnd;
    const blob = base64Decode(joined);
    if (!blob) continue;
    let decoded: DecodedPublicKey;
    try {
      decoded = decodePublicBlob(blob, 'strict');
    } catch (e) {
      if (!(e instanceof SshKeyError)) throw e;
      lastError = e;
      if (e.code === 'truncated') continue;
      throw e;
    }
    // The padding may have wrapped onto a line of its own.
    const next = words[i + 1];
    if (next && /^={1,2}$/.test(next.w) && base64Decode(joined + next.w)) end = next.end;
    return finish(type, blob, commentAfter(t, t.length - after.length + end, after.slice(0, end).includes('\n')), source, decoded);
  }
  throw lastError;
}

function startsWithKeyType(line: string): boolean {
  const a = splitFirstToken(line.replace(/^\s+/, ''));
  if (!a) return false;
  if (isKnownKeyType(a.token) || TYPE_LIKE.test(a.token)) return true;
  const b = splitFirstToken(a.rest);
  return !!b && (isKnownKeyType(b.token) || TYPE_LIKE.test(b.token));
}

/**
 * The comment starts right after the key data and ends with its line. Only when the key
 * itself was hard-wrapped (copied from a terminal that breaks long lines) does a line of
 * exactly the wrap width continue onto the next one (also when the wrap fell right after the
 * key data); other following lines (a shell prompt selected along) are not part of the key.
 */
function commentAfter(t: string, start: number, wrapped: boolean): string {
  const width = t.indexOf('\n') < 0 ? t.length : t.indexOf('\n');
  let lineStart = t.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = t.indexOf('\n', start);
  if (lineEnd < 0) lineEnd = t.length;
  let c = t.slice(start, lineEnd);
  // A wrap right after the key data leaves the separating space at the start of the next line.
  if (!wrapped && c === '' && /^[ \t]/.test(t.slice(lineEnd + 1, lineEnd + 2))) wrapped = lineEnd - lineStart === width;
  while (wrapped && lineEnd - lineStart === width && lineEnd < t.length) {
    lineStart = lineEnd + 1;
    lineEnd = t.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = t.length;
    c += t.slice(lineStart, lineEnd);
  }
  return joinWrapped(c);
}

/** Like splitFirstToken, but a newline also ends a word. */
function splitFirstTokenWs(s: string): { token: string; rest: string } | null {
  const nl = s.search(/\n/);
  const line = nl < 0 ? s : s.slice(0, nl);
  const t = splitFirstToken(line);
  if (!t || !t.token) return null;
  const rest = (t.rest + (nl < 0 ? '' : s.slice(nl))).replace(/^\s+/, '');
  return { token: t.token, rest };
}

// A comment is one line: line breaks inside it come from terminal wrapping, so the pieces are
// joined back, with the spaces and tabs around each break. By index, not by a regex like
// /[ \t]*\n[ \t]*/g: that one backtracks over every run of spaces without a line break, which is
// quadratic in the run's length (64 KiB of spaces in a comment took seconds).
function joinWrapped(s: string): string {
  if (!s.includes('\n')) return s;
  const pieces = s.split('\n');
  let out = '';
  for (let i = 0; i < pieces.length; i++) {
    let a = 0;
    let b = pieces[i].length;
    if (i > 0) while (a < b && isBlank(pieces[i].charCodeAt(a))) a++;
    if (i < pieces.length - 1) while (b > a && isBlank(pieces[i].charCodeAt(b - 1))) b--;
    out += pieces[i].slice(a, b);
  }
  return out;
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

function parseBareBlob(body: string): ParsePublicKeyResult {
  const compact = body.replace(/\s+/g, '');
  if (!B64_TOKEN.test(compact)) throw err.garbage();
  const blob = base64Decode(compact);
  if (!blob || blob.length < 8) throw err.garbage();
  if (blob[0] === 0x30) return parseBareDer(blob);
  if (blob[0] !== 0 || blob[1] !== 0) throw err.garbage();
  return finish(null, blob, '', 'openssh');
}

// The base64 body of a PEM block pasted without its BEGIN/END lines: a private key (refused)
// or a SubjectPublicKeyInfo (accepted).
function parseBareDer(der: Bytes): ParsePublicKeyResult {
  let kids: ReturnType<typeof derChildren>;
  try {
    kids = derChildren(readDer(der).body);
  } catch {
    throw err.garbage();
  }
  const [a, b] = kids;
  if (a?.tag === 0x02 && a.body.length === 1 && a.body[0] <= 1 && b && (b.tag === 0x02 || b.tag === 0x30 || b.tag === 0x04)) {
    throw privateKeyError('private-key-der', 'the base64 body of a PEM/PKCS#8 file, without its BEGIN line', 'PEM/PKCS#8 文件去掉 BEGIN 行后的 base64 内容');
  }
  if (a?.tag === 0x30 && b?.tag === 0x04 && kids.length === 2) {
    throw privateKeyError('private-key-pkcs8-encrypted', 'the base64 body of an encrypted PKCS#8 file', '加密 PKCS#8 文件的 base64 内容');
  }
  if (a?.tag === 0x30 && b?.tag === 0x03) {
    const k = spkiToBlob(der);
    return finish(k.type, k.blob, '', 'spki-pem');
  }
  throw err.garbage();
}

function finish(declared: string | null, blob: Bytes, comment: string, source: ParsedPublicKey['source'], pre?: DecodedPublicKey): ParsePublicKeyResult {
  const decoded = checkKeyBlob(declared, blob, pre);
  // The comment rule (lib/ssh/comment.ts): refused characters become spaces, and the user is told.
  const { comment: safe, replaced } = replaceForbiddenCommentChars(joinWrapped(comment));
  const cleaned = safe.trim();
  const warnings: KeyWarning[] = [];
  if (replaced) {
    warnings.push({
      code: 'comment-cleaned',
      en: `The key's comment held control or text-direction characters; each was replaced by a space, so the comment is now "${cleaned}".`,
      zh: `该密钥的备注中含有控制字符或文字方向控制符，已逐个替换为空格，备注现为 "${cleaned}"。`,
    });
  }
  if (decoded.type === 'ssh-rsa' && decoded.bits < 3072) {
    warnings.push({
      code: 'rsa-2048',
      en: `This RSA key has ${decoded.bits} bits: it works, but Ed25519 keys are shorter, faster and stronger — consider making a new Ed25519 key.`,
      zh: `该 RSA 密钥为 ${decoded.bits} 位：可以使用，但 Ed25519 密钥更短、更快、更安全——建议新生成一个 Ed25519 密钥。`,
    });
  }
  if (!cleaned) {
    warnings.push({
      code: 'no-comment',
      en: 'This key has no comment, so it will be hard to tell apart from your other keys in the console; consider adding one (e.g. your name@computer).',
      zh: '该密钥没有备注，在控制台中会难以和其他密钥区分；建议添加备注（例如 姓名@电脑）。',
    });
  }
  const key: ParsedPublicKey = {
    type: decoded.type,
    blob,
    comment: cleaned,
    bits: decoded.bits,
    fingerprint: fingerprint(blob),
    line: publicKeyLine(decoded.type, blob, cleaned),
    source,
  };
  return { ok: true, key, warnings };
}
