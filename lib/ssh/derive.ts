// The public half of a private key file, as the popup's "work out from a private key" takes it:
// read as `ssh-keygen -y` does, and its comment held to the one comment rule (lib/ssh/comment.ts),
// since the line goes on into the console and into the Web Terminal one-liner.
import { readPrivateKey, type ReadPrivateKey } from './formats/private-key';
import { checkComment } from './comment';

export async function derivePublicKey(text: string, passphrase?: string, opts: { signal?: AbortSignal } = {}): Promise<ReadPrivateKey> {
  const k = await readPrivateKey(text, passphrase, undefined, opts);
  checkComment(k.comment, 'private-key-file');
  return k;
}
