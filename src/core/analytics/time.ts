import { DAY_MS, HOUR_MS, MINUTE_MS, ceilTo, floorTo } from '../store/segments.ts';

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Parse an ISO 8601 date or date-time into unix ms, or null when it is not one. A time
 * without a zone is taken as UTC (history files move between machines; local time would
 * shift them by the reader's offset). Impossible dates (2026-02-30) are rejected.
 */
export function parseIsoTime(text: string): number | null {
  const fast = canonicalIso(text);
  if (fast !== undefined) return fast;
  const m = ISO_RE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000 + 1e-6) : 0;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== Number(y) ||
    check.getUTCMonth() !== Number(mo) - 1 ||
    check.getUTCDate() !== Number(d)
  )
    return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offset = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3])) * MINUTE_MS;
  }
  const result = utc - offset;
  return Number.isFinite(result) ? result : null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The shape every export writes (2026-03-01T12:00:00.000Z), read digit by digit: an import
 * of a million readings parses a million of these. undefined = not this shape (use the
 * general parser); null = this shape but not a real time.
 */
function canonicalIso(t: string): number | null | undefined {
  if (
    t.length !== 24 ||
    t.charCodeAt(4) !== 45 ||
    t.charCodeAt(7) !== 45 ||
    t.charCodeAt(10) !== 84 ||
    t.charCodeAt(13) !== 58 ||
    t.charCodeAt(16) !== 58 ||
    t.charCodeAt(19) !== 46 ||
    t.charCodeAt(23) !== 90
  )
    return undefined;
  const y = digits(t, 0, 4);
  const mo = digits(t, 5, 7);
  const d = digits(t, 8, 10);
  const h = digits(t, 11, 13);
  const mi = digits(t, 14, 16);
  const s = digits(t, 17, 19);
  const ms = digits(t, 20, 23);
  if ((y | mo | d | h | mi | s | ms) < 0) return undefined;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > DAYS_IN_MONTH[mo - 1]! + leap || h > 23 || mi > 59 || s > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s, ms);
}

/** The decimal number in t[from, to), or -1 if a character there is not a digit. */
function digits(t: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = t.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

export const isoOrNull = (ms: number | null | undefined): string | null =>
  ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(Math.round(ms)).toISOString();

/** "3 h", "2.5 d", "40 min": for reasons people read. */
export function formatDuration(ms: number): string {
  if (ms >= 2 * DAY_MS) return `${round1(ms / DAY_MS)} d`;
  if (ms >= HOUR_MS) return `${round1(ms / HOUR_MS)} h`;
  return `${Math.max(0, Math.round(ms / MINUTE_MS))} min`;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** UTC calendar day of a time: "2026-03-01". */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Split [from, to) into the pieces each store level answers best: whole UTC days from
 * rollup_day, whole hours from rollup_hour, and the sub-hour ends from raw readings.
 */
export interface RangePieces {
  raw: Array<[number, number]>;
  hours: Array<[number, number]>;
  days: Array<[number, number]>;
}

export function splitRange(from: number, to: number): RangePieces {
  const pieces: RangePieces = { raw: [], hours: [], days: [] };
  if (to <= from) return pieces;
  const h0 = ceilTo(from, HOUR_MS);
  const h1 = floorTo(to, HOUR_MS);
  if (h0 >= h1) {
    pieces.raw.push([from, to]);
    return pieces;
  }
  if (from < h0) pieces.raw.push([from, h0]);
  if (h1 < to) pieces.raw.push([h1, to]);
  const d0 = ceilTo(h0, DAY_MS);
  const d1 = floorTo(h1, DAY_MS);
  if (d0 < d1) {
    pieces.days.push([d0, d1]);
    if (h0 < d0) pieces.hours.push([h0, d0]);
    if (d1 < h1) pieces.hours.push([d1, h1]);
  } else {
    pieces.hours.push([h0, h1]);
  }
  return pieces;
}
