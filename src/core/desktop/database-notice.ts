import type { Core } from '../core.ts';
import { translator } from '../../shared/i18n.ts';
import { readLocale } from '../window/settings.ts';
import type { NotificationLike, NotificationOptions } from './notifier.ts';

/**
 * The app's way to say that the full check found the database damaged (database-check.ts):
 * a notification that stays, in the language the app speaks, asking for a restart (which
 * moves the file aside). SQLite's findings are in the log, not in the notification.
 */
export function databaseDamageNotice(
  core: Core,
  notifications: { isSupported(): boolean; create(options: NotificationOptions): NotificationLike },
  systemLocale?: string,
): () => void {
  return () => {
    if (!notifications.isSupported()) return;
    const t = translator(readLocale(core, systemLocale));
    notifications
      .create({
        title: t('notice.databaseDamaged.title'),
        body: t('notice.databaseDamaged.body'),
        urgency: 'critical',
      })
      .show();
  };
}
