import type { BuysModel } from './pricing.ts';
import { languageOf } from './languages.ts';
import { translator } from './i18n.ts';

/**
 * What a balance buys, in a few words, in a locale's language: the window's cards and the
 * tray say it from here.
 */
const PERS = new Set(['call', 'generation', 'request', 'input_token', 'output_token', 'second', 'megapixel', 'image']);

/** "call", "input token" (core's words for what a price counts) in the locale's language, with a count. */
export function perWords(per: string, count: number, locale: string | undefined): string {
  const million = /^1M (.*?)s?$/.exec(per);
  const t = translator(locale);
  if (million) return t('pricing.perMillion', { what: perWords(million[1]!, 2, locale) });
  const key = per.replace(/ /g, '_');
  return PERS.has(key) ? t(`pricing.per.${key}`, { count }) : per;
}

/**
 * Core's own sentence in English ("≈ 162 gpt-image-2 calls", the CLI's too); in another
 * language from its figures ("约 2.7万 次调用（gpt-image-2）").
 */
export function buysLineText(text: string, model: BuysModel, locale: string | undefined): string {
  if (languageOf(locale) === 'en' || model.count === null) return text;
  const count = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(model.count);
  const variant = Object.entries(model.params)
    .filter(([k]) => k !== 'tokens')
    .map(([, v]) => v)
    .join(' ');
  return translator(locale)('buys.line', {
    count,
    per: perWords(model.per, model.count, locale),
    model: variant ? `${model.model} ${variant}` : model.model,
  });
}
