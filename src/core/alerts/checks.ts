import type { AlertService } from './service.ts';
import { realTimers } from '../timers.ts';
import type { Timers } from '../timers.ts';

/** setTimeout/clearTimeout, injectable so the check runs on a fake clock in tests. */
export type CheckTimers = Timers;

export const ALERT_CHECK_INTERVAL_MS = 60_000;

/**
 * The periodic check for rules that fire with time alone (stale data, a key or pack
 * expiring, the daily cap rolling over): every account is evaluated once a minute. It runs
 * wherever the poller runs continuously — the app and `watch` — next to the poller rather
 * than inside it, because it must keep running while polling is paused (a pack expires
 * whether or not we poll). One-shot `poll` needs none: evaluating after each reading covers
 * every rule of the accounts it polled. Returns a function that stops the checks.
 */
export function startAlertChecks(
  alerts: Pick<AlertService, 'check' | 'setWatchingSince'>,
  options: { intervalMs?: number; timers?: CheckTimers; now?: () => number; onError?: (error: unknown) => void } = {},
): () => void {
  const timers = options.timers ?? realTimers;
  // From now on this process polls continuously: stale data gets a threshold of polling first.
  alerts.setWatchingSince((options.now ?? Date.now)());
  const every = options.intervalMs ?? ALERT_CHECK_INTERVAL_MS;
  let handle: unknown = null;
  let stopped = false;
  const tick = () => {
    handle = null;
    if (stopped) return;
    try {
      alerts.check();
    } catch (error) {
      options.onError?.(error);
    }
    if (!stopped) handle = timers.setTimeout(tick, every);
  };
  handle = timers.setTimeout(tick, every);
  return () => {
    stopped = true;
    alerts.setWatchingSince(null);
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
  };
}
