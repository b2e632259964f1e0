import type { SnoozeChoice } from '../../shared/alerts.ts';

const HOUR_MS = 3600_000;
/** "Until tomorrow" ends when a working day starts, not at midnight (a 23:50 snooze would wake at 00:00). */
export const TOMORROW_HOUR = 9;

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a zone, as if that wall time were UTC (ms). */
function wallAsUtc(at: number, timeZone: string | undefined): number {
  const parts = wallFormat(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour') % 24, get('minute'), get('second'));
}

/**
 * The instant a wall-clock time (given as if UTC) happens in the zone. Two passes settle a
 * zone's offset on either side of a daylight-saving change; a wall time that does not exist
 * (skipped by a spring-forward) lands just after the gap.
 */
function instantOfWall(wall: number, timeZone: string | undefined): number {
  let guess = wall;
  for (let i = 0; i < 2; i++) guess += wall - wallAsUtc(guess, timeZone);
  return guess;
}

/**
 * When a snooze chosen now ends: in an hour; at 09:00 tomorrow in the zone (the computer's
 * own when none is given); or null for "until this episode ends", which has no time.
 */
export function snoozeEnd(choice: SnoozeChoice, now: number, timeZone?: string): number | null {
  if (choice === '1h') return now + HOUR_MS;
  if (choice === 'episode') return null;
  const today = new Date(wallAsUtc(now, timeZone));
  const tomorrowAtNine = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1, TOMORROW_HOUR);
  return instantOfWall(tomorrowAtNine, timeZone);
}
