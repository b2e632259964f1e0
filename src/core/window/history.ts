import type { HistoryFilter, HistoryPage, HistoryRow } from '../../shared/ipc.ts';
import { KEY_STATE_CODES } from '../../shared/states.ts';
import type { Core } from '../core.ts';
import { fromRow, toReading } from '../store/readings-repo.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';

type ReadingRow = Parameters<typeof fromRow>[0];

/**
 * One page of history, newest first, across accounts. Each account's readings are read
 * newest-first along the table's own key (account, time) and merged, so a page costs
 * O(accounts × (offset + limit)) however long the history is, with no sort of every row.
 */
export function historyPage(core: Core, filter: HistoryFilter & { limit: number; offset: number }): HistoryPage {
  const accounts = selectAccounts(core, filter.accountIds);
  const from = filter.from ?? Number.MIN_SAFE_INTEGER;
  const to = filter.to ?? Number.MAX_SAFE_INTEGER;
  const states = filter.states && filter.states.length > 0 ? ` AND state IN (${filter.states.map((s) => KEY_STATE_CODES[s]).join(',')})` : '';
  const pageStmt = core.db.prepare(`SELECT * FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ?${states} ORDER BY ts DESC LIMIT ?`);
  const countStmt = core.db.prepare(`SELECT count(*) AS n FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ?${states}`);
  const want = filter.offset + filter.limit;

  let total = 0;
  const candidates: Array<{ row: ReadingRow; account: StoredAccount }> = [];
  for (const account of accounts) {
    total += (countStmt.get(account.pk, from, to) as { n: number }).n;
    for (const row of pageStmt.all(account.pk, from, to, want) as ReadingRow[]) candidates.push({ row, account });
  }
  candidates.sort((a, b) => b.row.ts - a.row.ts || a.account.pk - b.account.pk);
  const rows: HistoryRow[] = candidates.slice(filter.offset, want).map(({ row, account }) => ({
    ...toReading(fromRow(row), account.id),
    accountLabel: account.removedAt ? `${account.label} (removed)` : account.label,
    provider: account.provider,
  }));
  return { total, rows };
}

/** The accounts asked for (removed ones included: their history is kept), or all of them. */
function selectAccounts(core: Core, ids: readonly string[] | undefined): StoredAccount[] {
  const all = core.repos.accounts.listAll();
  if (!ids) return all;
  const wanted = new Set(ids);
  return all.filter((a) => wanted.has(a.id));
}
