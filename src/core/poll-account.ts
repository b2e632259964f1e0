import type { Core } from './core.ts';
import type { StoredAccount } from './store/accounts-repo.ts';
import type { ReadingRecord } from './store/readings-repo.ts';
import type { PollOutcome } from './providers/adapter.ts';
import type { HttpClient } from './net/http.ts';
import { getProvider } from './providers/registry.ts';
import { runPoll } from './providers/run.ts';
import { UserError } from './errors.ts';
import { refreshSiteSettings, siteContext } from './site-settings.ts';

/**
 * What happened when one account was asked for a poll.
 *
 * - `polled`: the provider was asked and the outcome (success or failure, both are
 *   history) was stored through core.recordReading. `record` is null only in the rare
 *   case the account already had a reading at that exact millisecond.
 * - `not_polled`: nothing was sent. Manual providers have no balance endpoint; an account
 *   whose provider Burnrate no longer knows cannot be read; an account removed while its
 *   request was in flight gets no reading.
 * - `keychain_unavailable`: the key could not be read, so no request was sent and nothing
 *   was stored. This is not a key state (the provider said nothing about the key); callers
 *   surface it as its own condition and try again later.
 */
export type PollAccountResult =
  | { kind: 'polled'; account: StoredAccount; outcome: PollOutcome; at: number; record: ReadingRecord | null }
  | { kind: 'not_polled'; account: StoredAccount; reason: 'manual' | 'unknown_provider' | 'removed'; message: string }
  | { kind: 'keychain_unavailable'; account: StoredAccount; message: string };

export interface PollAccountOptions {
  /** Per-request deadline; the HTTP client's default (15 s) when absent. */
  timeoutMs?: number | undefined;
}

/** Whether the poller should schedule this account at all. */
export function isPollable(account: StoredAccount): boolean {
  return Boolean(getProvider(account.provider)?.poll);
}

/**
 * Poll one account once and store what was learned. Never throws for provider or network
 * trouble (runPoll turns those into outcomes); the keychain being unavailable comes back as
 * a result, not an exception. The key is read from the keychain here, held only for the
 * request, and never returned.
 */
export async function pollAccount(
  core: Core,
  account: StoredAccount,
  options: PollAccountOptions = {},
): Promise<PollAccountResult> {
  const def = getProvider(account.provider);
  if (!def)
    return {
      kind: 'not_polled',
      account,
      reason: 'unknown_provider',
      message: `unknown provider ${JSON.stringify(account.provider)}`,
    };
  if (!def.poll)
    return {
      kind: 'not_polled',
      account,
      reason: 'manual',
      message: `${def.name} has no balance endpoint; its balance is recorded by hand`,
    };
  const baseUrl = (account.baseUrl ?? def.defaultBaseUrl ?? '').replace(/\/+$/, '');

  // Accounts added without a key are polled without one; the keychain is not touched.
  let key: string | null = null;
  if (account.keyUpdatedAt !== null) {
    try {
      key = await core.accounts.key(account.id);
    } catch (error) {
      if (error instanceof UserError && error.code === 'keychain_unavailable')
        return { kind: 'keychain_unavailable', account, message: error.message };
      throw error;
    }
  }

  const http = withTimeout(core.http, options.timeoutMs);
  // A self-hosted site's own units (new-api's /api/status), read at most once a day; the poll
  // reads its billing figures with them. A failed read never stops the poll.
  const site = def.readSite ? siteContext(core, await refreshSiteSettings(core, account, { http })) : undefined;
  const outcome = await runPoll(def, {
    baseUrl,
    key,
    options: account.options,
    http,
    now: core.now,
    site,
  });
  const at = core.now();
  // The account may have been removed (or purged) while the request was out: a removed
  // account takes no new history, and a purged one has nowhere to put it.
  const current = core.repos.accounts.get(account.id);
  if (!current || current.removedAt)
    return {
      kind: 'not_polled',
      account,
      reason: 'removed',
      message: 'the account was removed while it was being polled',
    };
  return { kind: 'polled', account: current, outcome, at, record: core.recordReading(current, outcome, at) };
}

function withTimeout(http: HttpClient, timeoutMs: number | undefined): HttpClient {
  if (timeoutMs === undefined) return http;
  return { request: (req) => http.request({ ...req, timeoutMs: req.timeoutMs ?? timeoutMs }) };
}
