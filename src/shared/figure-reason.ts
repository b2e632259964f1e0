import type { FigureReason } from './status.ts';
import { translator } from './i18n.ts';
import { languageOf } from './languages.ts';
import { spanPhrase } from './format/relative-time.ts';

/**
 * Why a figure is missing (`runway.why`, `burn.why`, decided in core), in a locale's
 * language; null when there is none. English says core's own `reason` sentence.
 */
export function figureReasonText(why: FigureReason | null | undefined, locale: string | undefined): string | null {
  if (!why) return null;
  const t = translator(locale);
  const p = why.params ?? {};
  const span = (ms: number) => spanPhrase(ms, languageOf(locale) === 'en' ? undefined : locale);
  switch (why.code) {
    case 'thin_history':
      return t('reason.thin_history', {
        window: p.window,
        covered: span(p.coveredMs ?? 0),
        needed: span(p.neededMs ?? 0),
      });
    case 'burn_unknown':
      return t('reason.burn_unknown', {
        cause: figureReasonText(why.cause, locale) ?? t('reason.not_enough_history'),
      });
    default:
      return t(`reason.${why.code}`, { window: p.window, needed: p.needed, has: p.has });
  }
}
