import type { Amount } from '../../shared/domain.ts';
import { formatAmountText, formatMoneyText } from '../../shared/format/numbers.ts';
import { relativeTime } from '../../shared/format/relative-time.ts';

/**
 * How the CLI writes figures it reads from core: amounts through the shared formatter (the
 * window, tray and alerts use the same), times in the computer's zone. English words and
 * en-US digits, like the alert messages the CLI prints beside them.
 */
export const CLI_LOCALE = 'en-US';

export function amountText(amount: Amount | null | undefined): string {
  return amount ? formatAmountText(amount.amount, amount.unit, { locale: CLI_LOCALE }) : '—';
}

/** A money value in USD (the contract's *Usd fields): "$15.60". */
export function usdText(amount: string | null | undefined): string {
  return amount ? formatMoneyText(amount, 'USD', { locale: CLI_LOCALE }) : '—';
}

const stamp = new Map<string, Intl.DateTimeFormat>();
function stampFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = stamp.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    stamp.set(key, f);
  }
  return f;
}

/** "2026-03-01 14:05" in the computer's zone (or `timeZone`): for logs and tables of past readings. */
export function localStamp(at: number | string, timeZone?: string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  if (!Number.isFinite(ms)) return '—';
  const parts = stampFormat(timeZone).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** "in 36 h, Wed 03:00", "3 days ago, 18 May": an ISO instant relative to `now`, in the computer's zone. */
export function whenText(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const at = Date.parse(iso);
  return Number.isFinite(at) ? relativeTime(at, now) : '—';
}
