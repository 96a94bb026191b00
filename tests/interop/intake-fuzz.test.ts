// Property tests for the key intake: mutated valid keys (every accepted form), random
// strings and random bytes. For every input: no exception escapes parsePublicKey; a refusal
// is an SshKeyError with an English and a Chinese message; an acceptance is either one of
// the original keys or a key the real ssh-keygen also reads, with the same bits and
// fingerprint (checked in one ssh-keygen run over every such line); the canonical line
// parses back to itself.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePublicKey } from '../../lib/ssh/intake/parse-public-key';
import { SshKeyError } from '../../lib/ssh/errors';
import { base64Encode } from '../../lib/ssh/encoding/bytes';
import type { ParsedPublicKey } from '../../lib/ssh/intake/types';
import { sshKeygen, tempDir } from '../helpers/openssh';

const FIX = join(__dirname, '..', 'fixtures', 'intake');
const read = (f: string) => readFileSync(join(FIX, f), 'utf8');

const PUBS = ['ed25519', 'rsa2048', 'rsa3072', 'ecdsa256', 'ecdsa384', 'ecdsa521', 'sk-ed25519', 'sk-ecdsa256'];
const SEEDS: string[] = [
  ...PUBS.map((f) => read(`${f}.pub`)),
  ...['ed25519', 'rsa2048', 'ecdsa384'].map((f) => read(`${f}.rfc4716`)),
  ...['rsa2048', 'ecdsa256', 'ecdsa521'].map((f) => read(`${f}.spki.pem`)),
  read('ed25519-openssl.spki.pem'),
  read('rsa2048.pkcs1.pem'),
  `command="echo hi there",no-pty ${read('ecdsa256.pub')}`,
  read('ed25519.pub').match(/.{1,30}/g)!.join('\r\n'),
];
const ORIGINAL_BLOBS = new Set<string>();
for (const s of SEEDS) {
  const r = parsePublicKey(s);
  if (!r.ok) throw new Error(`seed refused: ${r.error.code}`);
  ORIGINAL_BLOBS.add(base64Encode(r.key.blob));
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=';
const charArb = fc.oneof(
  fc.constantFrom(...B64.split('')),
  fc.constantFrom(' ', '\t', '\n', '\r\n', '"', '#', '-', ',', '\\', '\u00a0', '\u0000', '中'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }),
);

type Mutation = (s: string) => string;
// A position anywhere in a string, uniformly (fc.double is uniform over representations, not values).
const unit = fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((n) => n / 1_000_001);
const pos = (s: string, x: number) => Math.floor(x * (s.length + 1));
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(unit, charArb).map(([x, c]) => (s: string) => s.slice(0, pos(s, x)) + c + s.slice(pos(s, x) + 1)),
  fc.tuple(unit, charArb).map(([x, c]) => (s: string) => s.slice(0, pos(s, x)) + c + s.slice(pos(s, x))),
  fc.tuple(unit, fc.integer({ min: 1, max: 12 })).map(([x, n]) => (s: string) => s.slice(0, pos(s, x)) + s.slice(pos(s, x) + n)),
  unit.map((x) => (s: string) => s.slice(0, pos(s, x))),
  fc.tuple(unit, unit).map(([x, y]) => (s: string) => {
    const a = pos(s, Math.min(x, y));
    const b = pos(s, Math.max(x, y));
    return s.slice(0, b) + s.slice(a, b) + s.slice(b);
  }),
  unit.map((x) => (s: string) => {
    const i = pos(s, x);
    const c = s[i] ?? '';
    return s.slice(0, i) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + s.slice(i + 1);
  }),
);

const mutatedArb = fc.tuple(fc.constantFrom(...SEEDS), fc.array(mutationArb, { minLength: 1, maxLength: 3 })).map(([s, ms]) => ms.reduce((acc, m) => m(acc), s));

// Structured blobs of random content under real type names: reach the blob checks.
const wire = (parts: Uint8Array[]) => {
  const out: number[] = [];
  for (const p of parts) out.push(p.length >>> 24, (p.length >>> 16) & 255, (p.length >>> 8) & 255, p.length & 255, ...p);
  return Uint8Array.from(out);
};
const te = (s: string) => new TextEncoder().encode(s);
const blobArb = fc
  .tuple(
    fc.constantFrom('ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'sk-ssh-ed25519@openssh.com', 'ssh-dss'),
    fc.array(fc.uint8Array({ minLength: 0, maxLength: 300 }), { minLength: 0, maxLength: 4 }),
    fc.boolean(),
  )
  .map(([t, fields, typed]) => `${typed ? t : 'ssh-ed25519'} ${base64Encode(wire([te(t), ...fields]))} fuzz`);

// Byte flips inside real key blobs: some give other valid keys (RSA moduli, Ed25519 points),
// others must be caught (ECDSA points off the curve, lengths, type names).
const blobFlipArb = fc
  .tuple(fc.constantFrom(...PUBS), fc.array(fc.tuple(unit, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 2 }))
  .map(([f, flips]) => {
    const [type, b64, comment] = read(`${f}.pub`).trim().split(' ');
    const blob = Buffer.from(b64, 'base64');
    for (const [x, v] of flips) blob[Math.min(blob.length - 1, Math.floor(x * blob.length))] ^= v;
    return `${type} ${blob.toString('base64')} ${comment}`;
  });

const inputArb = fc.oneof(
  { weight: 3, arbitrary: blobFlipArb },
  { weight: 6, arbitrary: mutatedArb },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')) },
  { weight: 1, arbitrary: blobArb },
);

describe('parsePublicKey under fuzzing', () => {
  it('never throws, refuses with both languages, accepts only keys ssh-keygen agrees with', () => {
    const acceptedOthers: ParsedPublicKey[] = [];
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(inputArb, (text) => {
        let r: ReturnType<typeof parsePublicKey>;
        expect(() => (r = parsePublicKey(text))).not.toThrow();
        r = r!;
        if (!r.ok) {
          refused++;
          expect(r.error).toBeInstanceOf(SshKeyError);
          expect(r.error.code).toMatch(/^[a-z0-9-]+$/);
          expect(r.error.en.trim().length).toBeGreaterThan(10);
          expect(r.error.zh).toMatch(/[\u4e00-\u9fff]/);
          return;
        }
        accepted++;
        const again = parsePublicKey(r.key.line);
        expect(again.ok && again.key.line).toBe(r.key.line);
        expect(r.key.line).not.toMatch(/[\r\n]/);
        if (!ORIGINAL_BLOBS.has(base64Encode(r.key.blob))) acceptedOthers.push(r.key);
      }),
      { numRuns: 400 },
    );
    expect(accepted + refused).toBe(400);
    // the generators reach both outcomes (a test that only ever refuses would prove little)
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
    if (acceptedOthers.length === 0) return;
    // Every accepted key that is not an original must be one ssh-keygen reads the same way.
    const f = join(tempDir('intake-fuzz-'), 'accepted.pub');
    writeFileSync(f, acceptedOthers.map((k) => `${k.type} ${base64Encode(k.blob)} x`).join('\n') + '\n');
    const r = sshKeygen(['-l', '-f', f]);
    expect(r.status, r.stderr).toBe(0);
    const seen = r.stdout.trim().split('\n').map((l) => l.split(' ').slice(0, 2).join(' '));
    expect(seen).toEqual(acceptedOthers.map((k) => `${k.bits} ${k.fingerprint}`));
  });

  it('takes linear time on long inputs: random units repeated to 64 KiB and to 1 MB, each within seconds', () => {
    // Not a speed test: linear code needs milliseconds here, the quadratic regexes of before took
    // seconds at 64 KiB and minutes at 1 MB (tests/unit/intake-linear.test.ts has the named shapes).
    const unitArb = fc.array(charArb, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
    const slow: string[] = [];
    fc.assert(
      fc.property(unitArb, fc.constantFrom(64 * 1024 - 300, 1 << 20), fc.constantFrom('', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl c'), (unit, n, prefix) => {
        const text = prefix + unit.repeat(Math.ceil(n / unit.length)).slice(0, n) + 'x';
        const t = performance.now();
        expect(() => parsePublicKey(text)).not.toThrow();
        const ms = performance.now() - t;
        if (ms > 5_000) slow.push(`${JSON.stringify(unit)} × ${n}: ${ms.toFixed(0)} ms`);
      }),
      { numRuns: 30 },
    );
    expect(slow).toEqual([]);
  });
});
