import type { KeyState } from '../../shared/states.ts';
import { KEY_STATES } from '../../shared/states.ts';
import type { Unit } from '../../shared/units.ts';
import { UNITS } from '../../shared/units.ts';
import { DecimalError, fromMicros, toMicros } from '../../shared/decimal.ts';
import type { ReadingRecord } from '../store/readings-repo.ts';
import { neutralizeFormula } from './csv.ts';
import { isoOrNull, parseIsoTime } from './time.ts';

/**
 * The history file format shared by `export`, `history` and `import`.
 *
 * CSV: a header row, then one row per record. The first four columns are the contract
 * (`timestamp,account,balance,unit`); the rest make the round trip faithful. `record` is
 * empty (or `reading`) for readings; `account`, `pack` and `setting` rows carry what is
 * needed to rebuild the same status in an empty home, with their fields as JSON in
 * `details`. Every reading row names its provider and label too, so a file cut down in a
 * spreadsheet can still re-create its accounts. Keys are never written.
 *
 * JSON: `{ format, version, exportedAt, settings, accounts, packs, readings }`, readings in
 * the public Reading shape, one per line.
 */
export const CSV_COLUMNS = [
  'timestamp',
  'account',
  'balance',
  'unit',
  'state',
  'http_status',
  'retry_after_s',
  'message',
  'cap_unit',
  'cap_limit',
  'cap_used',
  'cap_remaining',
  'cap_reset_at',
  'key_expires_at',
  'provider',
  'label',
  'record',
  'details',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly CsvColumn[] = ['timestamp', 'account', 'balance', 'unit'];
/** Text columns a person or a provider wrote: protected against formula injection. */
export const TEXT_COLUMNS: ReadonlySet<CsvColumn> = new Set(['account', 'message', 'provider', 'label']);

export const JSON_FORMAT = 'burnrate-history';
export const JSON_VERSION = 1;

/** `price`: a price of your own (src/core/pricing/transfer.ts has its details). */
export type RecordKind = 'reading' | 'account' | 'pack' | 'setting' | 'price';

const dec = (m: number | null): string => (m === null ? '' : fromMicros(m));
const iso = (ms: number | null): string => isoOrNull(ms) ?? '';

/** A reading as CSV fields, in CSV_COLUMNS order. */
export function readingFields(r: ReadingRecord, account: { id: string; provider: string; label: string }): string[] {
  return [
    new Date(r.ts).toISOString(),
    neutralizeFormula(account.id),
    dec(r.balance),
    r.unit ?? '',
    r.state,
    r.httpStatus === null ? '' : String(r.httpStatus),
    r.retryAfterSeconds === null ? '' : String(r.retryAfterSeconds),
    r.message === null ? '' : neutralizeFormula(r.message),
    r.cap?.unit ?? '',
    dec(r.cap?.limit ?? null),
    dec(r.cap?.used ?? null),
    dec(r.cap?.remaining ?? null),
    iso(r.cap?.resetAt ?? null),
    iso(r.keyExpiresAt),
    neutralizeFormula(account.provider),
    neutralizeFormula(account.label),
    '',
    '',
  ];
}

/** A non-reading record (account, pack, setting, price) as CSV fields. */
export function metaFields(
  kind: Exclude<RecordKind, 'reading'>,
  at: number | null,
  account: { id: string; provider: string; label: string } | null,
  details: unknown,
): string[] {
  const row: string[] = new Array<string>(CSV_COLUMNS.length).fill('');
  row[0] = at === null ? '' : new Date(at).toISOString();
  if (account) {
    row[1] = neutralizeFormula(account.id);
    row[14] = neutralizeFormula(account.provider);
    row[15] = neutralizeFormula(account.label);
  }
  row[16] = kind;
  row[17] = JSON.stringify(details);
  return row;
}

/* ------------------------------------------------------------------ validation */

/** A reading's fields as they arrive (CSV text or JSON values), before checking. */
export interface RawReading {
  timestamp: unknown;
  balance: unknown;
  unit: unknown;
  state: unknown;
  httpStatus: unknown;
  retryAfterSeconds: unknown;
  message: unknown;
  capUnit: unknown;
  capLimit: unknown;
  capUsed: unknown;
  capRemaining: unknown;
  capResetAt: unknown;
  keyExpiresAt: unknown;
}

/** A checked reading; its accountPk is filled in once the account is known (-1 until then). */
export type CheckedReading = ReadingRecord;

export class FieldError extends Error {
  override name = 'FieldError';
}

const STATES: ReadonlySet<string> = new Set(KEY_STATES);
const UNIT_SET: ReadonlySet<string> = new Set(UNITS);
const blank = (v: unknown) => v === undefined || v === null || v === '';

function time(name: string, v: unknown, required: boolean): number | null {
  if (blank(v)) {
    if (required) throw new FieldError(`${name} is missing`);
    return null;
  }
  if (typeof v !== 'string') throw new FieldError(`${name} must be an ISO 8601 time`);
  const ms = parseIsoTime(v);
  if (ms === null) throw new FieldError(`${name} ${JSON.stringify(v.slice(0, 40))} is not an ISO 8601 time`);
  return ms;
}

function amount(name: string, v: unknown): number | null {
  if (blank(v)) return null;
  if (typeof v === 'string') {
    const fast = plainDecimal(v);
    if (fast !== undefined) return fast;
  }
  try {
    return toMicros(v);
  } catch (error) {
    if (error instanceof DecimalError)
      throw new FieldError(`${name} ${JSON.stringify(String(v).slice(0, 40))} is not a decimal number`);
    throw error;
  }
}

/**
 * Micros of a plain decimal as exports write it ("-12.345678", at most 9 integer digits and
 * 6 decimals), read digit by digit; undefined for anything else (the general parser decides).
 */
function plainDecimal(v: string): number | undefined {
  const n = v.length;
  let i = v.charCodeAt(0) === 45 ? 1 : 0;
  const negative = i === 1;
  let int = 0;
  let intDigits = 0;
  for (; i < n; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    int = int * 10 + c;
    intDigits++;
  }
  if (intDigits === 0 || intDigits > 9) return undefined;
  let frac = 0;
  let fracDigits = 0;
  if (i < n) {
    if (v.charCodeAt(i) !== 46) return undefined;
    for (i++; i < n; i++) {
      const c = v.charCodeAt(i) - 48;
      if (c < 0 || c > 9 || fracDigits === 6) return undefined;
      frac = frac * 10 + c;
      fracDigits++;
    }
    if (fracDigits === 0) return undefined;
  }
  const micros = int * 1_000_000 + frac * 10 ** (6 - fracDigits);
  return negative && micros !== 0 ? -micros : micros;
}

function unit(name: string, v: unknown): Unit | null {
  if (blank(v)) return null;
  if (typeof v !== 'string' || !UNIT_SET.has(v))
    throw new FieldError(`${name} ${JSON.stringify(String(v).slice(0, 20))} is not one of ${UNITS.join(', ')}`);
  return v as Unit;
}

function int(name: string, v: unknown, min: number, max: number): number | null {
  if (blank(v)) return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new FieldError(
      `${name} ${JSON.stringify(String(v).slice(0, 20))} is not a whole number from ${min} to ${max}`,
    );
  return n;
}

/** Check one reading's fields; throws FieldError naming the field. */
export function checkReading(raw: RawReading): CheckedReading {
  const ts = time('timestamp', raw.timestamp, true)!;
  const balance = amount('balance', raw.balance);
  const balanceUnit = unit('unit', raw.unit);
  if (balance !== null && balanceUnit === null) throw new FieldError('a balance needs a unit');
  if (balance === null && balanceUnit !== null) throw new FieldError('a unit was given without a balance');
  let state: KeyState;
  if (blank(raw.state)) {
    if (balance === null) throw new FieldError('a reading needs a balance or a state');
    state = 'ok';
  } else if (typeof raw.state === 'string' && STATES.has(raw.state)) {
    state = raw.state as KeyState;
  } else {
    throw new FieldError(
      `state ${JSON.stringify(String(raw.state).slice(0, 30))} is not one of ${KEY_STATES.join(', ')}`,
    );
  }
  if (!blank(raw.message) && typeof raw.message !== 'string') throw new FieldError('message must be text');
  const capUnit = unit('cap_unit', raw.capUnit);
  const capLimit = amount('cap_limit', raw.capLimit);
  const capUsed = amount('cap_used', raw.capUsed);
  const capRemaining = amount('cap_remaining', raw.capRemaining);
  const capResetAt = time('cap_reset_at', raw.capResetAt, false);
  const anyCap = capLimit !== null || capUsed !== null || capRemaining !== null || capResetAt !== null;
  if (anyCap && capUnit === null) throw new FieldError('cap figures need a cap_unit');
  return {
    accountPk: -1,
    ts,
    state,
    balance,
    unit: balanceUnit,
    httpStatus: int('http_status', raw.httpStatus, 100, 999),
    retryAfterSeconds: int('retry_after_s', raw.retryAfterSeconds, 0, 10_000_000),
    message: blank(raw.message) ? null : (raw.message as string).slice(0, 500),
    cap:
      capUnit === null
        ? null
        : { unit: capUnit, limit: capLimit, used: capUsed, remaining: capRemaining, resetAt: capResetAt },
    keyExpiresAt: time('key_expires_at', raw.keyExpiresAt, false),
  };
}
