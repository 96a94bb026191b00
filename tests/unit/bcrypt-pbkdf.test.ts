import { describe, it, expect } from 'vitest';
import { BLOWFISH_PI_HEX } from '../../lib/ssh/crypto/blowfish-pi';
import { bcryptPbkdf, bcryptPbkdfAsync, bcryptPbkdfBlocks, assembleBcryptKey, setBcryptBlockRunner } from '../../lib/ssh/crypto/bcrypt-pbkdf';
import { utf8Encode } from '../../lib/ssh/encoding/bytes';
import { SshKeyError } from '../../lib/ssh/errors';
import { readPrivateKey } from '../../lib/ssh/formats/private-key';
import { publicKeyLine } from '../../lib/ssh/formats/public-key-line';

// Known answers from the real ssh-keygen (OpenSSH 9.2): `ssh-keygen -t ed25519 -a ROUNDS
// -N PASS -C COMMENT`. The file is aes256-ctr under bcrypt_pbkdf(PASS, its salt, ROUNDS, 48);
// a single wrong byte of key or IV garbles the check words and the read fails, so reading
// these back proves our bcrypt_pbkdf output byte for byte.
const SSH_KEYGEN_ENCRYPTED = [
  {
    rounds: 16,
    passphrase: 'correct horse 电池',
    pem: `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABAKlvC+AG
qdBDw1zulseWrjAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIA0k3wl/S7D6sAFH
iFAvCYm3Hz4vZOZB/1Up/nAxcbeyAAAAoMZFSRSWD/Su7tMcN2Qm2HVUP3DjJVxcPkWrZx
0caB3nOsDruzsyqpinNy901bJa7M8fFG1mQY+I3EoctmfQK18fUyNHEi17Uxd48IAjDea4
TTER7c8OdV+BGGo1eM+bBFeHSw7YRhhAGcI5Pe6ovOLoK4z1XEhSYB634CeC6uMhO9JydI
cQadOEQbUxwMKxTz4MxOKposXJe/C3F5Gu4V8=
-----END OPENSSH PRIVATE KEY-----
`,
    pub: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA0k3wl/S7D6sAFHiFAvCYm3Hz4vZOZB/1Up/nAxcbey kat ssh-keygen 9.2, -a 16',
  },
  {
    rounds: 3,
    passphrase: 'x',
    pem: `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABAMOwolUs
jjOECRHyZMA8t9AAAAAwAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAID8HtVH3vlWaflFW
iwIkVQuKYtxjwmp5OR8cPxpqGbKGAAAAkDFJdLTr9Ty5zhrJcj+g+nr5unSwiBodT0Ukb8
tDrb0zWNxsujxUc0kscLSf1LmpOFCwxVzysNaw1fdjAjkHFvt6MdB5xhY4liogqbiczNPY
NbDvf/a/lQnjdnJkLxAyc9ZETdcT1luZPZua1Vf2HYzmmQdyDhINEm5yyANHkQUk1gCt9x
FxXrRGR/pD7PKeqw==
-----END OPENSSH PRIVATE KEY-----
`,
    pub: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID8HtVH3vlWaflFWiwIkVQuKYtxjwmp5OR8cPxpqGbKG kat -a 3',
  },
];

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

  for (const kat of SSH_KEYGEN_ENCRYPTED) {
    it(`opens a key ssh-keygen encrypted with ${kat.rounds} rounds (known answer)`, async () => {
      const k = await readPrivateKey(kat.pem, kat.passphrase);
      expect(publicKeyLine(k.material.type, k.publicBlob, k.comment)).toBe(kat.pub);
      await expect(readPrivateKey(kat.pem, kat.passphrase + ' ')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    });
  }

  it('names the bad argument', () => {
    const s = utf8Encode('salt');
    expect(() => bcryptPbkdf(new Uint8Array(0), s, 16, 48)).toThrow(SshKeyError);
    expect(() => bcryptPbkdf(utf8Encode('p'), new Uint8Array(0), 16, 48)).toThrow(/salt/);
    expect(() => bcryptPbkdf(utf8Encode('p'), s, 0, 48)).toThrow(/rounds/);
    expect(() => bcryptPbkdf(utf8Encode('p'), s, 1, 2000)).toThrow(/keyLength/);
  });
});
