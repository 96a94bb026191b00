// The Web Terminal add-key one-liner pasted into REAL interactive shells on a pseudo-terminal, as
// a user pastes it into the console's terminal: bash with and without bracketed paste, dash,
// busybox sh and zsh. Comments that are hostile but allowed by the comment rule (quotes, $(…),
// backticks, ;, |, &, history expansion, Unicode) must execute nothing (a canary file never
// appears) and the key must be appended exactly. The control case proves the harness sees an
// execution: the same paste with Ctrl-U in the comment, quoted the way the builder quotes (which
// the builder now refuses, tests/unit/comment-rule.test.ts), does run the command under dash.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authorizeKeyCommand } from '../../lib/config/authorized-keys';
import { posixQuote } from '../../lib/config/quote';
import { run, tempDir } from '../helpers/openssh';

const HELPER = join(__dirname, '..', 'helpers', 'pty_paste.py');
const KEY = readFileSync(join(__dirname, '..', 'fixtures', 'intake', 'ed25519.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');

interface Shell {
  name: string;
  argv: string[];
  env?: Record<string, string>;
  bracketed: 'auto' | 'never';
  /** the shell must have turned bracketed paste on (proves the mode under test) */
  expectBracketed?: boolean;
}

function shells(home: string): Shell[] {
  const inputrcOff = join(home, 'inputrc-off');
  writeFileSync(inputrcOff, 'set enable-bracketed-paste off\n');
  const inputrcOn = join(home, 'inputrc-on');
  writeFileSync(inputrcOn, 'set enable-bracketed-paste on\n');
  return [
    { name: 'bash, bracketed paste', argv: ['bash', '--norc', '--noprofile', '-i'], env: { INPUTRC: inputrcOn }, bracketed: 'auto', expectBracketed: true },
    { name: 'bash, no bracketed paste', argv: ['bash', '--norc', '--noprofile', '-i'], env: { INPUTRC: inputrcOff }, bracketed: 'never' },
    { name: 'dash', argv: ['dash', '-i'], bracketed: 'auto' },
    { name: 'busybox sh', argv: ['busybox', 'sh', '-i'], bracketed: 'auto' },
    { name: 'zsh', argv: ['zsh', '-f', '-i'], bracketed: 'auto', expectBracketed: true },
  ];
}

function paste(shell: Shell, home: string, text: string, until: string) {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TERM: 'xterm', PS1: '$ ', LANG: 'C.UTF-8', ...shell.env };
  const r = run('python3', [HELPER, JSON.stringify({ argv: shell.argv, env, paste: text, until, bracketed: shell.bracketed })], { timeout: 90_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { output: string; bracketed: boolean; found: boolean };
}

const comments = (canary: string) => [
  `it's '; touch ${canary}; ' $(touch ${canary}) \`touch ${canary}\` "; touch ${canary}; # ; touch ${canary} & touch ${canary} | touch ${canary} > ${canary}`,
  `!! !-1 ^a^b \\'; touch ${canary} #  \${IFS}touch\${IFS}${canary} 中文 🚀 é %s %n ~ *`,
];

describe('the add-key one-liner pasted into real interactive shells', () => {
  for (const shellName of ['bash, bracketed paste', 'bash, no bracketed paste', 'dash', 'busybox sh', 'zsh']) {
    it(`${shellName}: hostile allowed comments run nothing, and the key is appended exactly`, () => {
      const home = tempDir('pty-home-');
      const shell = shells(home).find((s) => s.name === shellName)!;
      const canary = join(home, 'CANARY');
      const lines: string[] = [];
      for (const [i, c] of comments(canary).entries()) {
        // each comment on its own key line (same key: the second run must say "already present")
        const line = `${KEY} ${c}`;
        const r = paste(shell, home, authorizeKeyCommand(line), i === 0 ? 'Key added' : 'Key already present');
        expect(r.found, r.output).toBe(true);
        if (shell.expectBracketed) expect(r.bracketed).toBe(true);
        if (i === 0) lines.push(line);
      }
      expect(existsSync(canary)).toBe(false);
      expect(readFileSync(join(home, '.ssh', 'authorized_keys'), 'utf8')).toBe(lines.map((l) => l + '\n').join(''));
    });
  }

  it('control: with Ctrl-U in the comment, quoted as before the rule, dash runs the payload (the harness sees execution)', () => {
    const home = tempDir('pty-home-');
    mkdirSync(join(home, '.ssh'), { recursive: true });
    const canary = join(home, 'CANARY');
    const shell = shells(home).find((s) => s.name === 'dash')!;
    const legacy = `printf '%s\\n' ${posixQuote(`${KEY} me\x15touch ${canary}; echo PWN""ED #`)} >> ~/.ssh/authorized_keys`;
    const r = paste(shell, home, legacy, 'PWNED');
    expect(r.found, r.output).toBe(true);
    expect(existsSync(canary)).toBe(true);
    // and the builder refuses exactly that comment
    expect(() => authorizeKeyCommand(`${KEY} me\x15touch ${canary}`)).toThrow(expect.objectContaining({ code: 'comment-control-chars' }));
  });
});
