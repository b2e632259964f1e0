import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULES,
  afterChangeAt,
  backoffCeiling,
  backoffDelay,
  intervalMs,
  nextAfter,
  regularDelay,
  resumeAt,
  startDelay,
} from '../../../src/core/poller/schedule.ts';
import type { LastAttempt } from '../../../src/core/poller/schedule.ts';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const NOW = Date.parse('2026-03-10T12:00:00Z');
const U_LOW = 0;
const U_HIGH = 0.999999;

const attempt = (state: LastAttempt['state'], extra: Partial<LastAttempt> = {}): LastAttempt => ({
  state,
  retryAfterSeconds: null,
  capResetAt: null,
  ...extra,
});
const ctx = (failures = 0, interval = 300 * S, options = {}) => ({ now: NOW, interval, failures, options });

describe('interval', () => {
  it('uses the account setting, an override for every account, a default, and never goes below 30 s', () => {
    expect(intervalMs(600, null)).toBe(600 * S);
    expect(intervalMs(600, 120)).toBe(120 * S);
    expect(intervalMs(null, null)).toBe(300 * S);
    expect(intervalMs(5, null)).toBe(30 * S);
    expect(intervalMs(600, 1)).toBe(30 * S);
    expect(intervalMs(600, 1, { ...DEFAULT_RULES, minIntervalMs: 1000 })).toBe(1000);
  });
});

describe('start, regular and backoff delays', () => {
  it('spreads the first poll over [0, min(interval, 60 s))', () => {
    expect(startDelay(300 * S, U_LOW)).toBe(0);
    expect(startDelay(300 * S, U_HIGH)).toBeCloseTo(60 * S, -1);
    expect(startDelay(300 * S, U_HIGH)).toBeLessThan(60 * S);
    expect(startDelay(40 * S, U_HIGH)).toBeLessThan(40 * S);
  });

  it('keeps regular polls within interval × [1, 1.1]', () => {
    expect(regularDelay(300 * S, U_LOW)).toBe(300 * S);
    expect(regularDelay(300 * S, U_HIGH)).toBeLessThan(330 * S);
    expect(regularDelay(300 * S, U_HIGH)).toBeGreaterThan(329 * S);
  });

  it('doubles the backoff ceiling per failure up to 1 h, never below the interval', () => {
    expect([1, 2, 3, 4, 5, 40, 5000].map((n) => backoffCeiling(300 * S, n) / S)).toEqual([
      600, 1200, 2400, 3600, 3600, 3600, 3600,
    ]);
    // An interval longer than the cap: the backoff never polls faster than the interval.
    expect(backoffCeiling(2 * H, 3)).toBe(2 * H);
    expect(backoffDelay(2 * H, 3, U_LOW)).toBe(2 * H);
  });

  it('draws the backoff uniformly between the interval and the ceiling (full jitter)', () => {
    expect(backoffDelay(300 * S, 3, U_LOW)).toBe(300 * S);
    expect(backoffDelay(300 * S, 3, 0.5)).toBe((300 + (2400 - 300) / 2) * S);
    expect(backoffDelay(300 * S, 3, U_HIGH)).toBeCloseTo(2400 * S, -2);
  });
});

describe('nextAfter', () => {
  it('ok and insufficient_balance keep the normal pace and clear failures', () => {
    for (const state of ['ok', 'insufficient_balance'] as const) {
      const next = nextAfter(attempt(state), ctx(3), U_LOW);
      expect(next).toEqual({ delayMs: 300 * S, hold: null, failures: 0, notBefore: 0 });
    }
  });

  it.each([
    'server_error',
    'network_error',
    'timeout',
    'bad_response',
    'rate_limited',
    'keychain_unavailable',
  ] as const)('%s backs off and counts the failure', (state) => {
    const next = nextAfter(attempt(state), ctx(2), U_HIGH);
    expect(next.failures).toBe(3);
    expect(next.hold).toBe('backoff');
    expect(next.delayMs).toBeCloseTo(2400 * S, -2);
    expect(nextAfter(attempt(state), ctx(2), U_LOW).delayMs).toBe(300 * S);
  });

  it('waits exactly what Retry-After says on a 429, lightly spread, never sooner', () => {
    const low = nextAfter(attempt('rate_limited', { retryAfterSeconds: 900 }), ctx(0), U_LOW);
    expect(low).toEqual({ delayMs: 900 * S, hold: 'retry_after', failures: 1, notBefore: NOW + 900 * S });
    const high = nextAfter(attempt('rate_limited', { retryAfterSeconds: 900 }), ctx(0), U_HIGH);
    expect(high.delayMs).toBeGreaterThan(900 * S);
    expect(high.delayMs).toBeLessThan(990 * S);
  });

  it('does not poll faster than the interval when Retry-After is short', () => {
    const next = nextAfter(attempt('rate_limited', { retryAfterSeconds: 5 }), ctx(0), U_LOW);
    expect(next.delayMs).toBe(300 * S);
    expect(next.notBefore).toBe(NOW + 5 * S);
  });

  it('treats Retry-After as a floor on other failures too (a 503 with Retry-After)', () => {
    const next = nextAfter(attempt('server_error', { retryAfterSeconds: 7200 }), ctx(0), U_LOW);
    expect(next.delayMs).toBe(7200 * S);
    expect(next.hold).toBe('retry_after');
    const shorter = nextAfter(attempt('server_error', { retryAfterSeconds: 60 }), ctx(0), U_LOW);
    expect(shorter.delayMs).toBe(300 * S);
    expect(shorter.hold).toBe('backoff');
  });

  it('holds a capped key until the cap window ends (capResetUtc), then spreads a little', () => {
    const next = nextAfter(attempt('daily_cap_reached'), ctx(0, 300 * S, { capResetUtc: '05:00' }), U_LOW);
    expect(NOW + next.delayMs).toBe(Date.parse('2026-03-11T05:00:00Z'));
    expect(next.hold).toBe('daily_cap');
    const spread = nextAfter(attempt('daily_cap_reached'), ctx(0, 300 * S, { capResetUtc: '05:00' }), U_HIGH);
    expect(NOW + spread.delayMs).toBeGreaterThan(Date.parse('2026-03-11T05:00:00Z'));
    expect(NOW + spread.delayMs).toBeLessThan(Date.parse('2026-03-11T05:01:00Z'));
    // Default window: UTC midnight.
    expect(NOW + nextAfter(attempt('daily_cap_reached'), ctx(), U_LOW).delayMs).toBe(
      Date.parse('2026-03-11T00:00:00Z'),
    );
  });

  it('prefers the reset time the provider reported for the cap', () => {
    const resetAt = Date.parse('2026-03-10T18:30:00Z');
    const next = nextAfter(attempt('daily_cap_reached', { capResetAt: resetAt }), ctx(), U_LOW);
    expect(NOW + next.delayMs).toBe(resetAt);
    // A reset time already past is ignored in favour of the window.
    const stale = nextAfter(attempt('daily_cap_reached', { capResetAt: NOW - H }), ctx(), U_LOW);
    expect(NOW + stale.delayMs).toBe(Date.parse('2026-03-11T00:00:00Z'));
  });

  it.each(['invalid_key', 'expired_key'] as const)('%s holds hard for 6 h (or the interval when longer)', (state) => {
    expect(nextAfter(attempt(state), ctx(4), U_LOW)).toEqual({
      delayMs: 6 * H,
      hold: 'key',
      failures: 0,
      notBefore: 0,
    });
    expect(nextAfter(attempt(state), ctx(0), U_HIGH).delayMs).toBeLessThan(6.6 * H);
    expect(nextAfter(attempt(state), ctx(0, 12 * H), U_LOW).delayMs).toBe(12 * H);
  });
});

describe('resume and change', () => {
  const c = { now: NOW, interval: 300 * S };

  it('brings ordinary and backed-off accounts forward to a spread within a minute', () => {
    expect(resumeAt(NOW + 4 * MIN, null, c, U_LOW)).toBe(NOW);
    expect(resumeAt(NOW + 40 * MIN, 'backoff', c, 0.5)).toBe(NOW + 30 * S);
    expect(resumeAt(NOW - H, null, c, 0.5)).toBe(NOW + 30 * S);
    expect(resumeAt(NOW - H, 'backoff', c, U_HIGH)).toBeLessThan(NOW + 60 * S);
    expect(resumeAt(NOW + 10 * S, null, c, U_HIGH)).toBe(NOW + 10 * S);
  });

  it('keeps waits the provider imposed', () => {
    for (const hold of ['retry_after', 'daily_cap', 'key'] as const) {
      expect(resumeAt(NOW + 2 * H, hold, c, U_LOW)).toBe(NOW + 2 * H);
      expect(resumeAt(NOW - 1, hold, c, 0.5)).toBe(NOW + 30 * S);
    }
  });

  it('polls soon after a change, but never before a Retry-After', () => {
    expect(afterChangeAt(0, c, 0.5)).toBe(NOW + 30 * S);
    expect(afterChangeAt(NOW + 10 * MIN, c, 0.5)).toBe(NOW + 10 * MIN);
  });
});
