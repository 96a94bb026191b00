// The toolbar popup's page for each language: popup.html with its first screen prerendered in
// that language by the build (scripts/prerender-popup.ts). The background points the toolbar
// button at the one for the browser's language.
import type { Lang } from './i18n';

export const PRERENDERED_POPUP: Record<Lang, string> = { en: 'popup-en.html', zh: 'popup-zh.html' };
