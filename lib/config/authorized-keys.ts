// One-liners for a Web Terminal / AICoder Shell: add a public key to ~/.ssh/authorized_keys,
// or remove one. They replace the docs' manual steps (mkdir, echo "…" >> authorized_keys,
// chmod 600) and fix what those steps get wrong: a double-quoted echo runs `$(…)` and backticks
// in a comment, a second run adds a duplicate line, and a file without a final newline glues
// the new key onto the last one.
//
// The key line goes into the command in single quotes only (a ' in a comment becomes '\''),
// so nothing in it is ever expanded or run. The key's type and base64 body are checked to be
// plain characters before they are written into the awk program that looks for the key.
// POSIX sh syntax throughout (bash, dash, zsh, busybox sh).
import { keyError } from '../ssh/errors';
import { base64Decode } from '../ssh/encoding/bytes';
import { checkKeyBlob, intakeErrors } from '../ssh/intake/refusals';
import { posixQuote } from './quote';
import { commentProblem } from '../ssh/comment';

interface KeyParts {
  type: string;
  blob: string;
  line: string;
}

function keyParts(publicKeyLine: string): KeyParts {
  const line = String(publicKeyLine ?? '').trim();
  if (/[\r\n\0]/.test(line)) {
    throw keyError('authorize-multiline', 'A public key is one line; this text has several.', '公钥只有一行;该文本包含多行。', 'publicKey');
  }
  const m = /^([A-Za-z0-9@._-]+)[ \t]+([A-Za-z0-9+/]+={0,3})(?:[ \t]+([\s\S]*))?$/.exec(line);
  if (!m || !/^(?:ssh-|ecdsa-|sk-)/.test(m[1])) {
    throw keyError('authorize-not-a-key', 'This is not an OpenSSH public key line (type, base64, comment).', '这不是 OpenSSH 公钥行(类型、base64、注释)。', 'publicKey');
  }
  // The comment rule (lib/ssh/comment.ts) again here, so a key saved by an earlier version, whose
  // comment holds Ctrl-U or ESC[201~, can never reach a terminal inside the one-liner.
  const bad = commentProblem(m[3] ?? '', 'saved-key');
  if (bad) throw bad;
  // Also what the key intake refuses in a key line (DSA, RSA under 2048 bits, a body that is not
  // the key its type names, certificates): a one-liner must never install a key the popup
  // refuses. The blob checks only, not the whole parser, so the console's script stays small.
  const blob = base64Decode(m[2]);
  if (!blob) throw intakeErrors.badBase64();
  checkKeyBlob(m[1], blob);
  return { type: m[1], blob: m[2], line };
}

// awk: exit 0 when a non-comment line holds the key (type followed by the same base64 body,
// whatever its options or comment). A CR (file edited on Windows) is ignored.
function findKeyAwk(k: KeyParts, action: 'find' | 'drop'): string {
  const match = `l=$0; sub(/\\r$/,"",l); n=split(l,w," "); h=0; if (l !~ /^[ \\t]*#/) for (i=1;i<n;i++) if (w[i]=="${k.type}" && w[i+1]=="${k.blob}") h=1`;
  return action === 'find' ? `awk '{${match}; if (h) f=1} END {exit !f}'` : `awk '{${match}; if (!h) print}'`;
}

/**
 * The background's answer to the console's terminal menu (`{type: 'authorize-command', keyId}`):
 * the one-liner for that saved key, or why there is none (an SshKeyError's parts: errors do not
 * cross extension messages).
 */
export type AuthorizeCommandReply = { ok: true; command: string } | { ok: false; error: { code: string; en: string; zh: string } };

/** Adds the key once: creates ~/.ssh (700) and authorized_keys (600), appends, never truncates. */
export function authorizeKeyCommand(publicKeyLine: string): string {
  const k = keyParts(publicKeyLine);
  const f = '~/.ssh/authorized_keys';
  return [
    'mkdir -p ~/.ssh && chmod 700 ~/.ssh',
    `touch ${f} && chmod 600 ${f}`,
    `if ${findKeyAwk(k, 'find')} ${f}; then echo 'Key already present / 公钥已存在'; ` +
      // a last line without its newline would be glued to the key: add the newline first
      `else { [ ! -s ${f} ] || [ -z "$(tail -c 1 ${f})" ] || echo >> ${f}; } && ` +
      `printf '%s\\n' ${posixQuote(k.line)} >> ${f} && echo 'Key added / 公钥已添加'; fi`,
  ].join(' && ');
}

/**
 * Removes exactly that key (matched on type and base64, whatever the comment), keeps every
 * other line, keeps a dated backup next to it, and leaves the file at mode 600.
 */
export function removeKeyCommand(publicKeyLine: string): string {
  const k = keyParts(publicKeyLine);
  const f = '~/.ssh/authorized_keys';
  return (
    `if [ -f ${f} ] && ${findKeyAwk(k, 'find')} ${f}; then ` +
    `b=${f}.bak-$(date +%Y%m%d%H%M%S) && cp -p ${f} "$b" && ` +
    `(umask 077 && ${findKeyAwk(k, 'drop')} ${f} > ${f}.tmp) && mv -f ${f}.tmp ${f} && chmod 600 ${f} && ` +
    `echo "Key removed; backup: $b / 公钥已删除,备份:$b"; ` +
    `else echo 'Key not found / 未找到该公钥'; fi`
  );
}
