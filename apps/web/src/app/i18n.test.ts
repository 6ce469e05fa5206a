import { describe, expect, it } from 'vitest';
import { langCookie, normaliseLang, toApiLang } from './i18n';

describe('language choice', () => {
  it('defaults to Simplified Chinese for anything unknown or missing', () => {
    expect(normaliseLang(null)).toBe('zh-CN');
    expect(normaliseLang('')).toBe('zh-CN');
    expect(normaliseLang('fr')).toBe('zh-CN');
    expect(normaliseLang('zh')).toBe('zh-CN');
  });

  it('accepts English in any regional spelling', () => {
    expect(normaliseLang('en')).toBe('en');
    expect(normaliseLang('en-US')).toBe('en');
    expect(normaliseLang('EN-gb')).toBe('en');
  });

  it('tells the server zh or en through the lh_lang cookie', () => {
    expect(toApiLang('zh-CN')).toBe('zh');
    expect(toApiLang('en')).toBe('en');
    expect(langCookie('en')).toMatch(/^lh_lang=en; path=\/;/);
    expect(langCookie('zh-CN')).toMatch(/^lh_lang=zh; /);
  });
});
