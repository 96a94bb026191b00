// `cli keygen -y [-P passphrase] -f PRIVATE`: the public key line, as ssh-keygen -y prints it.
import { readFileSync } from 'node:fs';
import { optValue, type ParsedOpts } from './getopt';
import { readPrivateKey, NO_KDF_LIMITS } from '../lib/ssh/formats/private-key';
import { isSshKeyError } from '../lib/ssh/errors';

export async function keygenDerive(p: ParsedOpts): Promise<number> {
  const path = optValue(p, 'f');
  if (!path) {
    process.stderr.write('keygen -y: -f PRIVATE is required\nkeygen -y：需要 -f PRIVATE（私钥文件）\n');
    return 1;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    process.stderr.write(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}\n`);
    return 255;
  }
  try {
    // as ssh-keygen: no cap on the file's own KDF work (a terminal user has Ctrl-C)
    const key = await readPrivateKey(text, optValue(p, 'P'), undefined, { limits: NO_KDF_LIMITS });
    process.stdout.write(key.publicKeyLine + '\n');
    return 0;
  } catch (e) {
    if (isSshKeyError(e)) {
      process.stderr.write(`Load key "${path}": ${e.en}\n加载密钥 "${path}" 失败：${e.zh}\n`);
      return 255;
    }
    throw e;
  }
}
