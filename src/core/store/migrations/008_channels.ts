import type { Migration } from './types.ts';

/**
 * Alert channels: where alerts go beyond the desktop (a webhook, ntfy, Gotify, Bark, a
 * Telegram bot, Slack or Discord). A row holds what may be shown and stored; the URL itself
 * and any token or signing secret live in the keychain (entry `channel:<id>`), because
 * several services put their token in the URL path. `target` is the URL with everything
 * after the origin hidden.
 *
 * The last delivery outcome is kept per channel (success and failure separately), so a
 * channel that stopped working is visible in `channels list` and Settings.
 */
export const migration008: Migration = {
  version: 8,
  name: 'alert channels',
  up(db) {
    db.exec(`
      CREATE TABLE channels (
        pk              INTEGER PRIMARY KEY,
        id              TEXT NOT NULL UNIQUE,
        kind            TEXT NOT NULL,
        target          TEXT NOT NULL,
        min_severity    TEXT NOT NULL CHECK (min_severity IN ('info', 'warning', 'critical')),
        has_secret      INTEGER NOT NULL DEFAULT 0 CHECK (has_secret IN (0, 1)),
        enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at      INTEGER NOT NULL,
        last_success_at INTEGER,
        last_failure_at INTEGER,
        last_error      TEXT
      );
    `);
  },
};
