import type { Core } from './core.ts';
import { createPoller } from './poller/index.ts';
import type { Poller, PollerOptions } from './poller/index.ts';
import { startAlertChecks } from './alerts/checks.ts';
import { startRetention } from './retention.ts';

export interface HeadlessOptions extends PollerOptions {
  /** Pruning old readings failed (the next daily run tries again). */
  onRetentionError?: (error: unknown) => void;
}

export interface Headless {
  readonly poller: Poller;
  /** Start polling. The alert minute check and data retention already run. */
  start(): void;
  /** Stop scheduling, let polls in flight be stored, stop the checks and a prune in progress. */
  stop(): Promise<void>;
}

/**
 * The engine without a window, as `watch` and `serve` run it: the app's poller, the alert
 * minute check (rules that fire with time alone) and data retention, over one core. The app
 * runs the same three pieces through src/core/desktop, with sleep, network and the tray
 * around them.
 */
export function createHeadless(core: Core, options: HeadlessOptions = {}): Headless {
  const poller = createPoller(core, options);
  const stopAlertChecks = startAlertChecks(core.alerts, { now: core.now, onError: options.onError });
  // Whoever polls continuously also prunes what data retention says to (the app does the same).
  const retention = startRetention(core, { now: core.now, onError: options.onRetentionError ?? options.onError });
  let stopped: Promise<void> | null = null;
  return {
    poller,
    start: () => poller.start(),
    stop() {
      stopped ??= (async () => {
        await poller.stop();
        stopAlertChecks();
        await retention.stop();
      })();
      return stopped;
    },
  };
}
