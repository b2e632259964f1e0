import type { Database, Statement } from 'better-sqlite3';
import type { Account, AccountOptions } from '../../shared/domain.ts';
import { accountOptionsSchema } from '../../shared/domain.ts';

interface AccountRow {
  pk: number;
  id: string;
  provider: string;
  label: string;
  base_url: string | null;
  options: string;
  poll_interval_s: number;
  enabled: number;
  created_at: number;
  updated_at: number;
  key_updated_at: number | null;
  removed_at: number | null;
  shares_balance_pk: number | null;
  /** The id of that account (joined). */
  shares_balance_id: string | null;
  billing: 'prepaid' | 'postpaid' | null;
}

/** An account as the store keeps it: the public shape plus its integer key. */
export interface StoredAccount extends Account {
  pk: number;
  removedAt: string | null;
  /** The pk of the account whose balance this one spends from (see sharesBalanceWith). */
  sharesBalancePk: number | null;
  /** How the provider bills it, as its last poll said; null until a provider says. */
  billing: 'prepaid' | 'postpaid' | null;
}

export interface NewAccountRecord {
  id: string;
  provider: string;
  label: string;
  baseUrl: string | null;
  options: AccountOptions;
  pollIntervalSeconds: number;
  enabled: boolean;
  at: number;
  keyUpdatedAt: number | null;
}

export interface AccountChanges {
  label?: string;
  baseUrl?: string | null;
  options?: AccountOptions;
  pollIntervalSeconds?: number;
  enabled?: boolean;
  keyUpdatedAt?: number | null;
  /** Spend from another account's balance (its pk), or null for its own. */
  sharesBalancePk?: number | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function toAccount(row: AccountRow): StoredAccount {
  return {
    pk: row.pk,
    id: row.id,
    provider: row.provider,
    label: row.label,
    baseUrl: row.base_url,
    options: accountOptionsSchema.parse(JSON.parse(row.options)),
    pollIntervalSeconds: row.poll_interval_s,
    enabled: row.enabled === 1,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    keyUpdatedAt: iso(row.key_updated_at),
    sharesBalanceWith: row.shares_balance_id,
    removedAt: iso(row.removed_at),
    sharesBalancePk: row.shares_balance_pk,
    billing: row.billing,
  };
}

/** Every account row with the id of the account whose balance it shares. */
const SELECT =
  'SELECT a.*, s.id AS shares_balance_id FROM accounts a LEFT JOIN accounts s ON s.pk = a.shares_balance_pk';

export class AccountsRepo {
  private readonly listActive: Statement<[], AccountRow>;
  private readonly listAllStmt: Statement<[], AccountRow>;
  private readonly byId: Statement<[string], AccountRow>;
  private readonly byPk: Statement<[number], AccountRow>;
  private readonly insertStmt: Statement<Record<string, unknown>>;
  private readonly billingStmt: Statement<[string, number, string]>;

  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
    this.listActive = db.prepare(`${SELECT} WHERE a.removed_at IS NULL ORDER BY a.created_at, a.pk`);
    this.listAllStmt = db.prepare(`${SELECT} ORDER BY a.created_at, a.pk`);
    this.byId = db.prepare(`${SELECT} WHERE a.id = ?`);
    this.byPk = db.prepare(`${SELECT} WHERE a.pk = ?`);
    this.billingStmt = db.prepare('UPDATE accounts SET billing = ? WHERE pk = ? AND billing IS NOT ?');
    this.insertStmt = db.prepare(`
      INSERT INTO accounts (id, provider, label, base_url, options, poll_interval_s, enabled, created_at, updated_at, key_updated_at)
      VALUES (@id, @provider, @label, @baseUrl, @options, @pollIntervalSeconds, @enabled, @at, @at, @keyUpdatedAt)`);
  }

  /** Accounts in use (not removed), oldest first. */
  list(): StoredAccount[] {
    return this.listActive.all().map(toAccount);
  }

  /** Every account including removed ones whose history is kept. */
  listAll(): StoredAccount[] {
    return this.listAllStmt.all().map(toAccount);
  }

  get(id: string): StoredAccount | null {
    const row = this.byId.get(id);
    return row ? toAccount(row) : null;
  }

  getByPk(pk: number): StoredAccount | null {
    const row = this.byPk.get(pk);
    return row ? toAccount(row) : null;
  }

  /** Find by id, or else by label among accounts in use (labels are how people name them). */
  findByIdOrLabel(ref: string): StoredAccount | null {
    return this.get(ref) ?? this.list().find((a) => a.label === ref) ?? null;
  }

  insert(record: NewAccountRecord): StoredAccount {
    this.insertStmt.run({
      ...record,
      options: JSON.stringify(record.options),
      enabled: record.enabled ? 1 : 0,
    });
    const created = this.get(record.id);
    if (!created) throw new Error(`account ${record.id} vanished after insert`);
    return created;
  }

  update(id: string, changes: AccountChanges, at: number): StoredAccount {
    return this.db.transaction(() => {
      const updated = this.updateRow(id, changes, at);
      // Accounts that spent from this one's balance follow it (a shared balance stays one account and its members).
      if (changes.sharesBalancePk !== undefined && changes.sharesBalancePk !== null)
        this.db
          .prepare('UPDATE accounts SET shares_balance_pk = ?, updated_at = ? WHERE shares_balance_pk = ?')
          .run(changes.sharesBalancePk, at, updated.pk);
      return this.get(id)!;
    })();
  }

  private updateRow(id: string, changes: AccountChanges, at: number): StoredAccount {
    const sets: string[] = ['updated_at = @at'];
    const params: Record<string, unknown> = { id, at };
    const columns: Array<[keyof AccountChanges, string, (v: never) => unknown]> = [
      ['label', 'label', (v: string) => v],
      ['baseUrl', 'base_url', (v: string | null) => v],
      ['options', 'options', (v: AccountOptions) => JSON.stringify(v)],
      ['pollIntervalSeconds', 'poll_interval_s', (v: number) => v],
      ['enabled', 'enabled', (v: boolean) => (v ? 1 : 0)],
      ['keyUpdatedAt', 'key_updated_at', (v: number | null) => v],
      ['sharesBalancePk', 'shares_balance_pk', (v: number | null) => v],
    ];
    for (const [field, column, encode] of columns) {
      if (changes[field] === undefined) continue;
      sets.push(`${column} = @${field}`);
      params[field] = encode(changes[field] as never);
    }
    const result = this.db.prepare(`UPDATE accounts SET ${sets.join(', ')} WHERE id = @id`).run(params);
    if (result.changes !== 1) throw new Error(`no account ${id}`);
    return this.get(id)!;
  }

  /** Record how the provider bills the account (its poll said); a no-op when unchanged. */
  setBilling(pk: number, billing: 'prepaid' | 'postpaid'): void {
    this.billingStmt.run(billing, pk, billing);
  }

  /** Take the account out of use but keep its history reviewable. */
  markRemoved(id: string, at: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          'UPDATE accounts SET removed_at = ?, enabled = 0, key_updated_at = NULL, shares_balance_pk = NULL, updated_at = ? WHERE id = ?',
        )
        .run(at, at, id);
      // Accounts that spent from its balance keep their own from now on (ON DELETE SET NULL does it for a purge).
      this.db
        .prepare(
          'UPDATE accounts SET shares_balance_pk = NULL, updated_at = ? WHERE shares_balance_pk = (SELECT pk FROM accounts WHERE id = ?)',
        )
        .run(at, id);
    })();
  }

  /** Delete the account and, through ON DELETE CASCADE, its readings, packs and alerts. */
  purge(id: string): void {
    this.db.prepare('DELETE FROM accounts WHERE id = ?').run(id);
  }
}
