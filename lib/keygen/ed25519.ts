import * as ed from '@noble/ed25519';
import type { Bytes } from '../ssh/encoding/bytes';
import type { PrivateKeyMaterial } from '../ssh/formats/private-key';

/** A fresh Ed25519 key from 32 random bytes (or a given seed, for vectors and tests). */
export async function generateEd25519(seed?: Uint8Array): Promise<PrivateKeyMaterial> {
  const s = (seed ? Uint8Array.from(seed) : crypto.getRandomValues(new Uint8Array(32))) as Bytes;
  if (s.length !== 32) throw new RangeError(`\`seed\` expected 32 bytes, got ${s.length}`);
  const publicKey = (await ed.getPublicKeyAsync(s)) as Bytes;
  return { type: 'ssh-ed25519', publicKey, seed: s };
}
