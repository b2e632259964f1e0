import type { FigureReason, HealthReason } from '../../../shared/status.ts';
import { alertText } from './alerts.ts';
import { figureReasonText as figureReasonIn } from '../../../shared/figure-reason.ts';
import { formatLocale } from './format.ts';

/** Why an account's health is what it is, in the window's language ("The API key was rejected…"). */
export function reasonText(reason: Pick<HealthReason, 'message' | 'phrase' | 'times'>, now: number): string {
  return alertText(reason, now);
}

/** Why a figure is missing (`runway.why`), in the window's language (shared/figure-reason.ts). */
export function figureReasonText(why: FigureReason | null | undefined): string | null {
  return figureReasonIn(why, formatLocale());
}
