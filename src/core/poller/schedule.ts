import type { AccountOptions } from '../../shared/domain.ts';
import { DEFAULT_POLL_INTERVAL_SECONDS, MIN_POLL_INTERVAL_SECONDS } from '../../shared/domain.ts';
import type { KeyState } from '../../shared/states.ts';
import { capWindow } from '../analytics/cap-window.ts';

/**
 * When to poll next: pure functions of the last result, the clock and one random draw
 * `u` in [0, 1), so every rule is tested without timers. The scheduler owns the timers.
 *
 * The rules, in one place:
 * - first poll after start: a random offset in [0, min(interval, startSpread)), so accounts
 *   (and many running apps) do not all ask at the same instant;
 * - regular polls (ok, insufficient_balance): interval × [1, 1 + jitter]. Insufficient
 *   balance keeps the normal pace so a top-up is noticed;
 * - transient failures (server_error, network_error, timeout, bad_response, rate_limited
 *   without Retry-After, keychain unavailable): exponential backoff with full jitter above
 *   the interval: uniform in [interval, min(maxBackoff, interval × 2^failures)], where
 *   maxBackoff is never below the interval;
 * - Retry-After (either form; the outcome carries seconds) is a floor for every state:
 *   nothing is sent before it has passed. For rate_limited it replaces the backoff;
 * - daily_cap_reached: not before the cap resets — the provider's reset time when it gave
 *   one, else the end of the account's cap window (capWindow, option capResetUtc) — plus
 *   a small spread so capped keys do not all ask at the reset instant;
 * - invalid_key / expired_key: a hard hold (keyHold, 6 h) that the scheduler lifts early
 *   when the key or the account's settings change.
 */

export interface ScheduleRules {
  /** No account is polled more often than this, whatever its setting. */
  minIntervalMs: number;
  /** Regular polls wait interval × [1, 1 + jitter]. */
  jitter: number;
  /** Ceiling of the failure backoff (raised to the interval when the interval is longer). */
  maxBackoffMs: number;
  /** How long a refused or expired key waits before it is tried again unchanged. */
  keyHoldMs: number;
  /** First polls after start are spread over at most this long. */
  startSpreadMs: number;
  /** Polls after resume, a settings change or a cap reset are spread over at most this long. */
  resumeSpreadMs: number;
}

export const DEFAULT_RULES: Readonly<ScheduleRules> = {
  minIntervalMs: MIN_POLL_INTERVAL_SECONDS * 1000,
  jitter: 0.1,
  maxBackoffMs: 3600_000,
  keyHoldMs: 6 * 3600_000,
  startSpreadMs: 60_000,
  resumeSpreadMs: 60_000,
};

/**
 * Why the next poll is when it is. `retry_after`, `daily_cap` and `key` are waits the
 * provider imposed or that only a change can lift; `backoff` is ours after failures.
 */
export type Hold = 'retry_after' | 'daily_cap' | 'key' | 'backoff' | null;

/** What the last attempt produced: a key state, or the keychain could not give the key. */
export type AttemptState = KeyState | 'keychain_unavailable';

export interface LastAttempt {
  state: AttemptState;
  retryAfterSeconds: number | null;
  /** The provider's cap reset time (unix ms), when the reading carried one. */
  capResetAt: number | null;
}

export interface NextPoll {
  /** Milliseconds from `now` until the next poll. */
  delayMs: number;
  hold: Hold;
  /** Consecutive transient failures, after this attempt. */
  failures: number;
  /** Nothing may be sent before this instant (unix ms): the Retry-After floor, or 0. */
  notBefore: number;
}

/** The account's interval in ms: the override when given, its own setting otherwise, never below the floor. */
export function intervalMs(
  accountSeconds: number | null | undefined,
  overrideSeconds: number | null | undefined,
  rules: ScheduleRules = DEFAULT_RULES,
): number {
  const seconds = overrideSeconds ?? accountSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS;
  return Math.max(rules.minIntervalMs, seconds * 1000);
}

export function startDelay(interval: number, u: number, rules: ScheduleRules = DEFAULT_RULES): number {
  return u * Math.min(interval, rules.startSpreadMs);
}

export function regularDelay(interval: number, u: number, rules: ScheduleRules = DEFAULT_RULES): number {
  return interval * (1 + u * rules.jitter);
}

export function backoffCeiling(interval: number, failures: number, rules: ScheduleRules = DEFAULT_RULES): number {
  const cap = Math.max(rules.maxBackoffMs, interval);
  // 2^failures overflows to Infinity long after it passed the cap; min() keeps it finite.
  return Math.min(cap, interval * 2 ** Math.max(1, failures));
}

/** Full jitter above the interval: uniform in [interval, ceiling]. */
export function backoffDelay(
  interval: number,
  failures: number,
  u: number,
  rules: ScheduleRules = DEFAULT_RULES,
): number {
  return interval + u * (backoffCeiling(interval, failures, rules) - interval);
}

const TRANSIENT: ReadonlySet<AttemptState> = new Set([
  'server_error',
  'network_error',
  'timeout',
  'bad_response',
  'rate_limited',
  'keychain_unavailable',
]);

/** The next poll after an attempt, by the rules above. */
export function nextAfter(
  last: LastAttempt,
  ctx: { now: number; interval: number; failures: number; options: AccountOptions },
  u: number,
  rules: ScheduleRules = DEFAULT_RULES,
): NextPoll {
  const { now, interval } = ctx;
  const retryAfterMs =
    last.retryAfterSeconds !== null && last.retryAfterSeconds > 0 ? last.retryAfterSeconds * 1000 : 0;
  const notBefore = retryAfterMs > 0 ? now + retryAfterMs : 0;

  let delayMs: number;
  let hold: Hold;
  let failures = ctx.failures;
  switch (last.state) {
    case 'ok':
    case 'insufficient_balance':
      delayMs = regularDelay(interval, u, rules);
      hold = null;
      failures = 0;
      break;
    case 'daily_cap_reached': {
      const resetAt =
        last.capResetAt !== null && last.capResetAt > now ? last.capResetAt : capWindow(ctx.options, now).end;
      delayMs = resetAt - now + u * Math.min(interval, rules.resumeSpreadMs);
      hold = 'daily_cap';
      failures = 0;
      break;
    }
    case 'invalid_key':
    case 'expired_key':
      delayMs = Math.max(rules.keyHoldMs, interval) * (1 + u * rules.jitter);
      hold = 'key';
      failures = 0;
      break;
    default:
      if (!TRANSIENT.has(last.state)) throw new Error(`no schedule rule for state ${last.state}`);
      failures += 1;
      if (last.state === 'rate_limited' && retryAfterMs > 0) {
        // The provider said when; wait that long (never less than the interval), lightly spread.
        delayMs = Math.max(retryAfterMs, interval) * (1 + u * rules.jitter);
        hold = 'retry_after';
      } else {
        delayMs = backoffDelay(interval, failures, u, rules);
        hold = 'backoff';
      }
  }
  if (retryAfterMs > delayMs) {
    delayMs = retryAfterMs * (1 + u * rules.jitter);
    hold = 'retry_after';
  }
  return { delayMs, hold, failures, notBefore };
}

/**
 * When an account polls after resume (wake, back online). Waits the provider imposed
 * (Retry-After, daily cap, a refused key) keep their time; everything else is due soon,
 * spread over [0, min(interval, resumeSpread)) so accounts do not all fire at once.
 */
export function resumeAt(
  nextAt: number | null,
  hold: Hold,
  ctx: { now: number; interval: number },
  u: number,
  rules: ScheduleRules = DEFAULT_RULES,
): number {
  const soon = ctx.now + u * Math.min(ctx.interval, rules.resumeSpreadMs);
  if (hold === 'retry_after' || hold === 'daily_cap' || hold === 'key')
    return nextAt !== null && nextAt > ctx.now ? nextAt : soon;
  // A time already past (the machine slept through it) is spread too, not fired at once.
  return nextAt === null || nextAt <= ctx.now ? soon : Math.min(nextAt, soon);
}

/** After the key or settings changed: soon (spread), but never before a Retry-After. */
export function afterChangeAt(
  notBefore: number,
  ctx: { now: number; interval: number },
  u: number,
  rules: ScheduleRules = DEFAULT_RULES,
): number {
  return Math.max(notBefore, ctx.now + u * Math.min(ctx.interval, rules.resumeSpreadMs));
}
