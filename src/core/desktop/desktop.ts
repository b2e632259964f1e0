import type { Core } from '../core.ts';
import type { Poller } from '../poller/index.ts';
import { computeStatus } from '../analytics/status.ts';
import { accountName } from '../alerts/gather.ts';
import { startAlertChecks } from '../alerts/checks.ts';
import { startRetention } from '../retention.ts';
import type { RetentionRunner, RetentionRunnerOptions } from '../retention.ts';
import type { CheckTimers } from '../alerts/checks.ts';
import { startNotifier } from './notifier.ts';
import type { NotificationLike, NotificationOptions } from './notifier.ts';
import { createPauseControl, watchOnline } from './pause.ts';
import type { PauseControl } from './pause.ts';
import { trayIconName, trayMenu, trayState, trayTitle, trayTooltip, USER_PAUSE_MS } from './tray-model.ts';
import type { TrayAction, TrayAlert, TrayMenuItem, TraySnapshot } from './tray-model.ts';
import type { ActiveAlert } from '../../shared/alerts.ts';
import { realTimers } from '../timers.ts';
import { buysLine } from '../pricing/buys.ts';
import { readLocale } from '../window/settings.ts';

/** The tray as the controller drives it; main implements it over Electron's Tray and Menu. */
export interface TrayPort {
  setIcon(file: string): void;
  setToolTip(text: string): void;
  /** macOS menu-bar text; main ignores it elsewhere. */
  setTitle(text: string): void;
  setMenu(items: TrayMenuItem[], onAction: (action: TrayAction) => void): void;
  destroy(): void;
}

/** Electron's powerMonitor, or a fake: sleep and wake. */
export interface PowerEvents {
  on(event: 'suspend' | 'resume', listener: () => void): unknown;
  removeListener(event: 'suspend' | 'resume', listener: () => void): unknown;
}

export interface DesktopDeps {
  core: Core;
  poller: Poller;
  platform: string;
  createTray(iconFile: string): TrayPort;
  /** Full path of a tray icon by file name (`okTemplate.png`, `warning.png`…). */
  iconFile(name: string): string;
  notifications: { isSupported(): boolean; create(options: NotificationOptions): NotificationLike };
  power: PowerEvents;
  isOnline(): boolean;
  /** Show the window, on one account when given (a notification or a menu line was clicked). */
  showWindow(accountId?: string): void;
  /** Quit the app (main runs its orderly shutdown). */
  quit(): void;
  /**
   * The system's locale (main: app.getLocale()): the tray and notifications speak it unless
   * Settings chose a language.
   */
  locale?: string;
  timers?: CheckTimers;
  now?: () => number;
  random?: () => number;
  onError?: (error: unknown) => void;
  /** How data retention prunes (main: in a worker); in this thread by default. */
  prune?: RetentionRunnerOptions['prune'];
}

export interface Desktop {
  /** Start polling, the minute check, data retention, notifications, the tray and the power/network watch. */
  start(): void;
  /** Stop it all; resolves once polls in flight are stored. The caller then closes the core. */
  stop(): Promise<void>;
  /** What a tray menu item does (also used by tests). */
  act(action: TrayAction): void;
  /** The tray's current snapshot (also used by tests). */
  snapshot(): TraySnapshot;
  /** Draw the tray again soon (the language changed: its words do). */
  redraw(): void;
  readonly pause: PauseControl;
}

const SEVERITY_RANK: Record<ActiveAlert['severity'], number> = { critical: 2, warning: 1, info: 0 };

/**
 * The tray's alerts section: alerts on now that nobody has held back (snoozed, dismissed,
 * muted), warnings and worse, the most severe first and then the newest.
 */
export function trayAlerts(active: ActiveAlert[]): TrayAlert[] {
  return active
    .filter((a) => a.quiet === null && a.severity !== 'info')
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || Date.parse(b.since) - Date.parse(a.since))
    .map(({ accountId, kind, severity, message, phrase, times }) => ({
      accountId,
      kind,
      severity,
      message,
      ...(phrase ? { phrase } : {}),
      ...(times ? { times } : {}),
    }));
}

/** Electron shows notification buttons on macOS and Windows; Linux notifications have none. */
export function notificationActionsSupported(platform: string): boolean {
  return platform === 'darwin' || platform === 'win32';
}

/** Tray redraws are coalesced: a refresh of ten accounts draws once. */
const REDRAW_DELAY_MS = 250;

/**
 * The app's life in the background, with every Electron object injected: the poller runs
 * whether or not the window is open; alerts become native notifications; the tray shows the
 * worst state, totals and a menu; sleep and network loss pause polling and waking resumes
 * it with jitter. Main only builds the Electron objects and calls start/stop.
 */
export function createDesktop(deps: DesktopDeps): Desktop {
  const { core, poller } = deps;
  const timers = deps.timers ?? realTimers;
  const now = deps.now ?? core.now;
  const onError = deps.onError ?? (() => undefined);
  let tray: TrayPort | null = null;
  let redrawTimer: unknown = null;
  let lastIcon = '';
  const stops: Array<() => void> = [];
  let retention: RetentionRunner | null = null;

  const pause = createPauseControl({
    poller,
    alerts: core.alerts,
    timers,
    now,
    random: deps.random ?? Math.random,
    onChange: () => scheduleRedraw(),
  });

  function snapshot(): TraySnapshot {
    const t = now();
    const status = computeStatus(core, { now: t });
    const stored = new Map(core.repos.accounts.list().map((a) => [a.id, a]));
    const locale = readLocale(core, deps.locale);
    const p = pause.state();
    const rank = new Map(status.totals.order.map((id, i) => [id, i]));
    const byUrgency = [...status.accounts].sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
    const newest = status.accounts.reduce<number | null>((max, a) => {
      const at = a.lastReadingAt === null ? null : Date.parse(a.lastReadingAt);
      return at !== null && (max === null || at > max) ? at : max;
    }, null);
    return {
      now: t,
      accounts: byUrgency.map((a) => ({
        id: a.id,
        name: accountName(a),
        label: a.label,
        enabled: stored.get(a.id)?.enabled ?? false,
        state: a.state,
        balance: a.balance,
        runwayDays: a.runway.days,
        runwayCause: a.runway.cause,
        buys: buysLine(core, stored.get(a.id), a, locale),
        health: a.health,
      })),
      attention: status.totals.attention,
      nextToRunOut: status.totals.nextToRunOut,
      total: status.totals.value === null ? null : { amount: status.totals.value, currency: status.totals.currency },
      pause: { reasons: p.reasons, until: p.until },
      alerts: trayAlerts(core.alerts.active({ now: t })),
      updatedAt: newest,
      platform: deps.platform,
      locale: readLocale(core, deps.locale),
    };
  }

  function redraw(): void {
    redrawTimer = null;
    if (!tray) return;
    try {
      const s = snapshot();
      const icon = deps.iconFile(trayIconName(trayState(s), deps.platform));
      if (icon !== lastIcon) tray.setIcon(icon);
      lastIcon = icon;
      tray.setToolTip(trayTooltip(s));
      tray.setTitle(deps.platform === 'darwin' ? trayTitle(s) : '');
      tray.setMenu(trayMenu(s), act);
    } catch (error) {
      onError(error);
    }
  }

  function scheduleRedraw(): void {
    if (redrawTimer !== null || !tray) return;
    redrawTimer = timers.setTimeout(redraw, REDRAW_DELAY_MS);
  }

  function act(action: TrayAction): void {
    switch (action.type) {
      case 'open-account':
        return deps.showWindow(action.accountId);
      case 'open':
        return deps.showWindow();
      case 'snooze':
        try {
          core.alerts.snoozeFor({ accountId: action.accountId, kind: action.kind, for: '1h' });
        } catch (error) {
          onError(error);
        }
        return;
      case 'refresh':
        poller.refresh().then(scheduleRedraw, onError);
        return;
      case 'pause':
        return pause.pauseByUser(USER_PAUSE_MS);
      case 'resume':
        return pause.resumeByUser();
      case 'quit':
        return deps.quit();
    }
  }

  return {
    pause,
    act,
    snapshot,
    redraw: () => scheduleRedraw(),
    start() {
      tray = deps.createTray(deps.iconFile(trayIconName('ok', deps.platform)));
      lastIcon = '';
      redraw();
      const notifier = startNotifier({
        alerts: core.alerts,
        isSupported: deps.notifications.isSupported,
        create: deps.notifications.create,
        onClick: (accountId) => deps.showWindow(accountId),
        locale: () => readLocale(core, deps.locale),
        actions: notificationActionsSupported(deps.platform),
        onAction: (event, action) => {
          try {
            if (action === 'snooze') core.alerts.snoozeFor({ accountId: event.accountId, kind: event.kind, for: '1h' });
            else core.alerts.dismiss({ id: event.id });
          } catch (error) {
            onError(error);
          }
        },
        now,
      });
      stops.push(() => notifier.stop());
      stops.push(core.alerts.on(() => scheduleRedraw()));
      // A snooze, dismissal, mute or alert setting (from the window, the CLI's process is another) changes the tray.
      stops.push(core.alerts.onChanged(() => scheduleRedraw()));
      stops.push(poller.on('poll', () => scheduleRedraw()));
      stops.push(poller.on('scheduler', () => scheduleRedraw()));
      const suspend = () => pause.suspended();
      const wake = () => pause.woke();
      deps.power.on('suspend', suspend);
      deps.power.on('resume', wake);
      stops.push(() => {
        deps.power.removeListener('suspend', suspend);
        deps.power.removeListener('resume', wake);
      });
      poller.start();
      // The minute check also catches up on alerts other processes raised, and redraws the
      // tray (runway and "resets in" move with time alone).
      stops.push(
        startAlertChecks(
          {
            check: () => {
              const fired = core.alerts.check();
              notifier.catchUp();
              scheduleRedraw();
              return fired;
            },
            setWatchingSince: core.alerts.setWatchingSince,
          },
          { timers, now, onError },
        ),
      );
      notifier.catchUp();
      stops.push(watchOnline(deps.isOnline, pause, timers));
      // Data retention: once a day, and when the setting changes (settings screen).
      retention = startRetention(core, { timers, now, onError, ...(deps.prune ? { prune: deps.prune } : {}) });
    },
    async stop() {
      for (const stop of stops.splice(0).reverse()) stop();
      // A prune in progress stops between batches before the caller closes the database.
      await retention?.stop();
      retention = null;
      pause.dispose();
      if (redrawTimer !== null) timers.clearTimeout(redrawTimer);
      redrawTimer = null;
      tray?.destroy();
      tray = null;
      await poller.stop();
    },
  };
}
