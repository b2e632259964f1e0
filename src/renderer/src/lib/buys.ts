import type { BuysModel } from '../../../shared/pricing.ts';
import { languageOf } from '../../../shared/languages.ts';
import { formatLocale } from './format.ts';
import { t } from './i18n.ts';

const PERS = new Set(['call', 'generation', 'request', 'input_token', 'output_token', 'second', 'megapixel', 'image']);

/** "call", "input token" (core's words for what a price counts) in the window's language, with a count. */
export function perWords(per: string, count: number): string {
  const million = /^1M (.*?)s?$/.exec(per);
  if (million) return t('pricing.perMillion', { what: perWords(million[1]!, 2) });
  const key = per.replace(/ /g, '_');
  return PERS.has(key) ? t(`pricing.per.${key}`, { count }) : per;
}

/**
 * What the balance buys, in a few words: core's own sentence in English ("≈ 162
 * gpt-image-2 calls", the tray's and the CLI's too); in Chinese from its figures
 * ("约 2.7万 次调用（gpt-image-2）").
 */
export function buysText(buys: { text: string; model: BuysModel }): string {
  const locale = formatLocale();
  if (languageOf(locale) === 'en' || buys.model.count === null) return buys.text;
  const count = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(
    buys.model.count,
  );
  const variant = Object.entries(buys.model.params)
    .filter(([k]) => k !== 'tokens')
    .map(([, v]) => v)
    .join(' ');
  return t('buys.line', {
    count,
    per: perWords(buys.model.per, buys.model.count),
    model: variant ? `${buys.model.model} ${variant}` : buys.model.model,
  });
}
