/**
 * setTimeout/clearTimeout as an injectable pair: everything that waits (the poller, the
 * minute check, data retention, the tray) takes one, so tests run it on a fake clock.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The runtime's own timers. */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
