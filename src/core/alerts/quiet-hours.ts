import type { QuietHours } from '../../shared/alerts.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Minutes after local midnight in the zone (the computer's own when none is given). */
export function minuteOfDay(now: number, timeZone?: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(now));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return (get('hour') % 24) * 60 + get('minute');
}

const toMinute = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether `now` falls in the quiet hours: [start, end) in local wall-clock time, wrapping
 * past midnight when start > end (22:00–07:00). start === end means no quiet hours.
 */
export function isQuietTime(quiet: QuietHours | null, now: number): boolean {
  if (!quiet) return false;
  const start = toMinute(quiet.start);
  const end = toMinute(quiet.end);
  if (start === end) return false;
  const m = minuteOfDay(now, quiet.timeZone);
  return start < end ? m >= start && m < end : m >= start || m < end;
}
