// The popup's language, chosen once at start and passed down through context.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { format, type Lang } from '../../lib/i18n';
import { popupCatalogue, type PopupKey } from '../../lib/i18n/popup';
import { userMessageIn } from '../../lib/ssh/errors';

export const LangContext = createContext<Lang>('en');

export type T = (key: PopupKey, params?: Record<string, string | number>) => string;

export function useLang(): Lang {
  return useContext(LangContext);
}

export function useT(): T {
  const lang = useLang();
  return (key, params) => format(popupCatalogue[lang][key], params);
}

/** The raw detail of a thrown value (English or whatever the platform said): for a secondary place only. */
export function errorDetail(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * An SshKeyError in the user's language. Anything else (a storage or platform error) has no
 * translation, so the user gets a message in their language with the raw detail after it.
 */
export function errorText(e: unknown, lang: Lang): string {
  return userMessageIn(e, lang) ?? format(popupCatalogue[lang].unexpectedError, { detail: errorDetail(e) });
}
