// Errors a user can see are typed values with a message in both languages.
// `code` is stable (tests and UI branch on it); `field` names the input at fault.

export interface UserMessage {
  en: string;
  zh: string;
}

export class SshKeyError extends Error {
  readonly code: string;
  readonly field?: string;
  readonly zh: string;
  readonly en: string;
  constructor(code: string, msg: UserMessage, field?: string) {
    super(msg.en);
    this.name = 'SshKeyError';
    this.code = code;
    this.field = field;
    this.en = msg.en;
    this.zh = msg.zh;
  }
  /** Both languages, Chinese first, for places that cannot know the user's locale (CLI, logs). */
  bilingual(): string {
    return `${this.zh}\n${this.en}`;
  }
  message_(lang: 'zh' | 'en'): string {
    return lang === 'zh' ? this.zh : this.en;
  }
}

export function keyError(code: string, en: string, zh: string, field?: string): SshKeyError {
  return new SshKeyError(code, { en, zh }, field);
}

export function isSshKeyError(e: unknown): e is SshKeyError {
  return e instanceof SshKeyError;
}

/**
 * A thrown value's text in `lang` when it carries both languages (an SshKeyError, or its fields
 * after crossing a message as a plain object); null for anything else (a platform error).
 */
export function userMessageIn(e: unknown, lang: 'zh' | 'en'): string | null {
  const m = e as Partial<UserMessage> | null | undefined;
  return typeof m?.en === 'string' && typeof m?.zh === 'string' ? (lang === 'zh' ? m.zh : m.en) : null;
}

/** The user's Cancel of a key being made or unlocked. */
export function cancelledError(): SshKeyError {
  return keyError('cancelled', 'Cancelled.', '已取消。');
}
