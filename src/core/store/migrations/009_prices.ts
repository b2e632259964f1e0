import type { Migration } from './types.ts';

/**
 * What the balance buys (issue 14).
 *
 * `price_overrides`: prices a person set or imported, one per priced variant — a provider's
 * model with the parameters that select it (`params`, canonical JSON such as
 * `{"resolution":"2K"}`), its rule (JSON, see src/core/pricing/types.ts) and unit. An
 * override belongs to every account of `provider` (`account_pk` NULL) or to one account
 * (a new-api site's own prices). They are exported and imported with the history.
 *
 * `price_cache`: what providers published, as read through an account, with when it was
 * read: CheapAI's `/v1/packages`, a new-api site's `/api/pricing` and the user's group, and
 * the answers of CheapAI's price check. A cache, not history: never exported, replaced on
 * each read, and gone with its account.
 */
export const migration009: Migration = {
  version: 9,
  name: 'price overrides and the price cache',
  up(db) {
    db.exec(`
      CREATE TABLE price_overrides (
        id          INTEGER PRIMARY KEY,
        provider    TEXT NOT NULL,
        account_pk  INTEGER REFERENCES accounts(pk) ON DELETE CASCADE,
        model       TEXT NOT NULL,
        params      TEXT NOT NULL DEFAULT '{}',
        rule        TEXT NOT NULL,
        unit        TEXT NOT NULL,
        note        TEXT,
        updated_at  INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX price_overrides_variant
        ON price_overrides (provider, IFNULL(account_pk, 0), model, params);
      CREATE TABLE price_cache (
        account_pk  INTEGER NOT NULL REFERENCES accounts(pk) ON DELETE CASCADE,
        kind        TEXT NOT NULL,
        fetched_at  INTEGER NOT NULL,
        body        TEXT NOT NULL,
        PRIMARY KEY (account_pk, kind)
      );
    `);
  },
};
