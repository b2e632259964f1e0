import type { Migration } from './types.ts';

/**
 * Rollups: what charts, burn and runway read instead of scanning millions of readings.
 *
 * `rollup_hour` and `rollup_day` hold, per account and UTC bucket (`bucket` = start, unix ms):
 * the readings in it (n, n_ok = state ok), the balance stats of those that carried one
 * (first/last with their times, min, max), and what the spend chain put there: `spend`
 * (decreases spread evenly over the time between the two readings, so a gap lands across
 * the hours/days it covers), `covered_ms` (how much of the bucket that spread covers, so "no
 * data" differs from "spent nothing"), `topups` (sum of increases, at the reading that saw
 * them) and `resets` (how many quota resets). Amounts are integer micros of `unit`.
 *
 * `balance_events` keeps each top-up and reset itself (rare: a few a month), for suggested
 * packs, alerts and the history view.
 *
 * They are maintained in the same transaction as each inserted reading. `rollup_dirty`
 * names accounts whose rollups must be rebuilt from `from_ts` before they are read: this
 * migration marks every account that already has readings, so the (possibly long) rebuild
 * runs with the current code on first use instead of inside the schema step.
 *
 * `readings_failed` is a partial index: only failed readings (a small share) are in it, so
 * "show me the errors" does not scan a year of ok readings, and ok readings cost no bytes.
 */
export const migration002: Migration = {
  version: 2,
  name: 'rollups, balance events, failed-readings index',
  up(db) {
    const bucketColumns = `
        account_pk   INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE,
        bucket       INTEGER NOT NULL,
        unit         INTEGER,
        n            INTEGER NOT NULL DEFAULT 0,
        n_ok         INTEGER NOT NULL DEFAULT 0,
        first_ts     INTEGER,
        first_balance INTEGER,
        last_ts      INTEGER,
        last_balance INTEGER,
        min_balance  INTEGER,
        max_balance  INTEGER,
        spend        INTEGER NOT NULL DEFAULT 0,
        topups       INTEGER NOT NULL DEFAULT 0,
        resets       INTEGER NOT NULL DEFAULT 0,
        covered_ms   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account_pk, bucket)`;
    db.exec(`
      CREATE TABLE rollup_hour (${bucketColumns}) WITHOUT ROWID;
      CREATE TABLE rollup_day (${bucketColumns}) WITHOUT ROWID;

      CREATE TABLE balance_events (
        account_pk INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE,
        ts         INTEGER NOT NULL,
        kind       INTEGER NOT NULL CHECK (kind IN (1, 2)), -- 1 top-up, 2 reset
        amount     INTEGER NOT NULL,
        unit       INTEGER NOT NULL,
        prev_ts    INTEGER NOT NULL,
        prev_balance INTEGER NOT NULL,
        balance    INTEGER NOT NULL,
        PRIMARY KEY (account_pk, ts)
      ) WITHOUT ROWID;

      CREATE TABLE rollup_dirty (
        account_pk INTEGER PRIMARY KEY REFERENCES accounts(pk) ON DELETE CASCADE,
        from_ts    INTEGER NOT NULL
      );

      CREATE INDEX readings_failed ON readings (account_pk, ts) WHERE state <> 0;

      INSERT INTO rollup_dirty (account_pk, from_ts)
        SELECT a.pk, (SELECT min(r.ts) FROM readings r WHERE r.account_pk = a.pk)
        FROM accounts a
        WHERE EXISTS (SELECT 1 FROM readings r WHERE r.account_pk = a.pk);
    `);
  },
};
