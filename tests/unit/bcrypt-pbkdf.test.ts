import { describe, it, expect } from 'vitest';
import { BLOWFISH_PI_HEX } from '../../lib/ssh/blowfish-pi';
import { bcryptPbkdf, bcryptPbkdfAsync, bcryptPbkdfBlocks, assembleBcryptKey, setBcryptBlockRunner } from '../../lib/ssh/bcrypt-pbkdf';
import { utf8Encode } from '../../lib/ssh/bytes';
import { SshKeyError } from '../../lib/ssh/errors';

// pi by Machin's formula in BigInt: the Blowfish constants must be its hex digits
function piHexDigits(n: number): string {
  const bits = BigInt(n * 4 + 64);
  const one = 1n << bits;
  const atanInv = (x: bigint) => {
    let t = one / x, s = t, k = 1n, sign = -1n;
    const x2 = x * x;
    while (t !== 0n) {
      t /= x2;
      k += 2n;
      s += (sign * t) / k;
      sign = -sign;
    }
    return s;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n);
  const frac = pi - (3n << bits);
  return (frac >> 64n).toString(16).padStart(n, '0');
}

describe('bcrypt_pbkdf', () => {
  it('starts Blowfish from the digits of pi', () => {
    expect(BLOWFISH_PI_HEX.length).toBe(1042 * 8);
    expect(BLOWFISH_PI_HEX).toBe(piHexDigits(1042 * 8));
  });

  it('interleaves independent blocks: parallel and sequential give the same key', async () => {
    const pass = utf8Encode('pässword');
    const salt = utf8Encode('0123456789abcdef');
    const seq = bcryptPbkdf(pass, salt, 3, 48);
    const blocks = bcryptPbkdfBlocks({ password: pass, salt, rounds: 3, keyLength: 48 }, [2, 1]);
    expect(assembleBcryptKey([blocks[1], blocks[0]], 48)).toEqual(seq);
    let calls = 0;
    setBcryptBlockRunner(async (params, counters) => {
      calls++;
      return Promise.all(counters.map(async (c) => bcryptPbkdfBlocks(params, [c])[0]));
    });
    try {
      expect(await bcryptPbkdfAsync(pass, salt, 3, 48)).toEqual(seq);
      expect(calls).toBe(1);
    } finally {
      setBcryptBlockRunner(undefined);
    }
    // a different passphrase, salt or round count changes everything
    expect(bcryptPbkdf(utf8Encode('passwörd'), salt, 3, 48)).not.toEqual(seq);
    expect(bcryptPbkdf(pass, salt, 4, 48)).not.toEqual(seq);
  });

  it('names the bad argument', () => {
    const s = utf8Encode('salt');
    expect(() => bcryptPbkdf(new Uint8Array(0), s, 16, 48)).toThrow(SshKeyError);
    expect(() => bcryptPbkdf(utf8Encode('p'), new Uint8Array(0), 16, 48)).toThrow(/salt/);
    expect(() => bcryptPbkdf(utf8Encode('p'), s, 0, 48)).toThrow(/rounds/);
    expect(() => bcryptPbkdf(utf8Encode('p'), s, 1, 2000)).toThrow(/keyLength/);
  });
});
