// Two languages, chosen from the browser's UI language: zh-* → Chinese, anything else → English.
// Catalogues are plain objects (one per UI surface) so a unit test can check both languages
// carry the same keys.

export type Lang = 'zh' | 'en';

export function pickLang(uiLanguage: string | undefined): Lang {
  return uiLanguage && /^zh\b/i.test(uiLanguage) ? 'zh' : 'en';
}

export type Catalogue<K extends string = string> = Record<Lang, Record<K, string>>;

/** `{name}` placeholders filled from params. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
