import type { Migration } from './types.ts';

/**
 * What self-hosted gateways publish about their own units (new-api's unauthenticated
 * `GET /api/status`: `quota_per_unit`, `quota_display_type`, `usd_exchange_rate`), one row per
 * provider and base URL, shared by every account on that site. Read once a day and on account
 * add; `checked_at` is the last attempt, `read_at` the last one that worked. A failed attempt
 * records its named reason and keeps what was last read. Decimals are stored as text, exactly
 * as read; NULL means the site did not say.
 */
export const migration006: Migration = {
  version: 6,
  name: 'site settings (new-api /api/status)',
  up(db) {
    db.exec(`
      CREATE TABLE site_settings (
        provider          TEXT    NOT NULL,
        base_url          TEXT    NOT NULL,
        checked_at        INTEGER NOT NULL,
        read_at           INTEGER,
        quota_per_unit    TEXT,
        display_type      TEXT,
        usd_exchange_rate TEXT,
        error_reason      TEXT,
        error_message     TEXT,
        PRIMARY KEY (provider, base_url)
      ) WITHOUT ROWID;
    `);
  },
};
