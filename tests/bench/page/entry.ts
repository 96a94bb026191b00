// A page that runs the key engine exactly as the popup will (installBcryptWorkers at start,
// then generateKey), for the e2e test and the benchmark. It exposes `window.engine`; the
// Node side drives it with page.evaluate and gets plain data back.
import forge from 'node-forge';
import { generateKey, type GenerateOptions } from '../../../lib/keygen/index';
import { installBcryptWorkers, bcryptWorkerStats } from '../../../lib/keygen/bcrypt-workers';
import { generateEd25519 } from '../../../lib/keygen/ed25519';
import { toOpenSshPrivateKey, publicBlobOf, readPrivateKey, type PrivateKeyMaterial } from '../../../lib/ssh/formats/private-key';
import { publicKeyLine } from '../../../lib/ssh/formats/public-key-line';
import { fingerprint } from '../../../lib/ssh/formats/fingerprint';
import { bcryptPbkdf } from '../../../lib/ssh/crypto/bcrypt-pbkdf';
import './ppk'; // window.ppkBench, for tests/bench/ppk-rows.ts

installBcryptWorkers();

let material: PrivateKeyMaterial | undefined;

const engine = {
  generateKey: (o: GenerateOptions) => generateKey(o),
  async derivePublicLine(pem: string, passphrase?: string): Promise<string> {
    const k = await readPrivateKey(pem, passphrase);
    return publicKeyLine(k.material.type, k.publicBlob, k.comment);
  },
  workerStats: () => bcryptWorkerStats() ?? null,
  forgeUsesPureJavaScript: () => (forge as unknown as { options: { usePureJavaScript: boolean } }).options.usePureJavaScript,
  /** ms for one full generateKey (key, OpenSSH files, PKCS#1 for RSA, self-test) */
  async timeGenerate(o: GenerateOptions): Promise<number> {
    const t = performance.now();
    await generateKey(o);
    return performance.now() - t;
  },
  /**
   * ms per Ed25519 key over a batch: `files` = key + OpenSSH private file + public line +
   * fingerprint (what ssh-keygen -t ed25519 writes); `full` = generateKey with its self-test.
   */
  async timeEd25519Batch(n: number, mode: 'files' | 'full'): Promise<number> {
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      if (mode === 'full') {
        await generateKey({ type: 'ed25519', comment: 'bench' });
      } else {
        const m = await generateEd25519();
        await toOpenSshPrivateKey(m, 'bench');
        const blob = publicBlobOf(m);
        publicKeyLine(m.type, blob, 'bench');
        fingerprint(blob);
      }
    }
    return (performance.now() - t) / n;
  },
  /** ms to write an existing key's private file with a passphrase (bcrypt_pbkdf + aes256-ctr) */
  async timeEncrypt(rounds: number): Promise<number> {
    material ??= await generateEd25519();
    const t = performance.now();
    await toOpenSshPrivateKey(material, 'bench', { passphrase: 'bench passphrase', rounds });
    return performance.now() - t;
  },
  /** ms for the 48-byte bcrypt_pbkdf on the page's own thread (what a worker does, twice over) */
  timeBcryptInThread(rounds: number): number {
    const salt = crypto.getRandomValues(new Uint8Array(16));
    const t = performance.now();
    bcryptPbkdf(new TextEncoder().encode('bench passphrase'), salt, rounds, 48);
    return performance.now() - t;
  },
};

export type Engine = typeof engine;
(globalThis as unknown as { engine: Engine }).engine = engine;
document.title = 'engine ready';
