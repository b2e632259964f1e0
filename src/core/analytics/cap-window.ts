import type { AccountOptions } from '../../shared/domain.ts';

const DAY_MS = 24 * 3600 * 1000;

/** Minutes after UTC midnight at which the account's daily cap resets (option capResetUtc). */
export function capResetMinute(options: AccountOptions): number {
  const value = options.capResetUtc;
  const m = typeof value === 'string' ? /^(\d{2}):(\d{2})$/.exec(value) : null;
  return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
}

/**
 * The daily-cap window containing `now`: [start, end) in unix ms, where `end` is the next
 * reset. Used by the poller (a capped key is not retried before `end`) and by analytics
 * (spend since `start` against the cap).
 */
export function capWindow(options: AccountOptions, now: number): { start: number; end: number } {
  const offset = capResetMinute(options) * 60_000;
  const start = Math.floor((now - offset) / DAY_MS) * DAY_MS + offset;
  return { start, end: start + DAY_MS };
}
