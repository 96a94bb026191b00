// authorized_keys lines (sshd(8) "AUTHORIZED_KEYS FILE FORMAT"): `[options] type base64 [comment]`.
// The options field is one token that may hold quoted spaces: command="echo hi there".

/**
 * Splits off the first whitespace-delimited token, treating "…" as one word and \" inside
 * quotes as a literal quote — the same scan sshd and ssh-keygen use to skip options.
 * Returns null when a quote is left open.
 */
export function splitFirstToken(s: string): { token: string; rest: string } | null {
  let quoted = false;
  let i = 0;
  for (; i < s.length && (quoted || (s[i] !== ' ' && s[i] !== '\t')); i++) {
    if (s[i] === '\\' && s[i + 1] === '"') i++;
    else if (s[i] === '"') quoted = !quoted;
  }
  if (quoted) return null;
  return { token: s.slice(0, i), rest: s.slice(i).replace(/^[ \t]+/, '') };
}

// option-name or option-name="value", comma-separated; \" escapes a quote inside a value.
const OPTION = '[A-Za-z0-9-]+(?:="(?:[^"\\\\]|\\\\.)*")?';
const OPTIONS_RE = new RegExp(`^${OPTION}(?:,${OPTION})*$`);

/** Is this a syntactically valid authorized_keys options field? */
export function isValidOptions(s: string): boolean {
  return s.length > 0 && s.length <= 8192 && OPTIONS_RE.test(s);
}
