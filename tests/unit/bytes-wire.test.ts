import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { base64Decode, base64Encode, concatBytes } from '../../lib/ssh/encoding/bytes';
import { SshReader, SshWriter } from '../../lib/ssh/encoding/wire';
import { SshKeyError } from '../../lib/ssh/errors';

describe('base64', () => {
  it('round-trips any bytes and agrees with Node', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const s = base64Encode(b);
        expect(s).toBe(Buffer.from(b).toString('base64'));
        expect(base64Decode(s)).toEqual(b);
        expect(base64Decode(s.replace(/=+$/, ''))).toEqual(b);
      }),
    );
  });
  it('refuses what is not canonical base64', () => {
    for (const bad of ['A', 'AB=C', 'AAA*', 'AB==AB', 'AR==', 'ä===']) expect(base64Decode(bad), bad).toBeNull();
  });
});

describe('SSH wire encoding', () => {
  it('writes and reads strings, uint32 and mpints', () => {
    const w = new SshWriter().string('ssh-rsa').uint32(7).mpint(Uint8Array.of(0, 0, 0x80, 1)).mpint(new Uint8Array(0)).string(Uint8Array.of(1, 2));
    const bytes = w.bytes();
    // mpint 0x8001 gets a leading zero so it stays positive; zero is the empty string
    expect(Array.from(bytes.subarray(15, 22))).toEqual([0, 0, 0, 3, 0, 0x80, 1]);
    const r = new SshReader(bytes);
    expect(r.text()).toBe('ssh-rsa');
    expect(r.uint32()).toBe(7);
    expect(Array.from(r.mpint())).toEqual([0x80, 1]);
    expect(r.mpint().length).toBe(0);
    expect(Array.from(r.string())).toEqual([1, 2]);
    expect(() => r.end()).not.toThrow();
  });
  it('names the field when data is truncated or has trailing bytes', () => {
    const bytes = new SshWriter().string('ssh-ed25519').bytes();
    const short = new SshReader(bytes.subarray(0, 8), 'public key');
    try {
      short.string('key type');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SshKeyError);
      expect((e as SshKeyError).field).toBe('key type');
      expect((e as SshKeyError).zh).toMatch(/截断/);
    }
    const long = new SshReader(concatBytes(bytes, Uint8Array.of(0)), 'public key');
    long.string();
    expect(() => long.end()).toThrow(/1 unexpected trailing bytes/);
  });
  it('refuses negative mpints', () => {
    const r = new SshReader(new SshWriter().string(Uint8Array.of(0x80)).bytes());
    expect(() => r.mpint('n')).toThrow(SshKeyError);
  });
});
