import { describe, it, expect } from 'vitest';
import { getopt, optValue, flagCount, UsageError } from '../../bin/getopt';

const SPEC = 'ABC:D:E:F:GHI:KLMN:O:P:QR:V:Y:Z:a:b:cf:g:hklm:n:r:s:t:uvw:xyz:';

describe('getopt parses flags the way ssh-keygen does', () => {
  it('combined flags and attached or separate values', () => {
    const p = getopt(['-lvE', 'md5', '-fkey.pub'], SPEC);
    expect(p.opts).toEqual([{ flag: 'l' }, { flag: 'v' }, { flag: 'E', value: 'md5' }, { flag: 'f', value: 'key.pub' }]);
    expect(p.operands).toEqual([]);
  });
  it('keeps the last value and counts repeats', () => {
    const p = getopt(['-t', 'rsa', '-t', 'ed25519', '-vv'], SPEC);
    expect(optValue(p, 't')).toBe('ed25519');
    expect(flagCount(p, 'v')).toBe(2);
  });
  it('an empty passphrase is a value, and -- ends options', () => {
    const p = getopt(['-N', '', '-f', 'k', '--', '-x'], SPEC);
    expect(optValue(p, 'N')).toBe('');
    expect(p.operands).toEqual(['-x']);
  });
  it('refuses unknown flags and missing values', () => {
    expect(() => getopt(['-j'], SPEC)).toThrow(UsageError);
    expect(() => getopt(['-f'], SPEC)).toThrow(/requires an argument -- f/);
  });
});
