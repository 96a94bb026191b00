// Fingerprints and randomart against the real `ssh-keygen -lv`, over fresh keys of every
// type ssh-keygen makes here, in both hash formats.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { base64Decode } from '../../lib/ssh/encoding/bytes';
import { fingerprint, fingerprintDigest, randomart, type FingerprintHash } from '../../lib/ssh/formats/fingerprint';
import { sshKeygen, tempDir } from '../helpers/openssh';

const kinds: Array<{ args: string[]; label: string }> = [
  { args: ['-t', 'ed25519'], label: 'ED25519' },
  { args: ['-t', 'rsa', '-b', '2048'], label: 'RSA' },
  { args: ['-t', 'ecdsa', '-b', '256'], label: 'ECDSA' },
  { args: ['-t', 'ecdsa', '-b', '384'], label: 'ECDSA' },
  { args: ['-t', 'ecdsa', '-b', '521'], label: 'ECDSA' },
];

describe('fingerprint and randomart match ssh-keygen -lv', () => {
  const dir = tempDir('fp-');
  for (const [i, kind] of kinds.entries()) {
    for (const hash of ['sha256', 'md5'] as FingerprintHash[]) {
      it(`${kind.args.join(' ')} ${hash}`, () => {
        const f = join(dir, `k${i}-${hash}`);
        expect(sshKeygen(['-q', ...kind.args, '-N', '', '-C', 'c', '-f', f]).status).toBe(0);
        const native = sshKeygen(['-lv', '-E', hash, '-f', f + '.pub']);
        expect(native.status).toBe(0);
        const [first, ...art] = native.stdout.trimEnd().split('\n');
        const [bits, fp] = first.split(' ');
        const blob = base64Decode(readFileSync(f + '.pub', 'utf8').split(' ')[1])!;
        expect(fingerprint(blob, hash)).toBe(fp);
        expect(randomart(fingerprintDigest(blob, hash), kind.label, Number(bits), hash)).toBe(art.join('\n'));
      });
    }
  }
});
