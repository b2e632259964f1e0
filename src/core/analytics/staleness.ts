import type { StoredAccount } from '../store/accounts-repo.ts';
import { getProvider } from '../providers/registry.ts';

/**
 * The one staleness rule: an account's figures are stale when the provider last answered
 * (a balance, or a definite refusal such as a 402 or a 429) more than three of its poll
 * intervals ago (and never sooner than ten minutes) — three polls missed or failed in a
 * row. Only accounts Burnrate polls can be stale: a paused account is paused, and a balance
 * kept by hand is as old as the person last recorded it.
 */
const STALE_INTERVALS = 3;
const STALE_MIN_MS = 10 * 60_000;

function staleAfterMs(pollIntervalSeconds: number): number {
  return Math.max(STALE_MIN_MS, STALE_INTERVALS * pollIntervalSeconds * 1000);
}

/** Whether Burnrate polls the account: switched on, and its provider has an endpoint to poll. */
export function isPolled(account: Pick<StoredAccount, 'enabled' | 'provider'>): boolean {
  return account.enabled && Boolean(getProvider(account.provider)?.poll);
}

/** Whether figures last confirmed at `asOf` are stale at `now` (null: nothing read yet, so nothing to be stale). */
export function isStale(
  account: Pick<StoredAccount, 'enabled' | 'provider' | 'pollIntervalSeconds'>,
  asOf: number | null,
  now: number,
): boolean {
  return isPolled(account) && asOf !== null && now - asOf > staleAfterMs(account.pollIntervalSeconds);
}
