import type { Lang } from '@lecture-hall/shared/i18n/errors';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

export type UiLang = 'zh-CN' | 'en';
export const UI_LANGS: readonly UiLang[] = ['zh-CN', 'en'];
export const DEFAULT_LANG: UiLang = 'zh-CN';
export const LANG_STORAGE_KEY = 'lh_lang';
/** The server reads this cookie to pick the language of its error messages. */
export const LANG_COOKIE = 'lh_lang';

/** The short code the server speaks: zh or en. */
export const toApiLang = (lang: UiLang): Lang => (lang === 'en' ? 'en' : 'zh');

/** Accepts what may sit in storage (ours, or a hand-edited en-US / zh) and defaults to Chinese. */
export function normaliseLang(value: string | null | undefined): UiLang {
  if (!value) return DEFAULT_LANG;
  return value.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

export function langCookie(lang: UiLang): string {
  return `${LANG_COOKIE}=${toApiLang(lang)}; path=/; max-age=31536000; SameSite=Lax`;
}

function readStoredLang(): UiLang {
  try {
    return normaliseLang(globalThis.localStorage?.getItem(LANG_STORAGE_KEY));
  } catch {
    return DEFAULT_LANG; // storage may be blocked by policy; Chinese is the default anyway
  }
}

function persistLang(lang: UiLang): void {
  try {
    globalThis.localStorage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // not remembered across visits, but the cookie below still tells the server
  }
  if (typeof document !== 'undefined') {
    // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing from Firefox and older Safari that offices still run
    document.cookie = langCookie(lang);
    document.documentElement.lang = lang;
    document.title = i18n.t('app.title');
  }
  setApiLanguage(toApiLang(lang));
}

export const resources = {
  'zh-CN': { translation: zhCN },
  en: { translation: en },
} as const;

export function initI18n(): typeof i18n {
  const lng = readStoredLang();
  void i18n.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: DEFAULT_LANG,
    supportedLngs: [...UI_LANGS],
    interpolation: { escapeValue: false }, // React escapes already
    returnNull: false,
    initAsync: false,
  });
  persistLang(lng);
  return i18n;
}

export async function changeLanguage(lang: UiLang): Promise<void> {
  await i18n.changeLanguage(lang);
  persistLang(lang);
}

export function currentLang(): UiLang {
  return normaliseLang(i18n.language);
}

export { i18n };
