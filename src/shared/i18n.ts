/**
 * The app's languages: English and Simplified Chinese, from the message catalogs in
 * src/shared/locales/<tag>.json. i18next does the plurals and the interpolation; numbers,
 * money and dates come from the one formatter (format/numbers.ts, format/relative-time.ts)
 * in the active locale. The window, the tray, notifications and alert messages speak through
 * here; the CLI stays English (its words are its own, its JSON never changes).
 */
import i18next from 'i18next';
import type { i18n as I18n, TFunction } from 'i18next';
import en from './locales/en.json' with { type: 'json' };
import zhCN from './locales/zh-CN.json' with { type: 'json' };
import { LANGUAGES, languageOf } from './languages.ts';
import type { Language } from './languages.ts';

/** The catalogs, by language (the catalog test reads them too). */
export const CATALOGS: Record<Language, Record<string, unknown>> = { en, 'zh-CN': zhCN };

/** A fresh i18next instance on the catalogs, ready synchronously (the renderer binds React to its own). */
export function createI18n(language: Language): I18n {
  const instance = i18next.createInstance();
  void instance.init({
    lng: language,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

const translators = new Map<Language, TFunction>();

/** The translate function for a locale (cached per language). */
export function translator(locale: string | null | undefined): TFunction {
  const language = languageOf(locale);
  let t = translators.get(language);
  if (!t) translators.set(language, (t = createI18n(language).t));
  return t;
}
