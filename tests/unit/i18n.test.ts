// Every catalogue in lib/i18n speaks both languages completely: the same keys in zh and en,
// no empty text, and the same {placeholders} on both sides (a missing one would print raw).
import { describe, it, expect } from 'vitest';
import { format, pickLang } from '../../lib/i18n';

const modules = import.meta.glob<Record<string, unknown>>('../../lib/i18n/*.ts', { eager: true });

function isCatalogue(v: unknown): v is Record<'zh' | 'en', Record<string, string>> {
  return !!v && typeof v === 'object' && 'zh' in v && 'en' in v && typeof (v as any).zh === 'object' && typeof (v as any).en === 'object';
}

const catalogues = Object.entries(modules).flatMap(([file, mod]) =>
  Object.entries(mod)
    .filter(([, v]) => isCatalogue(v))
    .map(([name, v]) => [`${file.replace(/^.*\//, '')}: ${name}`, v as Record<'zh' | 'en', Record<string, string>>] as const),
);

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalogues', () => {
  it('finds the catalogues (the popup\'s at least)', () => {
    expect(catalogues.map(([n]) => n)).toContain('popup.ts: popupCatalogue');
  });

  for (const [name, cat] of catalogues) {
    it(`${name}: zh and en have the same keys`, () => {
      expect(Object.keys(cat.zh).sort()).toEqual(Object.keys(cat.en).sort());
    });
    it(`${name}: no empty or untranslated text, same placeholders`, () => {
      for (const key of Object.keys(cat.en)) {
        for (const lang of ['zh', 'en'] as const) {
          expect(typeof cat[lang][key], `${lang}.${key}`).toBe('string');
          expect(cat[lang][key].trim(), `${lang}.${key}`).not.toBe('');
        }
        expect(placeholders(cat.zh[key]), key).toEqual(placeholders(cat.en[key]));
      }
    });
  }
});

describe('pickLang and format', () => {
  it('picks Chinese for every zh locale and English otherwise', () => {
    expect(['zh-CN', 'zh', 'zh-TW', 'ZH-cn'].map(pickLang)).toEqual(['zh', 'zh', 'zh', 'zh']);
    expect(['en-US', 'de', '', undefined, 'zha'].map(pickLang)).toEqual(['en', 'en', 'en', 'en', 'en']);
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{name}.pub for {name} {x}', { name: 'k' })).toBe('k.pub for k {x}');
  });
});
