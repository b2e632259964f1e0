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

/** The catalogs' languages. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What Settings offers: the system's language, or one chosen. */
export const LANGUAGE_CHOICES = ['system', ...LANGUAGES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/** The catalogs, by language (the catalog test reads them too). */
export const CATALOGS: Record<Language, Record<string, unknown>> = { en, 'zh-CN': zhCN };

/** The catalog a BCP 47 locale reads: any Chinese tag is zh-CN, everything else English. */
export function languageOf(locale: string | null | undefined): Language {
  return locale && /^zh\b/i.test(locale) ? 'zh-CN' : 'en';
}

/**
 * The locale numbers and dates are shown in: the system's own tag when the language follows
 * it ("en-GB" keeps day-month dates), otherwise the chosen language ("zh-CN", "en-US").
 */
export function activeLocale(choice: LanguageChoice, systemLocale: string | null | undefined): string {
  const system = systemLocale?.trim() || 'en-US';
  if (choice === 'system') return languageOf(system) === 'zh-CN' ? 'zh-CN' : system;
  if (languageOf(system) === choice) return choice === 'zh-CN' ? 'zh-CN' : system;
  return choice === 'zh-CN' ? 'zh-CN' : 'en-US';
}

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
