// A private key file in, the same key in another private format out: to PuTTY's .ppk (the
// "Download for PuTTY" buttons, `cli ppk`), or from a .ppk to OpenSSH's own file (the derive
// view, `cli keygen -i -m PPK`). The passphrase stays the same unless a new one is given
// (`''` for none). Text in, text out; nothing is kept.
import { readPrivateKey, toOpenSshPrivateKey, type ReadPrivateKey } from './private-key';
import { toPpk, type PpkVersion, type PpkWriteOptions } from './ppk';

export interface ConvertOptions {
  /** the passphrase the input is protected with */
  passphrase?: string;
  /** the output's passphrase; absent: the same as the input's, '' : unencrypted */
  newPassphrase?: string;
}

function outPassphrase(o: ConvertOptions): string {
  return o.newPassphrase ?? o.passphrase ?? '';
}

export async function privateKeyToPpk(text: string, o: ConvertOptions & { version?: PpkVersion; argon2?: PpkWriteOptions['argon2'] } = {}): Promise<{ key: ReadPrivateKey; ppk: string }> {
  const key = await readPrivateKey(text, o.passphrase);
  const ppk = await toPpk(key.material, key.comment, { version: o.version ?? 3, passphrase: key.encrypted ? outPassphrase(o) : (o.newPassphrase ?? ''), argon2: o.argon2 });
  return { key, ppk };
}

export async function privateKeyToOpenSsh(text: string, o: ConvertOptions = {}): Promise<{ key: ReadPrivateKey; pem: string }> {
  const key = await readPrivateKey(text, o.passphrase);
  const pem = await toOpenSshPrivateKey(key.material, key.comment, { passphrase: key.encrypted ? outPassphrase(o) : (o.newPassphrase ?? '') });
  return { key, pem };
}
