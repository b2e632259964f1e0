import type { AccountOptions } from '../../shared/domain.ts';

const DAY_MS = 24 * 3600 * 1000;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * When an account's daily cap resets: a time of day in an IANA zone. `account`: the
 * account's own setting (`capResetTime` with `capTimeZone`, or the older `capResetUtc`, a
 * time in UTC); `assumed`: nobody said, so UTC midnight.
 */
export interface CapReset {
  /** Minutes after local midnight. */
  minute: number;
  timeZone: string;
  source: 'account' | 'assumed';
}

export function capReset(options: AccountOptions): CapReset {
  const time = typeof options.capResetTime === 'string' ? HHMM.exec(options.capResetTime) : null;
  const zone = typeof options.capTimeZone === 'string' && isTimeZone(options.capTimeZone) ? options.capTimeZone : null;
  if (time) return { minute: Number(time[1]) * 60 + Number(time[2]), timeZone: zone ?? 'UTC', source: 'account' };
  const legacy = typeof options.capResetUtc === 'string' ? HHMM.exec(options.capResetUtc) : null;
  if (legacy) return { minute: Number(legacy[1]) * 60 + Number(legacy[2]), timeZone: 'UTC', source: 'account' };
  if (zone) return { minute: 0, timeZone: zone, source: 'account' };
  return { minute: 0, timeZone: 'UTC', source: 'assumed' };
}

/** Minutes after midnight (in the reset's zone) at which the account's daily cap resets. */
export function capResetMinute(options: AccountOptions): number {
  return capReset(options).minute;
}

/**
 * The daily-cap window containing `now`: [start, end) in unix ms, where `end` is the next
 * reset. Used by the poller (a capped key is not retried before `end`) and by analytics
 * (spend since `start` against the cap). In a zone with daylight saving a window is 23 or
 * 25 hours long on the days the clocks change.
 */
export function capWindow(options: AccountOptions, now: number): { start: number; end: number } {
  const reset = capReset(options);
  if (reset.timeZone === 'UTC') {
    const offset = reset.minute * 60_000;
    const start = Math.floor((now - offset) / DAY_MS) * DAY_MS + offset;
    return { start, end: start + DAY_MS };
  }
  const day = localDay(now, reset.timeZone);
  let start = zonedInstant(day, reset.minute, reset.timeZone);
  let startDay = day;
  if (start > now) {
    startDay = day - 1;
    start = zonedInstant(startDay, reset.minute, reset.timeZone);
  }
  return { start, end: zonedInstant(startDay + 1, reset.minute, reset.timeZone) };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock time of an instant in a zone, read as if it were UTC (unix ms). */
function wallTime(at: number, zone: string): number {
  const parts = wallClock(zone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
}

/** The local calendar day of an instant, as days since 1970-01-01 of that wall date. */
function localDay(at: number, zone: string): number {
  return Math.floor(wallTime(at, zone) / DAY_MS);
}

/**
 * The instant at which the wall clock in `zone` shows `minute` after midnight of local
 * day `day`. A time the clocks skip (spring forward) maps to the instant just after the gap.
 */
function zonedInstant(day: number, minute: number, zone: string): number {
  const wall = day * DAY_MS + minute * 60_000;
  let guess = wall - (wallTime(wall, zone) - wall);
  // A second pass settles the offset when the first guess landed across a clock change.
  guess = wall - (wallTime(guess, zone) - guess);
  return guess;
}
