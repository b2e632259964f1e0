import type { Database } from 'better-sqlite3';
import { divRoundBig, fromMicros, toMicrosBig } from '../../../shared/decimal.ts';
import type { Migration } from './types.ts';

/**
 * AIML API balances in US dollars. The adapter used to store AIML's raw credits, which
 * integer micros cannot hold above ~9.0e9 credits (~$4,500); it now converts them to
 * micro-dollars at the documented 2,000,000 credits per dollar (providers/aimlapi.ts).
 * History stored before is converted the same way, so an account's chart, burn and top-ups
 * do not break at the change of unit:
 *
 * - readings of AIML accounts in `credits` (unit code 2) become `USD` (code 0): micro-credits
 *   / 2,000,000, rounded half away from zero (SQLite's integer division truncates, so the
 *   magnitude is rounded and the sign put back);
 * - their packs' sizes, which are in the balance's unit, likewise (never below one micro:
 *   a pack holds something);
 * - the two settings given in the account's unit: its `dailyCap` option and its alert
 *   override `lowBalanceAmount` (a threshold of 2,000,000 credits stays a threshold of $1);
 * - rollups and balance events hold credit amounts: the accounts are marked for a rebuild
 *   from their first reading, which runs with the current code on first use (as in 002).
 */
const CREDITS = 2;
const USD = 0;
const round = (column: string) =>
  `CASE WHEN ${column} >= 0 THEN (${column} + 1000000) / 2000000 ELSE -((-${column} + 1000000) / 2000000) END`;

export const migration003: Migration = {
  version: 3,
  name: 'AIML API balances in US dollars',
  up(db) {
    db.exec(`
      CREATE TEMP TABLE aiml_accounts AS SELECT pk FROM accounts WHERE provider = 'aimlapi';

      UPDATE readings SET balance = ${round('balance')}, unit = ${USD}
        WHERE unit = ${CREDITS} AND account_pk IN (SELECT pk FROM aiml_accounts);
      UPDATE readings SET cap_limit = ${round('cap_limit')}, cap_used = ${round('cap_used')},
          cap_remaining = ${round('cap_remaining')}, cap_unit = ${USD}
        WHERE cap_unit = ${CREDITS} AND account_pk IN (SELECT pk FROM aiml_accounts);
      UPDATE packs SET credits = max(1, ${round('credits')})
        WHERE account_pk IN (SELECT pk FROM aiml_accounts);

      INSERT INTO rollup_dirty (account_pk, from_ts)
        SELECT a.pk, (SELECT min(r.ts) FROM readings r WHERE r.account_pk = a.pk)
        FROM aiml_accounts a
        WHERE EXISTS (SELECT 1 FROM readings r WHERE r.account_pk = a.pk)
        ON CONFLICT (account_pk) DO UPDATE SET from_ts = min(from_ts, excluded.from_ts);

      DROP TABLE aiml_accounts;
    `);
    convertSettings(db);
  },
};

/** Credits (a number or decimal string) → dollars as a canonical decimal string; null when unusable. */
function creditsToUsd(value: unknown): string | null {
  try {
    return fromMicros(Number(divRoundBig(toMicrosBig(value), 2_000_000n)));
  } catch {
    return null; // not an amount: the reader already ignores it, so it is left as it was
  }
}

function convertSettings(db: Database): void {
  const accounts = db.prepare(`SELECT pk, id, options FROM accounts WHERE provider = 'aimlapi'`).all() as Array<{
    pk: number;
    id: string;
    options: string;
  }>;
  const setOptions = db.prepare('UPDATE accounts SET options = ? WHERE pk = ?');
  const getSetting = db.prepare('SELECT value FROM settings WHERE key = ?');
  const setSetting = db.prepare('UPDATE settings SET value = ? WHERE key = ?');
  for (const account of accounts) {
    const options = parseObject(account.options);
    if (options && options.dailyCap !== undefined) {
      const usd = creditsToUsd(options.dailyCap);
      // The option is typed as a number; six decimals of a dollar are exact in a double at any real cap.
      if (usd !== null) setOptions.run(JSON.stringify({ ...options, dailyCap: Number(usd) }), account.pk);
    }
    const key = `alerts.account.${account.id}`;
    const row = getSetting.get(key) as { value: string } | undefined;
    const overrides = row ? parseObject(row.value) : null;
    if (overrides && typeof overrides.lowBalanceAmount === 'string') {
      const usd = creditsToUsd(overrides.lowBalanceAmount);
      if (usd !== null) setSetting.run(JSON.stringify({ ...overrides, lowBalanceAmount: usd }), key);
    }
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
