import type { Reading } from '../../shared/domain.ts';
import type { KeyState } from '../../shared/states.ts';
import { KEY_STATE_CODES, keyStateFromCode } from '../../shared/states.ts';
import type { Unit } from '../../shared/units.ts';
import { fromMicros } from '../../shared/decimal.ts';
import { unitCode, unitFromCode } from './codes.ts';
import { scrubSecrets } from '../secrets/scrub.ts';

/**
 * A reading in its three shapes: the engine's record (integer micros, unix ms), the row the
 * readings table stores, and the Reading the contract shows (decimal strings, ISO times).
 */

/** How a reading was made: polled from the provider, recorded by hand (or a booked task), or imported. */
export type ReadingSource = 'poll' | 'manual' | 'import';
export const SOURCE_CODES: Record<ReadingSource, number | null> = { poll: null, manual: 1, import: 2 };
export function sourceFromCode(code: number | null | undefined): ReadingSource {
  return code === 1 ? 'manual' : code === 2 ? 'import' : 'poll';
}

/** A reading as the engine handles it: integer micros and unix milliseconds. */
export interface ReadingRecord {
  accountPk: number;
  ts: number;
  /** Absent: polled. */
  source?: ReadingSource;
  state: KeyState;
  balance: number | null;
  unit: Unit | null;
  httpStatus: number | null;
  retryAfterSeconds: number | null;
  cap: {
    unit: Unit;
    limit: number | null;
    used: number | null;
    remaining: number | null;
    resetAt: number | null;
  } | null;
  keyExpiresAt: number | null;
  message: string | null;
}

/** A readings table row as SQLite returns it. */
export interface ReadingRow {
  account_pk: number;
  ts: number;
  state: number;
  balance: number | null;
  unit: number | null;
  http_status: number | null;
  retry_after_s: number | null;
  cap_unit: number | null;
  cap_limit: number | null;
  cap_used: number | null;
  cap_remaining: number | null;
  cap_reset_at: number | null;
  key_expires_at: number | null;
  message: string | null;
  source: number | null;
}

export const MAX_MESSAGE_LENGTH = 500;

export function toRow(r: ReadingRecord): ReadingRow {
  if ((r.balance === null) !== (r.unit === null)) throw new Error('a balance needs a unit and a unit needs a balance');
  return {
    account_pk: r.accountPk,
    ts: r.ts,
    state: KEY_STATE_CODES[r.state],
    balance: r.balance,
    unit: r.unit === null ? null : unitCode(r.unit),
    http_status: r.httpStatus,
    retry_after_s: r.retryAfterSeconds === null ? null : Math.ceil(r.retryAfterSeconds),
    cap_unit: r.cap ? unitCode(r.cap.unit) : null,
    cap_limit: r.cap?.limit ?? null,
    cap_used: r.cap?.used ?? null,
    cap_remaining: r.cap?.remaining ?? null,
    cap_reset_at: r.cap?.resetAt ?? null,
    key_expires_at: r.keyExpiresAt,
    message: storedMessage(r.message),
    source: SOURCE_CODES[r.source ?? 'poll'],
  };
}

/**
 * A message as stored: scrubbed (control characters, anything shaped like a key; the poller
 * has already removed the account's own key in every form) and cut to length. Every reading
 * goes through here, polled or imported.
 */
export function storedMessage(message: string | null): string | null {
  return message === null ? null : scrubSecrets(message).slice(0, MAX_MESSAGE_LENGTH);
}

export function fromRow(row: ReadingRow): ReadingRecord {
  return {
    accountPk: row.account_pk,
    ts: row.ts,
    state: keyStateFromCode(row.state),
    balance: row.balance,
    unit: row.unit === null ? null : unitFromCode(row.unit),
    httpStatus: row.http_status,
    retryAfterSeconds: row.retry_after_s,
    cap:
      row.cap_unit === null
        ? null
        : {
            unit: unitFromCode(row.cap_unit),
            limit: row.cap_limit,
            used: row.cap_used,
            remaining: row.cap_remaining,
            resetAt: row.cap_reset_at,
          },
    keyExpiresAt: row.key_expires_at,
    message: row.message,
    // Absent for a poll, as on a record made from one.
    ...(row.source === null || row.source === undefined ? {} : { source: sourceFromCode(row.source) }),
  };
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const decOrNull = (m: number | null): string | null => (m === null ? null : fromMicros(m));

/** The public shape (ISO times, decimal strings) used by the CLI, IPC and exports. */
export function toReading(record: ReadingRecord, accountId: string): Reading {
  return {
    accountId,
    at: new Date(record.ts).toISOString(),
    state: record.state,
    balance:
      record.balance === null || record.unit === null
        ? null
        : { amount: fromMicros(record.balance), unit: record.unit },
    httpStatus: record.httpStatus,
    retryAfterSeconds: record.retryAfterSeconds,
    message: record.message,
    cap: record.cap
      ? {
          unit: record.cap.unit,
          limit: decOrNull(record.cap.limit),
          used: decOrNull(record.cap.used),
          remaining: decOrNull(record.cap.remaining),
          resetAt: isoOrNull(record.cap.resetAt),
        }
      : null,
    keyExpiresAt: isoOrNull(record.keyExpiresAt),
  };
}
