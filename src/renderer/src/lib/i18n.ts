import { useTranslation } from 'react-i18next';
import { createI18n } from '../../../shared/i18n.ts';
import { languageOf } from '../../../shared/languages.ts';
import { setFormatLocale } from './format.ts';

/**
 * The window's language: every word comes from the catalogs (src/shared/locales) through
 * `t`. Until Settings arrive it follows the browser's language (Electron's is the OS's);
 * then the active locale core reports (Settings → Language), at once, without a reload.
 */
export const i18n = createI18n(languageOf(navigator.language));

/** Translate: `t('overview.title')`, `t('overview.accounts', { count: 3 })`. */
export const t = i18n.t.bind(i18n);

/** Speak `locale` from now on: its catalog, and its numbers and dates. */
export function applyLocale(locale: string): void {
  setFormatLocale(locale);
  const language = languageOf(locale);
  document.documentElement.lang = language;
  if (i18n.language !== language) void i18n.changeLanguage(language);
}

/** Re-render when the language changes (the root uses it; everything under it re-renders). */
export function useLanguage(): string {
  return useTranslation(undefined, { i18n }).i18n.language;
}
