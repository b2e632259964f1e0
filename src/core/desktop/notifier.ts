import type { AlertEvent } from '../../shared/alerts.ts';
import type { AlertService } from '../alerts/service.ts';
import { alertDetail } from '../../shared/alert-phrase.ts';
import { translator } from '../../shared/i18n.ts';

/** What the notifier needs of a native notification (Electron's Notification, or a fake). */
export interface NotificationLike {
  show(): void;
  on(event: 'click' | 'close', listener: () => void): unknown;
  /** A button was pressed: its index in `actions`. Main adapts Electron's 'action' event to this. */
  on(event: 'action', listener: (index: number) => void): unknown;
}

/** What a notification's buttons do: snooze its alert for an hour, or dismiss it. */
export type NotificationAction = 'snooze' | 'dismiss';

/** The buttons, in order. */
export const NOTIFICATION_ACTIONS: readonly NotificationAction[] = ['snooze', 'dismiss'];

/** A button's label in the locale's language ("Snooze 1 h", "1 小时内不再提醒"). */
export function notificationActionLabel(action: NotificationAction, locale?: string): string {
  return translator(locale)(`notification.${action}`);
}

/**
 * A notification for an alert: the account's name as the title, what happened as the body,
 * said in the locale's language (an alert keeps its figures, so any language can say it).
 */
export function notificationText(event: AlertEvent, locale: string | undefined, now: number): NotificationText {
  return { title: event.title, body: alertDetail(event, { locale, now, spanTo: Date.parse(event.at) }) };
}

export interface NotificationText {
  title: string;
  body: string;
}

export interface NotificationOptions {
  title: string;
  body: string;
  /** Linux: critical notifications stay until dismissed. */
  urgency: 'low' | 'normal' | 'critical';
  /** Button labels, where the platform shows buttons (macOS, Windows); absent elsewhere. */
  actions?: string[];
}

export interface NotifierDeps {
  alerts: Pick<AlertService, 'on' | 'markNotified' | 'pendingNotifications'>;
  isSupported(): boolean;
  create(options: NotificationOptions): NotificationLike;
  /** A notification was clicked: show the window on that account. */
  onClick(accountId: string): void;
  /** The locale notifications speak now (the language setting, else the system's); English when absent. */
  locale?: () => string;
  /**
   * Whether this platform's notifications show buttons (Electron: macOS and Windows; Linux
   * notifications have none, so there a click opens the account, where the alert's snooze
   * and dismiss are).
   */
  actions?: boolean;
  /** A notification's button was pressed for this alert. */
  onAction?(event: AlertEvent, action: NotificationAction): void;
  now(): number;
}

/** Alerts raised by another process (`poll`) this recently are still worth a notification. */
export const CATCH_UP_WINDOW_MS = 15 * 60_000;
/** At most this many notifications at once when catching up; the rest are in the list. */
const CATCH_UP_MAX = 3;
/** Notifications kept referenced so their click handlers are not garbage-collected. */
const KEEP_MAX = 20;

/**
 * Shows a native notification for every new alert that is not silenced (quiet hours,
 * snooze, notifications off): the provider and account as the title, what happened (with its
 * figure) as the body. Clicking one opens the window on that account; where the platform shows
 * buttons, "Snooze 1 h" and "Dismiss" act on the alert without opening anything. Alerts raised by other processes
 * (a `poll` from a terminal or cron) are picked up by catchUp(), run with the minute check.
 */
export function startNotifier(deps: NotifierDeps): { catchUp(): void; stop(): void } {
  const kept = new Set<NotificationLike>();
  let stopped = false;

  function show(event: AlertEvent): void {
    deps.alerts.markNotified(event.id);
    if (!deps.isSupported()) return;
    const locale = deps.locale?.();
    const n = deps.create({
      ...notificationText(event, locale, deps.now()),
      urgency: event.severity === 'critical' ? 'critical' : 'normal',
      ...(deps.actions ? { actions: NOTIFICATION_ACTIONS.map((a) => notificationActionLabel(a, locale)) } : {}),
    });
    kept.add(n);
    if (kept.size > KEEP_MAX) kept.delete(kept.values().next().value!);
    n.on('click', () => {
      kept.delete(n);
      deps.onClick(event.accountId);
    });
    n.on('close', () => kept.delete(n));
    if (deps.actions)
      n.on('action', (index: number) => {
        kept.delete(n);
        const action = NOTIFICATION_ACTIONS[index];
        if (action) deps.onAction?.(event, action);
      });
    n.show();
  }

  const off = deps.alerts.on((event) => {
    if (!stopped && event.silenced === null) show(event);
  });

  return {
    catchUp() {
      if (stopped) return;
      const pending = deps.alerts.pendingNotifications(deps.now() - CATCH_UP_WINDOW_MS);
      // The newest few are shown; older ones are marked so they are not shown later either.
      const older = pending.slice(0, Math.max(0, pending.length - CATCH_UP_MAX));
      for (const e of older) deps.alerts.markNotified(e.id);
      for (const e of pending.slice(older.length)) show(e);
    },
    stop() {
      stopped = true;
      off();
      kept.clear();
    },
  };
}
