import type { HealthReason } from '../../../shared/status.ts';
import { alertText } from './alerts.ts';

/** Why an account's health is what it is, in the window's language ("The API key was rejected…"). */
export function reasonText(reason: Pick<HealthReason, 'message' | 'phrase' | 'times'>, now: number): string {
  return alertText(reason, now);
}
