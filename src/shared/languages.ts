/**
 * The languages the app speaks and how the one in use is chosen. No runtime imports: IPC's
 * schemas and the preload use these too; the catalogs and i18next are in i18n.ts.
 */

/** The catalogs' languages. */
export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What Settings offers: the system's language, or one chosen. */
export const LANGUAGE_CHOICES = ['system', ...LANGUAGES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

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
