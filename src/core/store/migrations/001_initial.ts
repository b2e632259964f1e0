import type { Migration } from './types.ts';

/**
 * The first schema. Times are unix milliseconds (INTEGER); amounts are integer micros
 * of their unit (see src/shared/decimal.ts); key states and units are small integer codes.
 *
 * `readings` is WITHOUT ROWID with (account_pk, ts) as its key: the table is its own
 * index for "this account between these times", and each row costs ~30 bytes instead of
 * a row plus a second index entry.
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE accounts (
        pk              INTEGER PRIMARY KEY,
        id              TEXT    NOT NULL UNIQUE,
        provider        TEXT    NOT NULL,
        label           TEXT    NOT NULL,
        base_url        TEXT,
        options         TEXT    NOT NULL DEFAULT '{}',
        poll_interval_s INTEGER NOT NULL DEFAULT 300 CHECK (poll_interval_s >= 30),
        enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        key_updated_at  INTEGER,
        removed_at      INTEGER
      );

      CREATE TABLE readings (
        account_pk     INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE,
        ts             INTEGER NOT NULL,
        state          INTEGER NOT NULL,
        balance        INTEGER,
        unit           INTEGER,
        http_status    INTEGER,
        retry_after_s  INTEGER,
        cap_unit       INTEGER,
        cap_limit      INTEGER,
        cap_used       INTEGER,
        cap_remaining  INTEGER,
        cap_reset_at   INTEGER,
        key_expires_at INTEGER,
        message        TEXT,
        PRIMARY KEY (account_pk, ts)
      ) WITHOUT ROWID;

      CREATE TABLE packs (
        pk           INTEGER PRIMARY KEY,
        id           TEXT    NOT NULL UNIQUE,
        account_pk   INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE,
        credits      INTEGER NOT NULL CHECK (credits > 0),
        price        INTEGER NOT NULL CHECK (price >= 0),
        currency     TEXT    NOT NULL CHECK (currency IN ('USD', 'CNY')),
        purchased_at INTEGER NOT NULL,
        validity     TEXT    NOT NULL,
        expires_at   INTEGER,
        note         TEXT,
        created_at   INTEGER NOT NULL
      );
      CREATE INDEX packs_by_account ON packs (account_pk, expires_at);

      -- One row per (account, rule): whether the rule's episode is on, so an alert fires
      -- once per episode and re-arms only after it clears, across restarts.
      CREATE TABLE alert_state (
        account_pk    INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE,
        rule          TEXT    NOT NULL,
        active        INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        fired_at      INTEGER,
        cleared_at    INTEGER,
        snoozed_until INTEGER,
        data          TEXT,
        PRIMARY KEY (account_pk, rule)
      ) WITHOUT ROWID;

      CREATE TABLE alert_events (
        id         INTEGER PRIMARY KEY,
        account_pk INTEGER REFERENCES accounts(pk) ON DELETE CASCADE,
        ts         INTEGER NOT NULL,
        kind       TEXT    NOT NULL,
        severity   TEXT    NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        message    TEXT    NOT NULL,
        notified   INTEGER NOT NULL DEFAULT 0,
        data       TEXT
      );
      CREATE INDEX alert_events_by_account ON alert_events (account_pk, ts);
      CREATE INDEX alert_events_by_time ON alert_events (ts);

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
