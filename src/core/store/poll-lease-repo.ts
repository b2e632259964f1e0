import type { Database, Statement } from 'better-sqlite3';

/**
 * The per-account poll lease (migration 007): at most one process polls an account at a
 * time, whichever process it is (the app, `watch`, `poll`, `serve`).
 */
export class PollLeaseRepo {
  private readonly takeStmt: Statement<[number, string, number, number]>;
  private readonly releaseStmt: Statement<[number, string]>;
  private readonly holderStmt: Statement<[number], { holder: string; expires_at: number }>;

  constructor(db: Database) {
    // One statement, so two processes racing for a free lease cannot both win: the row is
    // inserted, or taken over when it has expired, or left alone (no change) when it is held.
    this.takeStmt = db.prepare(`
      INSERT INTO poll_leases (account_pk, holder, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (account_pk) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE poll_leases.expires_at <= ?`);
    this.releaseStmt = db.prepare('DELETE FROM poll_leases WHERE account_pk = ? AND holder = ?');
    this.holderStmt = db.prepare('SELECT holder, expires_at FROM poll_leases WHERE account_pk = ?');
  }

  /** Take the account's lease until `now + ttlMs`; false when another holder has it and it has not expired. */
  take(accountPk: number, holder: string, now: number, ttlMs: number): boolean {
    return this.takeStmt.run(accountPk, holder, now + ttlMs, now).changes === 1;
  }

  /** Give the lease back (only the holder's own; an expired lease someone else took stays theirs). */
  release(accountPk: number, holder: string): void {
    this.releaseStmt.run(accountPk, holder);
  }

  /** Who holds the account's lease and until when, or null. */
  holder(accountPk: number): { holder: string; expiresAt: number } | null {
    const row = this.holderStmt.get(accountPk);
    return row ? { holder: row.holder, expiresAt: row.expires_at } : null;
  }
}
