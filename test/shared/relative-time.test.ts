import { describe, expect, it } from 'vitest';
import { daysPhrase, relativeTime, renderTimedText, spanPhrase } from '../../src/shared/format/relative-time.ts';

const H = 3_600_000;
// Monday 11 May 2026, 15:00 UTC.
const NOW = Date.parse('2026-05-11T15:00:00Z');
const utc = { timeZone: 'UTC' };

describe('relativeTime', () => {
  it('under 48 h says the clock too: "expires in 36 h, Wed 03:00"', () => {
    expect(relativeTime(NOW + 36 * H, NOW, utc)).toBe('in 36 h, Wed 03:00');
    expect(relativeTime(NOW + 3 * H, NOW, utc)).toBe('in 3 h, 18:00');
    expect(relativeTime(NOW + 25 * 60_000, NOW, utc)).toBe('in 25 min, 15:25');
    expect(relativeTime(NOW - 3 * H, NOW, utc)).toBe('3 h ago, 12:00');
    expect(relativeTime(NOW + 20_000, NOW, utc)).toBe('now');
  });

  it('"tomorrow" only when it is tomorrow in the zone; 36 h away is not tomorrow', () => {
    expect(relativeTime(NOW + 12 * H, NOW, utc)).toBe('in 12 h, tomorrow 03:00');
    expect(relativeTime(NOW + 36 * H, NOW, utc)).not.toMatch(/tomorrow/);
    expect(relativeTime(NOW - 20 * H, NOW, utc)).toBe('20 h ago, yesterday 19:00');
    // The same instant from Tokyo (UTC+9): 03:00 UTC Wednesday is 12:00 Wednesday there, and
    // 15:00 UTC Monday is already Tuesday 00:00 there, so it is tomorrow.
    expect(relativeTime(NOW + 36 * H, NOW, { timeZone: 'Asia/Tokyo' })).toBe('in 36 h, tomorrow 12:00');
    // From New York (UTC−4) it is Monday 11:00, and 36 h on is Tuesday 23:00: tomorrow there.
    expect(relativeTime(NOW + 36 * H, NOW, { timeZone: 'America/New_York' })).toBe('in 36 h, tomorrow 23:00');
    expect(relativeTime(NOW + 40 * H, NOW, { timeZone: 'America/New_York' })).toBe('in 40 h, Wed 03:00');
  });

  it('48 h and beyond: days with the date, then months', () => {
    expect(relativeTime(NOW + 50 * H, NOW, utc)).toBe('in 2 days, 13 May');
    expect(relativeTime(NOW - 5 * 24 * H, NOW, utc)).toBe('5 days ago, 6 May');
    expect(relativeTime(NOW + 200 * 24 * H, NOW, utc)).toBe('in 7 months, 27 Nov 2026');
  });

  it('the locale is the caller’s for the clock and dates', () => {
    expect(relativeTime(NOW + 36 * H, NOW, { timeZone: 'UTC', locale: 'de-DE' })).toMatch(/^in 36 h, Mi\.? 03:00$/);
    expect(relativeTime(NOW + 3 * H, NOW, { timeZone: 'UTC', locale: 'en-US' })).toMatch(/^in 3 h, 18:00$/);
  });

  it('spans and runway days', () => {
    expect(spanPhrase(30_000)).toBe('1 min');
    expect(spanPhrase(7 * H)).toBe('7 h');
    expect(spanPhrase(3 * 24 * H)).toBe('3 days');
    expect(daysPhrase(1.5)).toBe('1.5 days');
    expect(daysPhrase(1)).toBe('1 day');
    expect(daysPhrase(12.4)).toBe('12 days');
    expect(daysPhrase(0.25)).toBe('6 h');
  });
});

describe('renderTimedText', () => {
  const text = {
    template:
      "92 % of today's cap used, {at:resetAt:resets:reset}; for {span:since}; about {days:zeroAt}; on {date:resetAt}",
    times: { resetAt: NOW + 9 * H, since: NOW - 7 * H, zeroAt: NOW + 36 * H },
  };

  it('phrases each instant as of the moment it is shown', () => {
    expect(renderTimedText(text, { now: NOW, ...utc })).toBe(
      "92 % of today's cap used, resets in 9 h, tomorrow 00:00; for 7 h; about 1.5 days; on 2026-05-12",
    );
    // A week later the reset is in the past and says so; nothing frozen at "in 9 h".
    const later = renderTimedText(text, { now: NOW + 7 * 24 * H, ...utc });
    expect(later).toMatch(/^92 % of today's cap used, reset 7 days ago, 12 May;/);
  });

  it('spans of history stay as they were at the event when asked (spanTo)', () => {
    expect(renderTimedText(text, { now: NOW + 24 * H, spanTo: NOW, ...utc })).toContain('for 7 h; about 1.5 days');
    expect(renderTimedText(text, { now: NOW + 24 * H, ...utc })).toContain('for 31 h; about 12 h');
  });

  it('an instant it was not given reads as unknown, never as a made-up time', () => {
    expect(renderTimedText({ template: 'resets {at:resetAt}', times: {} }, { now: NOW })).toBe('resets (unknown time)');
  });
});
