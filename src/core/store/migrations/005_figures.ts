import type { Migration } from './types.ts';

/**
 * What the figures need to count money once and say where they come from:
 *
 * - `accounts.shares_balance_pk`: the account whose balance this one spends from (two keys
 *   of one CheapAI account see one shared credit balance). Set by the person, never
 *   guessed; totals count such a balance once. Removing that account unlinks.
 * - `accounts.billing`: how the provider bills the account, as its last poll said
 *   (Lumenfall `billing_type`); NULL until a provider says (prepaid, like every other).
 * - `readings.source`: how a reading was made: NULL polled, 1 recorded by hand (or a booked
 *   task), 2 imported. Older readings are polls, except a manual provider's. No CHECK: SQLite
 *   would test it against every stored reading, and adding a nullable column is otherwise
 *   instant however long the history (the repository writes only NULL, 1 or 2).
 * - The daily cap's reset moves from `capResetUtc` (a time of day in UTC) to
 *   `capResetTime` + `capTimeZone` (a time of day in an IANA zone); the old option is
 *   rewritten as that time in UTC, so every cap window stays where it was.
 */
export const migration005: Migration = {
  version: 5,
  name: 'shared balances, billing type, reading source, cap reset zone',
  up(db) {
    db.exec(`
      ALTER TABLE accounts ADD COLUMN shares_balance_pk INTEGER REFERENCES accounts(pk) ON DELETE SET NULL;
      ALTER TABLE accounts ADD COLUMN billing TEXT CHECK (billing IN ('prepaid', 'postpaid'));
      ALTER TABLE readings ADD COLUMN source INTEGER;
    `);
    const rows = db.prepare("SELECT pk, options FROM accounts WHERE options LIKE '%capResetUtc%'").all() as Array<{
      pk: number;
      options: string;
    }>;
    const update = db.prepare('UPDATE accounts SET options = ? WHERE pk = ?');
    for (const row of rows) {
      let options: Record<string, unknown>;
      try {
        options = JSON.parse(row.options) as Record<string, unknown>;
      } catch {
        continue; // unreadable options stay as they are; the account's reader refuses them as before
      }
      if (options === null || typeof options !== 'object' || !('capResetUtc' in options)) continue;
      const { capResetUtc, ...rest } = options;
      update.run(JSON.stringify({ capResetTime: capResetUtc, capTimeZone: 'UTC', ...rest }), row.pk);
    }
  },
};
