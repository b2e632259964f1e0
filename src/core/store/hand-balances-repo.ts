import type { Database, Statement } from 'better-sqlite3';
import type { Unit } from '../../shared/units.ts';
import { unitFromCode } from './codes.ts';

/** The message every balance recorded by hand carries (`balance set`, the window's form). */
export const HAND_RECORDED_MESSAGE = 'recorded by hand';

/** A balance a person recorded by hand: when it was true, and what it was. */
export interface HandBalance {
  /** Unix ms: the instant the balance was as recorded (a back-dated one keeps its date). */
  ts: number;
  /** Micros of `unit`. */
  balance: number;
  unit: Unit;
}

/**
 * The hand-recorded balances among an account's readings. A booking by task (`tasks check
 * --apply`) is an ordinary reading too; only the balances a person read off the provider's
 * dashboard say what the provider had taken by then, so bookings are reckoned from the
 * latest of those.
 */
export class HandBalancesRepo {
  private readonly latestStmt: Statement;

  constructor(db: Database) {
    this.latestStmt = db.prepare(
      `SELECT ts, balance, unit FROM readings
       WHERE account_pk = ? AND message = ? AND balance IS NOT NULL AND unit IS NOT NULL
       ORDER BY ts DESC LIMIT 1`,
    );
  }

  /** The newest balance recorded by hand (by the instant it stands for), or null. */
  latest(accountPk: number): HandBalance | null {
    const row = this.latestStmt.get(accountPk, HAND_RECORDED_MESSAGE) as
      { ts: number; balance: number; unit: number } | undefined;
    return row ? { ts: row.ts, balance: row.balance, unit: unitFromCode(row.unit) } : null;
  }
}
