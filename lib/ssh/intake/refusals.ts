// The key intake's refusals that other modules raise too (the authorize one-liners check a saved
// line with the same checks and words), kept apart from the parser so they cost no parser code.
import { keyError } from '../errors';
import { blobTypeName, decodePublicBlob, isCertType, type DecodedPublicKey } from '../formats/public-key-blob';

export const intakeErrors = {
  empty: () => keyError('empty', 'No key was given: paste the contents of your .pub file.', '没有输入公钥：请粘贴 .pub 文件的内容。', 'publicKey'),
  tooLong: () => keyError('too-long', 'The text is far too long to be one public key; paste only the .pub file.', '文本过长，不可能是一个公钥；请只粘贴 .pub 文件的内容。', 'publicKey'),
  garbage: () =>
    keyError(
      'not-a-key',
      'This is not an SSH public key. A public key looks like "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5… user@host"; copy it from your .pub file.',
      '这不是 SSH 公钥。公钥形如 "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5… user@host"，请从 .pub 文件中复制。',
      'publicKey',
    ),
  multiple: (n: number) =>
    keyError('multiple-keys', `Found ${n} keys; paste exactly one public key here.`, `发现了 ${n} 个密钥；这里只能粘贴一个公钥。`, 'publicKey'),
  fingerprint: () =>
    keyError(
      'fingerprint',
      'This is a key FINGERPRINT (a short hash used to compare keys), not the key itself. Paste the whole public key from the .pub file.',
      '这是密钥指纹（用于比对密钥的短哈希），不是公钥本身。请粘贴 .pub 文件中的完整公钥。',
      'publicKey',
    ),
  certificate: (type: string) =>
    keyError(
      'certificate',
      `This is an OpenSSH certificate (${type}), not a plain public key. Paste the public key it was issued for (the .pub file without "-cert").`,
      `这是 OpenSSH 证书（${type}），不是普通公钥。请粘贴证书所对应的公钥（不带 "-cert" 的 .pub 文件）。`,
      'publicKey',
    ),
  dsa: () =>
    keyError(
      'dsa-refused',
      'DSA keys (ssh-dss) are insecure and no longer accepted by OpenSSH. Make a new Ed25519 key (ssh-keygen -t ed25519) and use that.',
      'DSA 密钥（ssh-dss）不安全，OpenSSH 已不再接受。请生成新的 Ed25519 密钥（ssh-keygen -t ed25519）并使用它。',
      'publicKey',
    ),
  unsupported: (type: string) =>
    keyError('unsupported-key-type', `Unsupported key type "${type.slice(0, 60)}". Use an Ed25519, ECDSA or RSA (2048 bits or more) key.`, `不支持的密钥类型 "${type.slice(0, 60)}"。请使用 Ed25519、ECDSA 或 RSA（至少 2048 位）密钥。`, 'publicKey'),
  typeMismatch: (declared: string, inner: string) =>
    keyError('type-mismatch', `The line says "${declared}" but the key data is "${inner}": the key was damaged or edited.`, `行首写的是 "${declared}"，但密钥数据是 "${inner}"：密钥已损坏或被改动。`, 'publicKey'),
  badBase64: () => keyError('bad-base64', 'The key data is not valid base64: part of the key is missing or damaged. Copy the whole line again.', '密钥数据不是有效的 base64：部分内容缺失或已损坏。请重新复制完整的一行。', 'publicKey'),
  badOptions: () =>
    keyError(
      'bad-options',
      'The text before the key type is not a valid authorized_keys options field. (A line from known_hosts names a server and holds the server\'s host key, not yours.) Paste the line from your .pub file.',
      '密钥类型之前的文本不是有效的 authorized_keys 选项。（known_hosts 中的行以服务器名开头，保存的是服务器的主机密钥，不是你的公钥。）请粘贴 .pub 文件中的那一行。',
      'publicKey',
    ),
};

/**
 * The intake's checks on a key blob: DSA and certificates refused by the name inside, before the
 * blob checks, so the message says why; then the blob itself (strict), and that it is the key its
 * line declares. `decoded`: the blob already decoded strictly by the caller.
 */
export function checkKeyBlob(declared: string | null, blob: Uint8Array, decoded?: DecodedPublicKey): DecodedPublicKey {
  const innerName = blobTypeName(blob);
  if (innerName === 'ssh-dss') throw intakeErrors.dsa();
  if (innerName && isCertType(innerName)) throw intakeErrors.certificate(innerName);
  const key = decoded ?? decodePublicBlob(blob, 'strict');
  if (declared !== null && key.type !== declared) throw intakeErrors.typeMismatch(declared, key.type);
  return key;
}
