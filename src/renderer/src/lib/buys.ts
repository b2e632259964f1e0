import type { BuysModel } from '../../../shared/pricing.ts';
import { buysLineText, perWords as perWordsIn } from '../../../shared/buys-text.ts';
import { formatLocale } from './format.ts';

/** "call", "input token" (core's words for what a price counts) in the window's language, with a count. */
export function perWords(per: string, count: number): string {
  return perWordsIn(per, count, formatLocale());
}

/** What the balance buys, in a few words, in the window's language (shared/buys-text.ts, as the tray says it). */
export function buysText(buys: { text: string; model: BuysModel }): string {
  return buysLineText(buys.text, buys.model, formatLocale());
}
