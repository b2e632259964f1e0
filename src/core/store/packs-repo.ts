import type { Database, Statement } from 'better-sqlite3';
import type { Currency } from '../../shared/units.ts';

/** A prepaid pack as the engine handles it: integer micros and unix milliseconds. */
export interface PackRecord {
  id: string;
  accountPk: number;
  /** Micros of the account's unit. */
  credits: number;
  /** Micros of `currency`. */
  price: number;
  currency: Currency;
  purchasedAt: number;
  /** `30d`, `90d`, `Nd` or `lifetime`. */
  validity: string;
  /** null for lifetime packs. */
  expiresAt: number | null;
  note: string | null;
  createdAt: number;
}

interface PackRow {
  id: string;
  account_pk: number;
  credits: number;
  price: number;
  currency: Currency;
  purchased_at: number;
  validity: string;
  expires_at: number | null;
  note: string | null;
  created_at: number;
}

function fromRow(row: PackRow): PackRecord {
  return {
    id: row.id,
    accountPk: row.account_pk,
    credits: row.credits,
    price: row.price,
    currency: row.currency,
    purchasedAt: row.purchased_at,
    validity: row.validity,
    expiresAt: row.expires_at,
    note: row.note,
    createdAt: row.created_at,
  };
}

const COLUMNS = 'id, account_pk, credits, price, currency, purchased_at, validity, expires_at, note, created_at';

export class PacksRepo {
  private readonly insertStmt: Statement<unknown[]>;
  private readonly byAccountStmt: Statement<[number], PackRow>;
  private readonly byIdStmt: Statement<[string], PackRow>;
  private readonly allStmt: Statement<[], PackRow>;
  private readonly deleteStmt: Statement<[string]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO packs (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Earliest expiry first, lifetime (NULL) last: the order spend draws packs down.
    this.byAccountStmt = db.prepare(
      `SELECT ${COLUMNS} FROM packs WHERE account_pk = ? ORDER BY expires_at IS NULL, expires_at, purchased_at, pk`,
    );
    this.byIdStmt = db.prepare(`SELECT ${COLUMNS} FROM packs WHERE id = ?`);
    this.allStmt = db.prepare(`SELECT ${COLUMNS} FROM packs ORDER BY account_pk, purchased_at, pk`);
    this.deleteStmt = db.prepare('DELETE FROM packs WHERE id = ?');
  }

  insert(p: PackRecord): void {
    this.insertStmt.run(
      p.id,
      p.accountPk,
      p.credits,
      p.price,
      p.currency,
      p.purchasedAt,
      p.validity,
      p.expiresAt,
      p.note,
      p.createdAt,
    );
  }

  /** An account's packs in draw-down order: earliest expiry first, lifetime last. */
  forAccount(accountPk: number): PackRecord[] {
    return this.byAccountStmt.all(accountPk).map(fromRow);
  }

  get(id: string): PackRecord | null {
    const row = this.byIdStmt.get(id);
    return row ? fromRow(row) : null;
  }

  all(): PackRecord[] {
    return this.allStmt.all().map(fromRow);
  }

  remove(id: string): boolean {
    return this.deleteStmt.run(id).changes === 1;
  }
}
