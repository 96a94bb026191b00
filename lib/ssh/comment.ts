// The one rule for a key's comment, wherever a comment is made or taken: typed when generating,
// in a pasted or picked public key, in a private key file the public half is derived from, in a
// .ppk file, and again in the Web Terminal one-liner builder (for keys saved by earlier versions).
//
// Why a rule at all: a comment travels into a line the user pastes into a terminal (the add-key
// one-liner). Inside single quotes the shell expands nothing, but the terminal's line editor
// still acts on control characters as they arrive: Ctrl-U (0x15) erases the line typed so far,
// so the rest of the comment runs as a command (reproduced under dash, busybox sh, and bash
// without bracketed paste); `ESC[201~` ends bash's bracketed paste early, with the same result
// under bash 5.2. Bidi controls make a comment read differently from what it holds, and
// U+2028/U+2029 are line breaks to some editors and terminals.
//
// Refused:
// - C0 controls (U+0000–U+001F), TAB included. ssh-keygen keeps spaces in a comment, and so do
//   we, but a TAB pasted into an interactive shell without bracketed paste is a completion
//   request: bash and zsh insert file names into the command line or stop at "Display all N
//   possibilities? (y or n)", which swallows the characters that follow as the answer.
// - DEL (U+007F) and the C1 controls (U+0080–U+009F; U+009B is a one-byte CSI to some terminals).
// - Bidi controls: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069.
// - Line and paragraph separators U+2028, U+2029.
// Everything else (spaces, quotes, `$(…)`, backticks, `;`, any other Unicode) is allowed: the
// one-liner single-quotes the whole key line, and tests/interop/authorize-pty.test.ts pastes
// such comments into real interactive shells on a pty.
import { keyError, type SshKeyError } from './errors';

const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'g');

/** Where the comment came from: the message says what to do about it there. */
export type CommentSource = 'typed' | 'public-key' | 'private-key-file' | 'ppk-file' | 'saved-key';

/** `U+0015` style names of the offending characters (at most 5), for the message. */
function describe(comment: string): string {
  const seen = new Set<string>();
  for (const ch of comment.match(FORBIDDEN_ALL) ?? []) {
    seen.add(`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    if (seen.size === 5) break;
  }
  return [...seen].join(', ');
}

const ADVICE: Record<CommentSource, { en: string; zh: string }> = {
  typed: { en: 'Remove them from the comment.', zh: '请从备注中删除这些字符。' },
  'public-key': { en: 'Edit the comment (the text after the key data) in the .pub file.', zh: '请修改 .pub 文件中的备注（密钥数据之后的文字）。' },
  'private-key-file': {
    en: 'Give the key a plain comment first: ssh-keygen -c -C "me@laptop" -f KEYFILE',
    zh: '请先为该密钥设置普通备注：ssh-keygen -c -C "me@laptop" -f 密钥文件',
  },
  'ppk-file': { en: 'Change the "Key comment" in PuTTYgen and save the .ppk again.', zh: '请在 PuTTYgen 中修改 "Key comment" 后重新保存 .ppk。' },
  'saved-key': {
    en: 'This key was saved by an earlier version: delete it from the saved keys and add it again with a plain comment.',
    zh: '该密钥由早期版本保存：请在已保存的密钥中删除它，并以普通备注重新添加。',
  },
};

/** True when the comment holds a character the rule refuses. */
export function hasForbiddenCommentChars(comment: string): boolean {
  return FORBIDDEN.test(comment);
}

/** The refusal for this comment, or null when it is fine. Never throws. */
export function commentProblem(comment: string, source: CommentSource = 'typed'): SshKeyError | null {
  if (typeof comment !== 'string') return keyError('bad-comment', '`comment` expected a string', '`comment`（备注）应为字符串', 'comment');
  if (!FORBIDDEN.test(comment)) return null;
  const chars = describe(comment);
  const a = ADVICE[source];
  return keyError(
    'comment-control-chars',
    `The key comment holds control or text-direction characters (${chars}). Pasted into a terminal they can erase what was typed and run the rest of the comment as a command, so they are not allowed. ${a.en}`,
    `密钥备注中含有控制字符或文字方向控制符（${chars}）。粘贴到终端时，它们可能清除已输入的内容，并把备注的其余部分当作命令执行，因此不允许使用。${a.zh}`,
    'comment',
  );
}

/** Throws the refusal from `commentProblem`; returns the comment unchanged when it is fine. */
export function checkComment(comment: string, source: CommentSource = 'typed'): string {
  const e = commentProblem(comment, source);
  if (e) throw e;
  return comment;
}

/**
 * For intakes that clean rather than refuse (a pasted public key, whose comment the user can
 * see and edit): each refused character becomes a space. `replaced` says whether any was, so
 * the caller can tell the user.
 */
export function replaceForbiddenCommentChars(comment: string): { comment: string; replaced: boolean } {
  if (!FORBIDDEN.test(comment)) return { comment, replaced: false };
  return { comment: comment.replace(FORBIDDEN_ALL, ' '), replaced: true };
}
