import type { Poller } from '../poller/index.ts';
import type { AlertService } from '../alerts/service.ts';
import type { CheckTimers } from '../alerts/checks.ts';
import type { PauseReason } from './tray-model.ts';

export interface PauseDeps {
  poller: Pick<Poller, 'pause' | 'resume'>;
  alerts: Pick<AlertService, 'setWatchingSince'>;
  timers: CheckTimers;
  now(): number;
  /** Uniform in [0, 1). */
  random(): number;
  /** Told after every change (the tray redraws). */
  onChange(): void;
  /**
   * After waking or coming back online, wait up to this long (uniformly at random) before
   * polling: the network needs a moment, and many machines waking at once should not all
   * hit a provider in the same second. The poller spreads the accounts out after that.
   */
  resumeJitterMs?: number;
}

export interface PauseControl {
  /** "Pause for 1 hour": until `now + ms`, or until resumeByUser(). */
  pauseByUser(ms: number): void;
  resumeByUser(): void;
  suspended(): void;
  woke(): void;
  offline(): void;
  online(): void;
  state(): { reasons: PauseReason[]; until: number | null };
  dispose(): void;
}

export const DEFAULT_RESUME_JITTER_MS = 15_000;

/**
 * Polling is paused while any reason holds — the user paused it, the computer sleeps, the
 * network is gone — and resumes when the last one lifts: at once when the user resumes,
 * after a random short wait on waking or reconnecting. While paused, stale data is not
 * alerted on; after resuming it gets one threshold of polling first.
 */
export function createPauseControl(deps: PauseDeps): PauseControl {
  const reasons = new Set<PauseReason>();
  const jitter = deps.resumeJitterMs ?? DEFAULT_RESUME_JITTER_MS;
  let until: number | null = null;
  let userTimer: unknown = null;
  let resumeTimer: unknown = null;
  let polling = true;

  const clear = (handle: unknown) => {
    if (handle !== null) deps.timers.clearTimeout(handle);
  };

  function add(reason: PauseReason): void {
    clear(resumeTimer);
    resumeTimer = null;
    if (reasons.has(reason)) return;
    reasons.add(reason);
    if (polling) {
      polling = false;
      deps.poller.pause(reason);
      deps.alerts.setWatchingSince(Number.POSITIVE_INFINITY);
    }
    deps.onChange();
  }

  function remove(reason: PauseReason, soon: boolean): void {
    if (!reasons.delete(reason)) return;
    deps.onChange();
    if (reasons.size > 0 || polling) return;
    const go = () => {
      resumeTimer = null;
      if (reasons.size > 0 || polling) return;
      polling = true;
      deps.poller.resume(reason);
      deps.alerts.setWatchingSince(deps.now());
      deps.onChange();
    };
    clear(resumeTimer);
    if (soon) go();
    else resumeTimer = deps.timers.setTimeout(go, Math.floor(deps.random() * jitter));
  }

  return {
    pauseByUser(ms) {
      clear(userTimer);
      until = deps.now() + ms;
      userTimer = deps.timers.setTimeout(() => {
        userTimer = null;
        until = null;
        remove('user', true);
      }, ms);
      if (reasons.has('user')) deps.onChange();
      else add('user');
    },
    resumeByUser() {
      clear(userTimer);
      userTimer = null;
      until = null;
      remove('user', true);
    },
    suspended: () => add('suspend'),
    woke: () => remove('suspend', false),
    offline: () => add('offline'),
    online: () => remove('offline', false),
    state: () => ({ reasons: [...reasons], until: reasons.has('user') ? until : null }),
    dispose() {
      clear(userTimer);
      clear(resumeTimer);
      userTimer = resumeTimer = null;
    },
  };
}

/**
 * Watch the network the only way Electron's main process can (net.isOnline() has no
 * events there): ask every few seconds and report changes. Returns a stop function.
 */
export function watchOnline(
  isOnline: () => boolean,
  control: Pick<PauseControl, 'offline' | 'online'>,
  timers: CheckTimers,
  everyMs = 10_000,
): () => void {
  let last: boolean | null = null;
  let handle: unknown = null;
  let stopped = false;
  const tick = () => {
    handle = null;
    if (stopped) return;
    const now = isOnline();
    if (now !== last) {
      last = now;
      if (now) control.online();
      else control.offline();
    }
    handle = timers.setTimeout(tick, everyMs);
  };
  tick();
  return () => {
    stopped = true;
    if (handle !== null) timers.clearTimeout(handle);
  };
}
