// A key file names its own work factor. Above the caps (lib/ssh/formats/private-key.ts KdfLimits)
// it is refused at once with a message, before a passphrase is even asked for; before the caps a
// file asking 2^32-1 bcrypt rounds ran for days, and 8.4 million PBKDF2 iterations in forge's
// pure JavaScript froze every extension page. PBKDF2 now runs in native WebCrypto. Cancel stops
// the bcrypt workers.
import { describe, it, expect, afterEach } from 'vitest';
import { chmodSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { readPrivateKey } from '../../lib/ssh/formats/private-key';
import { armor, unarmor } from '../../lib/ssh/encoding/pem';
import { bcryptPbkdf, bcryptPbkdfAsync, bcryptPbkdfBlocks, setBcryptBlockRunner } from '../../lib/ssh/crypto/bcrypt-pbkdf';
import { createBcryptWorkerRunner, type WorkerLike } from '../../lib/keygen/bcrypt-workers';
import type { BcryptJob } from '../../lib/keygen/bcrypt-worker';
import { utf8Encode } from '../../lib/ssh/encoding/bytes';
import { sshKeygen, tempDir } from '../helpers/openssh';

const FIX = join(__dirname, '..', 'fixtures', 'intake');
const read = (f: string) => readFileSync(join(FIX, f), 'utf8');

/** The encrypted OpenSSH fixture with its bcrypt rounds field set to `rounds`. */
function withRounds(rounds: number): string {
  const pem = unarmor(read('TEST-ONLY-openssh-encrypted'))!;
  const b = pem.body.slice();
  const dv = new DataView(b.buffer);
  let off = 15; // "openssh-key-v1\0"
  off += 4 + dv.getUint32(off); // cipher name
  off += 4 + dv.getUint32(off); // kdf name
  off += 4; // kdf options length
  off += 4 + dv.getUint32(off); // salt
  expect(dv.getUint32(off)).toBe(16); // ssh-keygen's default: we patch the right field
  dv.setUint32(off, rounds);
  return armor('OPENSSH PRIVATE KEY', b, 70);
}

/** The encrypted PKCS#8 fixture (made by ssh-keygen -m PKCS8) with its PBKDF2 iteration count set. */
function withIterations(iterations: number): string {
  const pem = unarmor(read('TEST-ONLY-pkcs8-encrypted'))!;
  const asn = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(pem.body).toString('binary')));
  const pbkdf2Params = ((((asn.value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[])[1].value as forge.asn1.Asn1[])[0].value as forge.asn1.Asn1[])[1];
  const count = (pbkdf2Params.value as forge.asn1.Asn1[])[1];
  expect(forge.util.bytesToHex(count.value as string)).toBe('0800'); // 2048, OpenSSL's default
  let hex = iterations.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = '00' + hex;
  count.value = forge.util.hexToBytes(hex);
  const der = forge.asn1.toDer(asn).getBytes();
  return armor('ENCRYPTED PRIVATE KEY', Buffer.from(der, 'binary'), 64);
}

describe('caps on the work a key file asks for', () => {
  it('2^32-1 bcrypt rounds: refused at once with the message, with or without the passphrase', async () => {
    const hostile = withRounds(0xffffffff);
    for (const pass of [undefined, 'test-only-pass']) {
      const e = await readPrivateKey(hostile, pass).catch((x) => x);
      expect(e.code).toBe('kdf-too-costly');
      expect(e.en).toMatch(/4294967295 bcrypt rounds.*more than 1000.*ssh-keygen -p -a 100/);
      expect(e.zh).toMatch(/4294967295 次bcrypt 轮数/);
    }
  });

  it('1000 rounds (the cap) are still accepted; the unmodified file reads', async () => {
    // only the refusal is checked before the passphrase, so "passphrase required" proves it passed the cap
    expect((await readPrivateKey(withRounds(1000)).catch((x) => x)).code).toBe('passphrase-required');
    expect((await readPrivateKey(withRounds(1001)).catch((x) => x)).code).toBe('kdf-too-costly');
    expect((await readPrivateKey(read('TEST-ONLY-openssh-encrypted'), 'test-only-pass')).comment).toBe('enc@host');
  });

  it('8.4 million PBKDF2 iterations in PKCS#8: refused at once with the message', async () => {
    const hostile = withIterations(8_400_000);
    for (const pass of [undefined, 'test-only-pass']) {
      const e = await readPrivateKey(hostile, pass).catch((x) => x);
      expect(e.code).toBe('kdf-too-costly');
      expect(e.en).toMatch(/8400000 PBKDF2 iterations.*more than 2000000/);
      expect(e.zh).toMatch(/PBKDF2 迭代次数/);
    }
  });

  it('PKCS#8 decrypts through native PBKDF2: the same key as ssh-keygen reads, wrong passphrase refused', async () => {
    const file = join(tempDir('kdf-caps-'), 'k');
    copyFileSync(join(FIX, 'TEST-ONLY-pkcs8-encrypted'), file);
    chmodSync(file, 0o600);
    const k = await readPrivateKey(read('TEST-ONLY-pkcs8-encrypted'), 'test-only-pass');
    const y = sshKeygen(['-y', '-P', 'test-only-pass', '-f', file]);
    expect(y.status).toBe(0);
    expect(k.publicKeyLine).toBe(y.stdout.trim());
    // a higher, allowed count with the same passphrase is a different key: wrong passphrase, not accepted
    expect((await readPrivateKey(read('TEST-ONLY-pkcs8-encrypted'), 'not-it').catch((x) => x)).code).toBe('wrong-passphrase');
    expect((await readPrivateKey(withIterations(4096), 'test-only-pass').catch((x) => x)).code).toBe('wrong-passphrase');
  });
});

/** A worker that never answers until terminated, as one deep in many bcrypt rounds. */
class BusyWorker extends EventTarget implements WorkerLike {
  static made: BusyWorker[] = [];
  terminated = false;
  jobs: BcryptJob[] = [];
  constructor(private answer = false) {
    super();
    BusyWorker.made.push(this);
  }
  postMessage(job: BcryptJob): void {
    this.jobs.push(job);
    if (this.answer) setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: { id: job.id, blocks: bcryptPbkdfBlocks(job.params, job.counters) } })), 1);
  }
  terminate(): void {
    this.terminated = true;
  }
}

afterEach(() => {
  setBcryptBlockRunner(undefined);
  BusyWorker.made = [];
});

describe('Cancel stops the bcrypt workers', () => {
  const pass = utf8Encode('pw');
  const salt = utf8Encode('sixteen byte slt');

  it('an aborted derivation terminates its workers, rejects as cancelled, and the next run gets new workers', async () => {
    let answer = false;
    const pool = createBcryptWorkerRunner(() => new BusyWorker(answer));
    setBcryptBlockRunner(pool.runner);
    const ctl = new AbortController();
    const running = bcryptPbkdfAsync(pass, salt, 2, 48, ctl.signal);
    await new Promise((r) => setTimeout(r, 5));
    expect(BusyWorker.made).toHaveLength(2);
    ctl.abort();
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    expect(BusyWorker.made.every((w) => w.terminated)).toBe(true);
    expect(pool.stats.workersCancelled).toBe(2);
    expect(pool.stats.blocksInThread).toBe(0); // not silently finished on the page's thread
    answer = true;
    expect(await bcryptPbkdfAsync(pass, salt, 2, 48)).toEqual(bcryptPbkdf(pass, salt, 2, 48));
    expect(BusyWorker.made).toHaveLength(4);
    expect(pool.stats.lastError).toBeUndefined();
  });

  it('a decrypt cancelled through readPrivateKey stops the same way', async () => {
    const pool = createBcryptWorkerRunner(() => new BusyWorker());
    setBcryptBlockRunner(pool.runner);
    const ctl = new AbortController();
    const running = readPrivateKey(read('TEST-ONLY-openssh-encrypted'), 'test-only-pass', undefined, { signal: ctl.signal });
    await new Promise((r) => setTimeout(r, 20));
    ctl.abort();
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    expect(BusyWorker.made.length).toBe(2);
    expect(BusyWorker.made.every((w) => w.terminated)).toBe(true);
  });
});
