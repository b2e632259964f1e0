import type { Migration } from './types.ts';

/**
 * Data retention. `history_horizon` names, per account, the instant before which its raw
 * readings were pruned (settings: "keep readings for N days"): that span lives on only in
 * `rollup_hour`, `rollup_day` and `balance_events`, which pruning never touches, plus the
 * one balance reading just before the horizon that links the spend chain across it.
 *
 * The horizon is what keeps the two consistent: a rollup rebuild never starts before it
 * (the readings it would rebuild from are gone), readings older than it are not stored
 * again (they could not be rolled up), and the analytics read the span before it from
 * the rollups only. No row = nothing pruned, the default ("keep everything").
 */
export const migration004: Migration = {
  version: 4,
  name: 'history horizon (data retention)',
  up(db) {
    db.exec(`
      CREATE TABLE history_horizon (
        account_pk INTEGER PRIMARY KEY REFERENCES accounts(pk) ON DELETE CASCADE,
        before_ts  INTEGER NOT NULL
      );
    `);
  },
};
