// Errors the popup shows are in the user's language: typed errors in theirs, anything else
// (a storage or platform failure) as a message in their language with the raw detail after it;
// the key engine's self-test failures describe what failed in Chinese too.
import { describe, it, expect } from 'vitest';
import { errorText } from '../../components/popup/i18n';
import { keyError, type SshKeyError } from '../../lib/ssh/errors';
import { generateKey } from '../../lib/keygen';
import { selfTest } from '../../lib/keygen/selftest';
import { base64Decode } from '../../lib/ssh/encoding/bytes';

const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

async function failure(p: Promise<unknown>): Promise<SshKeyError> {
  try {
    await p;
  } catch (e) {
    return e as SshKeyError;
  }
  throw new Error('expected a failure');
}

describe('popup error text', () => {
  it('shows a typed error in the chosen language', () => {
    const e = keyError('x', 'English text', '中文说明');
    expect(errorText(e, 'en')).toBe('English text');
    expect(errorText(e, 'zh')).toBe('中文说明');
  });

  it('gives an untyped error (e.g. storage quota) a message in the user language, the raw detail second', () => {
    const e = new Error('Resource::kQuotaBytes quota exceeded');
    const zh = errorText(e, 'zh');
    const en = errorText(e, 'en');
    expect(hasHan(zh)).toBe(true);
    expect(zh.indexOf('出现意外错误')).toBe(0);
    expect(zh).toContain('Resource::kQuotaBytes quota exceeded');
    expect(en.indexOf('Something went wrong')).toBe(0);
    expect(en).toContain('Resource::kQuotaBytes quota exceeded');
    expect(errorText('plain string', 'en')).toContain('plain string');
  });
});

describe('key self-test failures', () => {
  it('say in Chinese what failed, without English inside the Chinese message', async () => {
    const key = await generateKey({ type: 'ed25519', comment: 'a' });
    const blob = base64Decode(key.publicKeyLine.split(' ')[1])!;
    const comment = await failure(selfTest({ privateKeyPem: key.privateKeyPem, expectedPublicBlob: blob, expectedComment: 'b' }));
    expect(comment.code).toBe('self-test-failed');
    expect(comment.zh).toContain('备注不一致');
    expect(comment.en).toContain('comment differs');

    const other = await generateKey({ type: 'ed25519', comment: 'a' });
    const otherBlob = base64Decode(other.publicKeyLine.split(' ')[1])!;
    const pub = await failure(selfTest({ privateKeyPem: key.privateKeyPem, expectedPublicBlob: otherBlob, expectedComment: 'a' }));
    expect(pub.zh).toContain('公钥不一致');

    const unreadable = await failure(selfTest({ privateKeyPem: 'not a key', expectedPublicBlob: blob, expectedComment: 'a' }));
    expect(unreadable.zh).toContain('无法读回私钥');
    for (const e of [comment, pub, unreadable]) {
      // the only Latin letters left in the Chinese text are names like RSA/OpenSSH, never the English sentence
      expect(e.zh).not.toContain(e.en);
      expect(e.zh).not.toMatch(/differs|read back|did not verify/);
    }
  });
});
