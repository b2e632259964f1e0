import type { Core } from '../core.ts';
import type { HistoryPage } from '../../shared/history.ts';
import type { KeyState } from '../../shared/states.ts';
import { KEY_STATES } from '../../shared/states.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import { fromRow, toReading } from '../store/readings-repo.ts';
import type { ReadingRow } from '../store/readings-repo.ts';
import { UserError } from '../errors.ts';
import { freshen, resolveAccount } from './context.ts';
import { splitRange } from './time.ts';

export interface HistoryQuery {
  accountId?: string;
  accountIds?: readonly string[];
  states?: readonly KeyState[];
  /** Unix ms, inclusive. */
  from?: number;
  /** Unix ms, exclusive. */
  to?: number;
  limit: number;
  offset?: number;
  /** Newest first (the default, for a history view) or oldest first. */
  order?: 'desc' | 'asc';
}

export type { HistoryPage } from '../../shared/history.ts';

export const MAX_HISTORY_LIMIT = 10_000;

/**
 * A page of readings across accounts, failed polls included. Each account's readings are
 * read in key order (the table is clustered by account and time) and merged, so a page
 * costs about limit + offset rows per account. Filtering on failure states uses the
 * partial index of failed readings, so "show me the errors of the last year" does not
 * walk a year of ok readings.
 */
export function queryHistory(core: Core, query: HistoryQuery): HistoryPage {
  freshen(core);
  const limit = Math.floor(query.limit);
  const offset = Math.floor(query.offset ?? 0);
  if (!(limit >= 1 && limit <= MAX_HISTORY_LIMIT))
    throw new UserError('validation', `limit must be 1–${MAX_HISTORY_LIMIT}`);
  if (!(offset >= 0)) throw new UserError('validation', 'offset must be 0 or more');
  const refs = query.accountIds ?? (query.accountId ? [query.accountId] : null);
  const accounts = refs ? refs.map((r) => resolveAccount(core, r, true)) : core.repos.accounts.list();
  const from = query.from ?? Number.MIN_SAFE_INTEGER;
  const to = query.to ?? Number.MAX_SAFE_INTEGER;
  const order = query.order ?? 'desc';
  const states =
    query.states && query.states.length > 0 && query.states.length < KEY_STATES.length
      ? [...new Set(query.states)]
      : null;
  const okOnly = states !== null && states.length === 1 && states[0] === 'ok';
  const failuresOnly = states !== null && !states.includes('ok');
  const take = limit + offset;
  const merged: Array<{ row: ReadingRow; account: StoredAccount; rank: number }> = [];
  accounts.forEach((account, rank) => {
    for (const row of core.repos.history.page(account.pk, from, to, take, { states, failuresOnly, order }))
      merged.push({ row, account, rank });
  });
  const sign = order === 'desc' ? -1 : 1;
  merged.sort((a, b) => sign * (a.row.ts - b.row.ts) || a.rank - b.rank);
  const rows = merged.slice(offset, offset + limit).map(({ row, account }) => ({
    ...toReading(fromRow(row), account.id),
    accountLabel: account.label,
    provider: account.provider,
  }));
  let total = 0;
  for (const account of accounts) total += countReadings(core, account.pk, from, to, states, okOnly, failuresOnly);
  return { total, rows };
}

function countReadings(
  core: Core,
  pk: number,
  from: number,
  to: number,
  states: KeyState[] | null,
  okOnly: boolean,
  failuresOnly: boolean,
): number {
  const history = core.repos.history;
  if (failuresOnly) return history.countFailures(pk, from, to, states);
  if (states !== null && !okOnly) {
    // ok plus some failure states: ok from the rollups, the failures from the partial index.
    const failures = states.filter((s) => s !== 'ok');
    return countReadings(core, pk, from, to, ['ok'], true, false) + history.countFailures(pk, from, to, failures);
  }
  // all readings, or ok ones only: whole days and hours from the rollups, the ends from the table
  const rollups = core.repos.readings.rollups;
  let n = 0;
  // Before the retention horizon the rollups still count the pruned readings, which can no
  // longer be listed: what is left there (the reading that links the chain) is counted itself.
  const horizon = rollups.horizon(pk);
  if (horizon !== null && from < horizon) {
    n += history.count(pk, from, Math.min(to, horizon), okOnly);
    from = horizon;
  }
  const pieces = splitRange(Math.max(from, -8.64e15), Math.min(to, 8.64e15));
  const pick = (c: { n: number; n_ok: number }) => (okOnly ? c.n_ok : c.n);
  for (const [a, b] of pieces.days) n += pick(rollups.count('rollup_day', pk, a, b));
  for (const [a, b] of pieces.hours) n += pick(rollups.count('rollup_hour', pk, a, b));
  for (const [a, b] of pieces.raw) n += history.count(pk, a, b, okOnly);
  return n;
}

/**
 * How much history an account has, for the account view's header: every reading ever
 * stored and when the first was taken. Readings that data retention pruned are still
 * counted (the rollups keep their count and the first hour's time), since their hours and
 * days are what the charts and figures of that span are made of.
 */
export function historyExtent(core: Core, accountPk: number): { readings: number; firstAt: number | null } {
  freshen(core);
  const rollups = core.repos.readings.rollups;
  const readings = rollups.count('rollup_day', accountPk, -8.64e15, 8.64e15).n;
  const firstRaw = core.repos.history.firstTs(accountPk);
  if (rollups.horizon(accountPk) === null) return { readings, firstAt: firstRaw };
  const hour = core.repos.history.firstRolledHour(accountPk);
  // A first hour of failed polls has no balance time: its start is the closest known.
  const firstRolled = hour ? (hour.first_ts ?? hour.bucket) : null;
  const firstAt = firstRolled === null ? firstRaw : Math.min(firstRolled, firstRaw ?? firstRolled);
  return { readings, firstAt };
}
