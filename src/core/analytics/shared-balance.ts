import type { Core } from '../core.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { SharedBalanceSuggestion } from '../../shared/status.ts';
import { getProvider } from '../providers/registry.ts';

/**
 * Shared balances. Keys of one provider account can spend from one credit balance (CheapAI:
 * "spend from one shared credit balance"); each key's balance endpoint then reports the
 * whole balance. The person says so (`accounts add … --shares-balance-with`, the account
 * form), and totals count that balance once. Burnrate only ever offers the link.
 */

/** Each account's balance holder: the account it shares a balance with, else itself (pk → pk). */
export function balanceHolders(accounts: readonly StoredAccount[]): Map<number, number> {
  const known = new Set(accounts.map((a) => a.pk));
  return new Map(
    accounts.map((a) => [a.pk, a.sharesBalancePk !== null && known.has(a.sharesBalancePk) ? a.sharesBalancePk : a.pk]),
  );
}

const DAY_MS = 24 * 3600_000;
/** Two polls this close together are "the same poll" of one balance. */
export const SAME_POLL_MS = 2 * 60_000;
/** Agreement must be seen across about a day… */
export const MIN_AGREEMENT_SPAN_MS = 20 * 3600_000;
/** …on at least this many pairs of polls… */
export const MIN_MATCHES = 6;
/** …with at most this share of pairs disagreeing (spend that fell between the two polls of a pair). */
export const MAX_MISMATCH_SHARE = 0.1;

interface Point {
  ts: number;
  balance: number;
  unit: string;
}

/**
 * Pairs of accounts of one provider and base URL, not linked yet, whose polls close in
 * time reported the same balance for the last day: offered as a shared balance (the newer
 * account spending from the older one's), never linked automatically.
 */
export function sharedBalanceSuggestions(
  core: Core,
  accounts: readonly StoredAccount[],
  now: number,
): SharedBalanceSuggestion[] {
  const holders = balanceHolders(accounts);
  const byOrigin = new Map<string, StoredAccount[]>();
  for (const a of accounts) {
    if (a.removedAt) continue;
    const def = getProvider(a.provider);
    const key = `${a.provider} ${a.baseUrl ?? def?.defaultBaseUrl ?? ''}`;
    byOrigin.set(key, [...(byOrigin.get(key) ?? []), a]);
  }
  const out: SharedBalanceSuggestion[] = [];
  for (const group of byOrigin.values()) {
    if (group.length < 2) continue;
    const points = new Map(group.map((a) => [a.pk, balances(core, a, now)]));
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const older = group[i]!;
        const newer = group[j]!;
        if (holders.get(older.pk) === holders.get(newer.pk)) continue;
        const agreement = agree(points.get(older.pk)!, points.get(newer.pk)!);
        if (!agreement) continue;
        const name = getProvider(newer.provider)?.name ?? newer.provider;
        out.push({
          accountId: newer.id,
          sharesBalanceWith: older.id,
          provider: newer.provider,
          since: new Date(agreement.since).toISOString(),
          until: new Date(agreement.until).toISOString(),
          matches: agreement.matches,
          message: `${newer.label} and ${older.label} (${name}) reported the same balance at the same polls for a day: if their keys spend from one balance, link them so it is counted once`,
        });
      }
    }
  }
  return out;
}

function balances(core: Core, account: StoredAccount, now: number): Point[] {
  return core.repos.readings
    .range(account.pk, now - DAY_MS, now + 1)
    .filter((r) => r.state === 'ok' && r.balance !== null && r.unit !== null)
    .map((r) => ({ ts: r.ts, balance: r.balance!, unit: r.unit! }));
}

/** Pair each poll of `b` with the closest poll of `a` within SAME_POLL_MS; judge the pairs. */
function agree(a: readonly Point[], b: readonly Point[]): { since: number; until: number; matches: number } | null {
  if (a.length === 0 || b.length === 0) return null;
  let matches = 0;
  let mismatches = 0;
  let since = Infinity;
  let until = -Infinity;
  let k = 0;
  for (const p of b) {
    while (k + 1 < a.length && Math.abs(a[k + 1]!.ts - p.ts) <= Math.abs(a[k]!.ts - p.ts)) k++;
    const q = a[k]!;
    if (Math.abs(q.ts - p.ts) > SAME_POLL_MS) continue;
    if (q.unit === p.unit && q.balance === p.balance && p.balance > 0) {
      matches++;
      since = Math.min(since, p.ts, q.ts);
      until = Math.max(until, p.ts, q.ts);
    } else mismatches++;
  }
  if (matches < MIN_MATCHES || until - since < MIN_AGREEMENT_SPAN_MS) return null;
  if (mismatches > (matches + mismatches) * MAX_MISMATCH_SHARE) return null;
  return { since, until, matches };
}
