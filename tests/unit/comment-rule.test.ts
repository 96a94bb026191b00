// The one comment rule (lib/ssh/comment.ts) on every path: generating, a pasted public key, a
// private key file the public half is derived from, and the Web Terminal one-liner builder for a
// key saved by an earlier version. The attack it stops: a comment holding Ctrl-U (erase the line)
// or ESC[201~ (end bracketed paste) followed by a command, which ran when the one-liner was pasted
// into dash, busybox sh and bash (tests/interop/authorize-pty.test.ts pastes the accepted ones).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commentProblem, checkComment } from '../../lib/ssh/comment';
import { authorizeKeyCommand, removeKeyCommand } from '../../lib/config/authorized-keys';
import { generateKey, packageKey } from '../../lib/keygen';
import { generateEd25519 } from '../../lib/keygen/ed25519';
import { derivePublicKey } from '../../lib/ssh/derive';
import { parsePublicKey } from '../../lib/ssh/intake/parse-public-key';

const KEY = readFileSync(join(__dirname, '..', 'fixtures', 'intake', 'ed25519.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
const HOSTILE = ['x\x15touch /tmp/pwned', 'x\x1b[201~touch /tmp/pwned', 'a\tb', 'a\x7fb', 'a\u009bb', 'a\u202eb', 'a\u2066b', 'a\u200fb', 'a\u061cb', 'a\u2028b', 'a\u2029b', 'a\x00b', 'a\x08b'];
const FINE = ["it's $(touch x) `id` ; | & > < \\ ! * ~ %", '  spaced  out  ', '笔记本 🚀 é', ''];

describe('the comment rule', () => {
  it('refuses C0 (TAB included), DEL, C1, bidi controls and line separators, bilingually, naming the character', () => {
    for (const c of HOSTILE) {
      const e = commentProblem(c);
      expect(e?.code, JSON.stringify(c)).toBe('comment-control-chars');
      expect(e!.en).toMatch(/U\+[0-9A-F]{4}/);
      expect(e!.zh).toMatch(/控制字符/);
    }
    expect(commentProblem('x\x15y')!.en).toContain('U+0015');
    expect(commentProblem('x\x1b[201~')!.en).toContain('U+001B');
  });

  it('keeps spaces, quotes, shell syntax and any other Unicode', () => {
    for (const c of FINE) expect(commentProblem(c), c).toBeNull();
    expect(checkComment(FINE[0])).toBe(FINE[0]);
  });
});

describe('every path that makes or takes a comment', () => {
  it('generate: a typed comment with Ctrl-U or ESC[201~ is refused before any key is made', async () => {
    for (const c of HOSTILE.slice(0, 3)) await expect(generateKey({ type: 'ed25519', comment: c })).rejects.toMatchObject({ code: 'comment-control-chars', field: 'comment' });
    expect((await generateKey({ type: 'ed25519', comment: FINE[0] })).comment).toBe(FINE[0]);
  });

  it('derive: OpenSSH private key files whose comment holds Ctrl-U + a command, or ESC[201~, are refused', async () => {
    const m = await generateEd25519(new Uint8Array(32).fill(7));
    for (const c of ['me\x15touch /tmp/pwned', 'me\x1b[201~touch /tmp/pwned']) {
      // crafted with the writer directly (the engine's generateKey would refuse the comment)
      const plain = await packageKey(m, { type: 'ed25519', comment: c });
      await expect(derivePublicKey(plain.privateKeyPem)).rejects.toMatchObject({ code: 'comment-control-chars' });
      const enc = await packageKey(m, { type: 'ed25519', comment: c, passphrase: 'pw', rounds: 1 });
      const e = await derivePublicKey(enc.privateKeyPem, 'pw').catch((x) => x);
      expect(e.code).toBe('comment-control-chars');
      expect(e.en).toMatch(/ssh-keygen -c -C/);
    }
    const ok = await packageKey(m, { type: 'ed25519', comment: FINE[0] });
    expect((await derivePublicKey(ok.privateKeyPem)).comment).toBe(FINE[0]);
  });

  it('paste / picked .pub: refused characters become spaces, and the user is told', () => {
    const r = parsePublicKey(`${KEY} me\x15touch /tmp/pwned\u202e`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.key.comment).toBe('me touch /tmp/pwned');
    expect(r.warnings.map((w) => w.code)).toContain('comment-cleaned');
    expect(r.warnings.find((w) => w.code === 'comment-cleaned')!.zh).toMatch(/替换为空格/);
    expect(commentProblem(r.key.comment)).toBeNull();
  });

  it('one-liner builder: a saved key from an earlier version with Ctrl-U in its comment is refused before any command is built', () => {
    // The old attack, against the builder directly: this line would have been single-quoted raw.
    const legacy = `${KEY} me\x15touch /tmp/pwned`;
    for (const build of [authorizeKeyCommand, removeKeyCommand]) {
      expect(() => build(legacy)).toThrow(expect.objectContaining({ code: 'comment-control-chars' }));
      for (const c of HOSTILE.filter((h) => !/[\r\n\0]/.test(h))) expect(() => build(`${KEY} ${c}`), JSON.stringify(c)).toThrow(expect.objectContaining({ code: 'comment-control-chars' }));
    }
    const e = (() => {
      try {
        authorizeKeyCommand(legacy);
      } catch (x) {
        return x as { en: string; zh: string };
      }
    })()!;
    expect(e.en).toMatch(/earlier version/);
    expect(e.zh).toMatch(/早期版本/);
    // a tab between the fields is still fine; only the comment is held to the rule
    expect(authorizeKeyCommand(`${KEY.replace(' ', '\t')} ${FINE[0]}`)).toContain('printf');
  });
});
