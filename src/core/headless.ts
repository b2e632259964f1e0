import type { Core } from './core.ts';
import { createPoller } from './poller/index.ts';
import type { Poller, PollerOptions } from './poller/index.ts';
import { startAlertChecks } from './alerts/checks.ts';
import { startRetention } from './retention.ts';
import { checkDatabaseAfterStart } from './database-check.ts';
import { workerJobRunner } from './jobs/runner.ts';
import type { JobRunner } from './jobs/runner.ts';

export interface HeadlessOptions extends PollerOptions {
  /** Pruning old readings failed (the next daily run tries again). */
  onRetentionError?: (error: unknown) => void;
  /**
   * The database is too large to be checked at every open: check it in full in a worker
   * thread after start (database-check.ts), and call this with SQLite's finding on damage.
   */
  onDatabaseDamage?: (problem: string) => void;
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
 * minute check (rules that fire with time alone), data retention and the full check of a
 * large database, over one core. The app
 * runs the same three pieces through src/core/desktop, with sleep, network and the tray
 * around them.
 */
export function createHeadless(core: Core, options: HeadlessOptions = {}): Headless {
  const poller = createPoller(core, options);
  const stopAlertChecks = startAlertChecks(core.alerts, { now: core.now, onError: options.onError });
  // Whoever polls continuously also prunes what data retention says to (the app does the same).
  const retention = startRetention(core, { now: core.now, onError: options.onRetentionError ?? options.onError });
  let stopped: Promise<void> | null = null;
  let checks: JobRunner | null = null;
  return {
    poller,
    start() {
      poller.start();
      const onDamage = options.onDatabaseDamage;
      if (onDamage && !checks) {
        checks = workerJobRunner();
        checkDatabaseAfterStart(core, { runner: checks, onDamage });
      }
    },
    stop() {
      stopped ??= (async () => {
        await poller.stop();
        stopAlertChecks();
        await retention.stop();
        // A check still reading is stopped outright: it wrote nothing.
        await checks?.close();
      })();
      return stopped;
    },
  };
}
