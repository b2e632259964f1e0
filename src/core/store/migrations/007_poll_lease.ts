import type { Migration } from './types.ts';

/**
 * Two processes must never poll one account at once (the app and `watch`, two `poll`s): the
 * readings would arrive out of order and a spend would look like a top-up.
 *
 * `poll_leases` is the cross-process lock: a process polls an account only while it holds
 * the account's row, taken in one statement when it is free or expired (`expires_at`, unix
 * ms), and deleted when the poll is stored. A process that dies mid-poll leaves a lease that
 * expires on its own.
 *
 * `late_readings` marks the polled readings that were older than the account's newest
 * reading when they were stored. They stay in history, but an increase into or out of one
 * is never read as a top-up (the provider may have answered the earlier request later).
 */
export const migration007: Migration = {
  version: 7,
  name: 'poll leases and late readings',
  up(db) {
    db.exec(`
      CREATE TABLE poll_leases (
        account_pk INTEGER PRIMARY KEY REFERENCES accounts(pk) ON DELETE CASCADE,
        holder     TEXT    NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE late_readings (
        account_pk INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE,
        ts         INTEGER NOT NULL,
        PRIMARY KEY (account_pk, ts)
      ) WITHOUT ROWID;
    `);
  },
};
