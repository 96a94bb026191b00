// `cli keygen -t … -f PATH`: writes PATH (0600) and PATH.pub, printing what ssh-keygen prints.
import { existsSync, writeFileSync, chmodSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { optValue, hasFlag, type ParsedOpts } from './getopt';
import { generateKey } from '../lib/keygen/index';
import { fingerprint, fingerprintDigest, randomart, type FingerprintHash } from '../lib/ssh/formats/fingerprint';
import { base64Decode } from '../lib/ssh/encoding/bytes';
import { sshKeygenTypeLabel } from '../lib/ssh/formats/public-key-line';
import { isSshKeyError } from '../lib/ssh/errors';

export function hashOption(p: ParsedOpts): FingerprintHash | null {
  const e = (optValue(p, 'E') ?? 'sha256').toLowerCase();
  return e === 'sha256' || e === 'md5' ? e : null;
}

export async function keygenGenerate(p: ParsedOpts): Promise<number> {
  const type = (optValue(p, 't') ?? 'rsa').toLowerCase();
  const path = optValue(p, 'f');
  const quiet = hasFlag(p, 'q');
  const hash = hashOption(p);
  if (!hash) {
    process.stderr.write(`Invalid hash algorithm "${optValue(p, 'E')}"\n`);
    return 255;
  }
  if (type !== 'ed25519' && type !== 'rsa') {
    process.stderr.write(`unsupported key type "${type}": this tool makes ed25519 and rsa keys\n不支持的密钥类型 "${type}"：本工具只生成 ed25519 与 rsa 密钥\n`);
    return 255;
  }
  if (!path) {
    process.stderr.write('keygen: -f PATH is required (this tool never prompts)\nkeygen：需要 -f PATH（本工具不会交互提示）\n');
    return 1;
  }
  let bits: 2048 | 3072 | 4096 | undefined;
  if (type === 'rsa') {
    const b = Number(optValue(p, 'b') ?? '3072');
    if (b !== 2048 && b !== 3072 && b !== 4096) {
      process.stderr.write(`Invalid RSA key length ${optValue(p, 'b')}: this tool makes 2048, 3072 or 4096 bits\nRSA 密钥长度无效：仅支持 2048、3072 或 4096 位\n`);
      return 255;
    }
    bits = b;
  }
  const roundsText = optValue(p, 'a');
  const rounds = roundsText === undefined ? undefined : Number(roundsText);
  if (rounds !== undefined && (!Number.isInteger(rounds) || rounds < 1)) {
    process.stderr.write(`Invalid number: ${roundsText}\n`);
    return 255;
  }
  const comment = optValue(p, 'C') ?? `${userInfo().username}@${hostname()}`;
  const passphrase = optValue(p, 'N') ?? '';
  const out = (s: string) => !quiet && process.stdout.write(s);

  out(`Generating public/private ${type} key pair.\n`);
  if (existsSync(path)) {
    process.stderr.write(`${path} already exists: not overwritten (remove it first)\n${path} 已存在：未覆盖（请先删除）\n`);
    return 1;
  }
  try {
    const key = await generateKey({ type, bits, comment, passphrase, rounds });
    writeFileSync(path, key.privateKeyPem, { mode: 0o600 });
    chmodSync(path, 0o600);
    writeFileSync(path + '.pub', key.publicKeyLine + '\n', { mode: 0o644 });
    const blob = base64Decode(key.publicKeyLine.split(' ')[1])!;
    out(`Your identification has been saved in ${path}\n`);
    out(`Your public key has been saved in ${path}.pub\n`);
    out('The key fingerprint is:\n');
    out(`${fingerprint(blob, hash)} ${comment}\n`);
    out("The key's randomart image is:\n");
    out(randomart(fingerprintDigest(blob, hash), sshKeygenTypeLabel(type === 'rsa' ? 'ssh-rsa' : 'ssh-ed25519'), key.bits, hash) + '\n');
    return 0;
  } catch (e) {
    if (isSshKeyError(e)) {
      process.stderr.write(e.bilingual() + '\n');
      return 255;
    }
    throw e;
  }
}
