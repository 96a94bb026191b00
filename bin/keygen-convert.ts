// `cli keygen -i [-m RFC4716|PKCS8|PEM] -f FILE` and `cli keygen -e [-m …] -f FILE`:
// ssh-keygen 9.2's key conversions (ssh-keygen.c do_convert_from_* / do_convert_to_*),
// stdout byte for byte.
import { existsSync, readFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { optValue, type ParsedOpts } from './getopt';
import type { Bytes } from '../lib/ssh/encoding/bytes';
import { armor, unarmor } from '../lib/ssh/encoding/pem';
import { publicKeyLine, rsaPublicBlob, ecdsaPublicBlob } from '../lib/ssh/formats/public-key-line';
import { blobTypeName, decodePublicBlob, isCertType, type DecodedPublicKey } from '../lib/ssh/formats/public-key-blob';
import { parseCertificate } from '../lib/ssh/formats/certificate';
import { opensshBase64Decode, sshkeyReadAsync } from '../lib/ssh/ssh-keygen/sshkey-read';
import { toRfc4716 } from '../lib/ssh/formats/rfc4716';
import { dsaPublicBlob, dsaSpkiDer, ecSpkiDer, rsaFromPkcs1, rsaPkcs1Der, rsaSpkiDer, spkiToBlob } from '../lib/ssh/formats/spki';
import { publicFromPrivateFile } from '../lib/ssh/ssh-keygen/unencrypted-public';

class Fatal extends Error {}

function fatal(msg: string): never {
  throw new Fatal(msg);
}

function format(p: ParsedOpts): 'RFC4716' | 'PKCS8' | 'PEM' {
  const m = (optValue(p, 'm') ?? 'RFC4716').toUpperCase();
  if (m === 'RFC4716' || m === 'SSH2') return 'RFC4716';
  if (m === 'PKCS8' || m === 'PEM') return m;
  fatal(`Unsupported conversion format "${optValue(p, 'm')}"`);
}

function identity(p: ParsedOpts): string {
  const path = optValue(p, 'f');
  if (!path) fatal('keygen: -f FILE is required\nkeygen：需要 -f FILE（密钥文件）');
  if (!existsSync(path)) fatal(`ssh-keygen: ${path}: No such file or directory`);
  return path;
}

/** sshkey_write re-serialises the key: integers come out minimally encoded whatever came in. */
function canonical(blob: Uint8Array, k: DecodedPublicKey): Bytes {
  if (k.rsa) return rsaPublicBlob(k.rsa.e, k.rsa.n);
  if (k.dsa) return dsaPublicBlob(k.dsa.p, k.dsa.q, k.dsa.g, k.dsa.y);
  if (k.type.startsWith('ecdsa-') && k.curve && k.ecPoint) return ecdsaPublicBlob(k.curve, k.ecPoint);
  return blob as Bytes;
}

function decodeOrFatal(blob: Uint8Array, where: string): { blob: Bytes; key: DecodedPublicKey } {
  try {
    const key = decodePublicBlob(blob, 'ssh-keygen');
    return { blob: canonical(blob, key), key };
  } catch {
    fatal(`${where}: parse key: invalid format`);
  }
}

/** do_convert_from_ssh2, including its line reader (a last line without a newline is dropped). */
function fromSsh2(data: Buffer): Bytes {
  const text = data.toString('latin1');
  const lines: string[] = [];
  const re = /([^\r\n]*)(\r\n|\r|\n)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1].length > 1022) fatal('input line too long.');
    lines.push(m[1]);
  }
  let encoded = '';
  let escaped = 0;
  for (const line of lines) {
    if (line.endsWith('\\')) escaped++;
    if (line.startsWith('----') || line.includes(': ')) {
      if (line.includes('---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----')) {
        fatal('do_convert_from_ssh2: this is an SSH2 private key; converting secret keys is not supported here\n这是 SSH2 私钥；此处不支持转换私钥');
      }
      if (line.includes(' END ')) break;
      continue;
    }
    if (escaped) {
      escaped--;
      continue;
    }
    encoded += line;
  }
  if (encoded.length % 4 === 3 && encoded.endsWith('===')) encoded = encoded.slice(0, -3);
  const blob = opensshBase64Decode(encoded);
  if (!blob) fatal('do_convert_from_ssh2: base64 decode: invalid format');
  return blob;
}

/** PEM_read_PUBKEY: the first PUBLIC KEY (OpenSSL 3 also takes RSA PUBLIC KEY) block. */
function fromPkcs8(data: Buffer, path: string): { blob: Bytes; key: DecodedPublicKey } {
  const text = data.toString('latin1');
  const blocks = [...text.matchAll(/-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY)-----[\s\S]*?-----END \1-----/g)];
  let got: { type: string; blob: Bytes } | null = null;
  try {
    if (blocks.length) {
      const pem = unarmor(blocks[0][0]);
      if (pem) got = pem.label === 'PUBLIC KEY' ? spkiToBlob(pem.body) : rsaFromPkcs1(pem.body);
    }
  } catch (e) {
    if ((e as { code?: string }).code === 'unsupported-key-type' && /1\.3\.101\.112|Ed25519/i.test(String((e as Error).message))) {
      fatal('do_convert_from_pkcs8: unsupported pubkey type 1087');
    }
    got = null;
  }
  if (!got) fatal(`do_convert_from_pkcs8: ${path} is not a recognised public key format`);
  if (got.type === 'ssh-ed25519') fatal('do_convert_from_pkcs8: unsupported pubkey type 1087');
  return decodeOrFatal(got.blob, 'do_convert_from_pkcs8');
}

/** PEM_read_RSAPublicKey: only `BEGIN RSA PUBLIC KEY`. */
function fromPem(data: Buffer): { blob: Bytes; key: DecodedPublicKey } {
  const m = /-----BEGIN RSA PUBLIC KEY-----[\s\S]*?-----END RSA PUBLIC KEY-----/.exec(data.toString('latin1'));
  try {
    const pem = m ? unarmor(m[0]) : null;
    if (pem) return decodeOrFatal(rsaFromPkcs1(pem.body).blob, 'do_convert_from_pem');
  } catch (e) {
    if (e instanceof Fatal) throw e;
  }
  fatal('do_convert_from_pem: unrecognised raw private key format');
}

async function run(body: () => string | Promise<string>): Promise<number> {
  try {
    process.stdout.write(await body());
    return 0;
  } catch (e) {
    if (e instanceof Fatal) {
      process.stderr.write(e.message + '\n');
      return 255;
    }
    throw e;
  }
}

export async function keygenImport(p: ParsedOpts): Promise<number> {
  return run(async () => {
    const fmt = format(p);
    const path = identity(p);
    const data = readFileSync(path);
    if (fmt === 'RFC4716') {
      const blob = fromSsh2(data);
      // sshkey_fromb also takes certificates (when their CA signature verifies)
      const cert = isCertType(blobTypeName(blob) ?? '') ? await parseCertificate(blob) : null;
      if (cert) return publicKeyLine(cert.type, blob) + '\n';
      const { blob: b, key } = decodeOrFatal(blob, 'do_convert_from_ssh2');
      return publicKeyLine(key.type, b) + '\n';
    }
    const { blob, key } = fmt === 'PKCS8' ? fromPkcs8(data, path) : fromPem(data);
    return publicKeyLine(key.type, blob) + '\n';
  });
}

/** sshkey_load_public: FILE as a public key, then FILE.pub, then the public half of FILE. */
async function loadPublic(path: string): Promise<{ blob: Bytes; key: DecodedPublicKey }> {
  for (const f of [path, path + '.pub']) {
    let text: string;
    try {
      text = readFileSync(f).toString('latin1');
    } catch {
      continue;
    }
    for (const raw of text.split('\n')) {
      if (raw === '' || raw[0] === '#') continue;
      if (raw.startsWith('-----BEGIN') || raw === 'SSH PRIVATE KEY FILE') break;
      const cp = raw.replace(/^[ \t]+/, '');
      const r = cp ? await sshkeyReadAsync(cp) : null;
      if (r) return { blob: r.certBlob ?? canonical(r.blob, r.key), key: r.key };
    }
  }
  const priv = publicFromPrivateFile(readFileSync(path).toString('latin1'));
  if (priv) return decodeOrFatal(priv.blob, 'load key');
  fatal(`Load key "${path}": invalid format`);
}

export async function keygenExport(p: ParsedOpts): Promise<number> {
  return run(async () => {
    const fmt = format(p);
    const path = identity(p);
    const { blob, key } = await loadPublic(path);
    if (fmt === 'RFC4716') {
      return toRfc4716(blob, `${key.bits}-bit ${key.label}, converted by ${userInfo().username}@${hostname()} from OpenSSH`);
    }
    const fn = fmt === 'PKCS8' ? 'do_convert_to_pkcs8' : 'do_convert_to_pem';
    if (key.rsa) {
      return fmt === 'PKCS8' ? armor('PUBLIC KEY', rsaSpkiDer(key.rsa.e, key.rsa.n), 64) : armor('RSA PUBLIC KEY', rsaPkcs1Der(key.rsa.e, key.rsa.n), 64);
    }
    if (key.dsa) return armor('PUBLIC KEY', dsaSpkiDer(key.dsa.p, key.dsa.q, key.dsa.g, key.dsa.y), 64);
    if (key.type.startsWith('ecdsa-sha2-') && key.curve && key.ecPoint) return armor('PUBLIC KEY', ecSpkiDer(key.curve, key.ecPoint), 64);
    fatal(`${fn}: unsupported key type ${key.label}`);
  });
}
