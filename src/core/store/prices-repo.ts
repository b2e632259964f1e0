import type { Database, Statement } from 'better-sqlite3';

/**
 * Price overrides and the price cache (migration 009). Rows carry JSON the pricing module
 * validates on the way in and on the way out (a hand-edited database must not crash a
 * figure): this repository only stores and finds them.
 */
export interface PriceOverrideRecord {
  id: number;
  provider: string;
  /** null: every account of the provider. */
  accountPk: number | null;
  model: string;
  /** Canonical JSON of the variant's parameters. */
  params: string;
  /** JSON of the variant rule. */
  rule: string;
  unit: string;
  note: string | null;
  updatedAt: number;
}

interface OverrideRow {
  id: number;
  provider: string;
  account_pk: number | null;
  model: string;
  params: string;
  rule: string;
  unit: string;
  note: string | null;
  updated_at: number;
}

const fromRow = (r: OverrideRow): PriceOverrideRecord => ({
  id: r.id,
  provider: r.provider,
  accountPk: r.account_pk,
  model: r.model,
  params: r.params,
  rule: r.rule,
  unit: r.unit,
  note: r.note,
  updatedAt: r.updated_at,
});

export type PriceCacheKind = 'packages' | 'newapi_pricing' | 'newapi_group' | 'price_checks';

export interface PriceCacheRecord {
  fetchedAt: number;
  /** JSON as it was stored. */
  body: string;
}

export class PricesRepo {
  private readonly db: Database;
  private readonly allStmt: Statement<[], OverrideRow>;
  private readonly forStmt: Statement<[string, number], OverrideRow>;
  private readonly findStmt: Statement<[string, number, string, string], OverrideRow>;
  private readonly insertStmt: Statement<unknown[]>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly cacheGetStmt: Statement<[number, string], { fetched_at: number; body: string }>;
  private readonly cachePutStmt: Statement<[number, string, number, string]>;

  constructor(db: Database) {
    this.db = db;
    const columns = 'id, provider, account_pk, model, params, rule, unit, note, updated_at';
    this.allStmt = db.prepare(`SELECT ${columns} FROM price_overrides ORDER BY provider, account_pk, id`);
    // The provider-wide overrides first, then the account's own (which win over them).
    this.forStmt = db.prepare(
      `SELECT ${columns} FROM price_overrides
        WHERE provider = ? AND (account_pk IS NULL OR account_pk = ?)
        ORDER BY account_pk IS NOT NULL, id`,
    );
    this.findStmt = db.prepare(
      `SELECT ${columns} FROM price_overrides
        WHERE provider = ? AND IFNULL(account_pk, 0) = ? AND model = ? AND params = ?`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO price_overrides (provider, account_pk, model, params, rule, unit, note, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteStmt = db.prepare('DELETE FROM price_overrides WHERE id = ?');
    this.cacheGetStmt = db.prepare('SELECT fetched_at, body FROM price_cache WHERE account_pk = ? AND kind = ?');
    this.cachePutStmt = db.prepare(
      `INSERT INTO price_cache (account_pk, kind, fetched_at, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_pk, kind) DO UPDATE SET fetched_at = excluded.fetched_at, body = excluded.body`,
    );
  }

  all(): PriceOverrideRecord[] {
    return this.allStmt.all().map(fromRow);
  }

  /** The overrides that apply to one account: its provider's, then its own. */
  forAccount(provider: string, accountPk: number): PriceOverrideRecord[] {
    return this.forStmt.all(provider, accountPk).map(fromRow);
  }

  find(provider: string, accountPk: number | null, model: string, params: string): PriceOverrideRecord | null {
    const row = this.findStmt.get(provider, accountPk ?? 0, model, params);
    return row ? fromRow(row) : null;
  }

  /** Set (insert or replace) the override of one variant; returns its row. */
  put(o: Omit<PriceOverrideRecord, 'id'>): PriceOverrideRecord {
    return this.db.transaction(() => {
      const existing = this.find(o.provider, o.accountPk, o.model, o.params);
      if (existing) this.deleteStmt.run(existing.id);
      const info = this.insertStmt.run(o.provider, o.accountPk, o.model, o.params, o.rule, o.unit, o.note, o.updatedAt);
      return { ...o, id: Number(info.lastInsertRowid) };
    })();
  }

  /** Insert only when no override of that variant exists (an import never replaces the home's). */
  putIfAbsent(o: Omit<PriceOverrideRecord, 'id'>): boolean {
    if (this.find(o.provider, o.accountPk, o.model, o.params)) return false;
    this.put(o);
    return true;
  }

  remove(id: number): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  cacheGet(accountPk: number, kind: PriceCacheKind): PriceCacheRecord | null {
    const row = this.cacheGetStmt.get(accountPk, kind);
    return row ? { fetchedAt: row.fetched_at, body: row.body } : null;
  }

  cachePut(accountPk: number, kind: PriceCacheKind, fetchedAt: number, body: string): void {
    this.cachePutStmt.run(accountPk, kind, fetchedAt, body);
  }
}
