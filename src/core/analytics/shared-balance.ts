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
const SAME_POLL_MS = 2 * 60_000;
/** Agreement must be seen across about a day… */
const MIN_AGREEMENT_SPAN_MS = 20 * 3600_000;
/** …on at least this many pairs of polls… */
const MIN_MATCHES = 6;
/** …with at most this share of pairs disagreeing (spend that fell between the two polls of a pair). */
const MAX_MISMATCH_SHARE = 0.1;

type Points = ReturnType<Core['repos']['readings']['okBalances']>;

/** A day of agreement moves slowly: each pair is judged at most once per this much time. */
const SUGGESTION_REFRESH_MS = 10 * 60_000;

type Agreement = { since: number; until: number; matches: number } | null;
const judged = new WeakMap<Core['repos'], { bucket: number; pairs: Map<string, Agreement> }>();

/**
 * Pairs of accounts of one provider and base URL, not linked yet, whose polls close in
 * time reported the same balance for the last day: offered as a shared balance (the newer
 * account spending from the older one's), never linked automatically. Each pair's verdict
 * is kept for SUGGESTION_REFRESH_MS (status runs after every poll; a day's agreement does
 * not change by the minute); links are applied on every call.
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
  const bucket = Math.floor(now / SUGGESTION_REFRESH_MS);
  let cache = judged.get(core.repos);
  if (!cache || cache.bucket !== bucket) judged.set(core.repos, (cache = { bucket, pairs: new Map() }));
  const pairs = cache.pairs;
  for (const group of byOrigin.values()) {
    if (group.length < 2) continue;
    const points = new Map<number, Points>();
    const pointsOf = (a: StoredAccount) => {
      if (!points.has(a.pk)) points.set(a.pk, balances(core, a, now));
      return points.get(a.pk)!;
    };
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const older = group[i]!;
        const newer = group[j]!;
        if (holders.get(older.pk) === holders.get(newer.pk)) continue;
        const key = `${older.pk}:${newer.pk}`;
        if (!pairs.has(key)) pairs.set(key, agree(pointsOf(older), pointsOf(newer)));
        const agreement = pairs.get(key)!;
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

function balances(core: Core, account: StoredAccount, now: number): Points {
  return core.repos.readings.okBalances(account.pk, now - DAY_MS, now + 1);
}

/** Pair each poll of `b` with the closest poll of `a` within SAME_POLL_MS; judge the pairs. */
function agree(a: Points, b: Points): { since: number; until: number; matches: number } | null {
  const n = a.ts.length;
  if (n === 0 || b.ts.length === 0) return null;
  let matches = 0;
  let mismatches = 0;
  let since = Infinity;
  let until = -Infinity;
  let k = 0;
  for (let i = 0; i < b.ts.length; i++) {
    const ts = b.ts[i]!;
    while (k + 1 < n && Math.abs(a.ts[k + 1]! - ts) <= Math.abs(a.ts[k]! - ts)) k++;
    if (Math.abs(a.ts[k]! - ts) > SAME_POLL_MS) continue;
    const balance = b.balance[i]!;
    if (a.unit[k] === b.unit[i] && a.balance[k] === balance && balance > 0) {
      matches++;
      since = Math.min(since, ts, a.ts[k]!);
      until = Math.max(until, ts, a.ts[k]!);
    } else mismatches++;
    // Past the share of disagreements allowed, nothing later can make it agree.
    if (mismatches > MAX_MISMATCH_SHARE * b.ts.length) return null;
  }
  if (matches < MIN_MATCHES || until - since < MIN_AGREEMENT_SPAN_MS) return null;
  if (mismatches > (matches + mismatches) * MAX_MISMATCH_SHARE) return null;
  return { since, until, matches };
}
