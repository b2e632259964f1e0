import type { Core } from './core.ts';
import type { StoredAccount } from './store/accounts-repo.ts';
import type { ReadingRecord } from './store/readings-repo.ts';
import type { PollOutcome } from './providers/adapter.ts';
import type { HttpClient } from './net/http.ts';
import { DEFAULT_TIMEOUT_MS } from './net/http.ts';
import { randomUUID } from 'node:crypto';
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
 * - `busy`: another process (the app, `watch`, `poll`, `serve`) is polling this account right
 *   now; nothing was sent. Its reading will be in the store when it is done.
 */
export type PollAccountResult =
  | { kind: 'polled'; account: StoredAccount; outcome: PollOutcome; at: number; record: ReadingRecord | null }
  | { kind: 'not_polled'; account: StoredAccount; reason: 'manual' | 'unknown_provider' | 'removed'; message: string }
  | { kind: 'keychain_unavailable'; account: StoredAccount; message: string }
  | { kind: 'busy'; account: StoredAccount; message: string };

export interface PollAccountOptions {
  /** Per-request deadline; the HTTP client's default (15 s) when absent. */
  timeoutMs?: number | undefined;
}

/** Whether the poller should schedule this account at all. */
export function isPollable(account: StoredAccount): boolean {
  return Boolean(getProvider(account.provider)?.poll);
}

/** Time for the keychain read on top of the request's deadline before a lease counts as abandoned. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Poll one account once and store what was learned. Never throws for provider or network
 * trouble (runPoll turns those into outcomes); the keychain being unavailable comes back as
 * a result, not an exception. The key is read from the keychain here, held only for the
 * request, and never returned.
 *
 * Only while holding the account's poll lease (see migration 007), so no two processes poll
 * one account at once; the reading is timestamped when the request starts, so readings line
 * up in the order they were asked for, whichever answer arrives first.
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

  const lease = core.repos.pollLeases;
  const holder = `${process.pid}:${randomUUID()}`;
  // Two requests at most: the site's own settings (once a day, new-api) and the poll itself.
  const ttl = 2 * (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + LEASE_MARGIN_MS;
  if (!lease.take(account.pk, holder, core.now(), ttl))
    return { kind: 'busy', account, message: 'another Burnrate process is polling this account right now' };
  try {
    return await pollHoldingLease(core, account, def, baseUrl, options);
  } finally {
    lease.release(account.pk, holder);
  }
}

async function pollHoldingLease(
  core: Core,
  account: StoredAccount,
  def: NonNullable<ReturnType<typeof getProvider>>,
  baseUrl: string,
  options: PollAccountOptions,
): Promise<PollAccountResult> {
  // Accounts added without a key are polled without one; the keychain is not touched
  // (unless `serve` was given a key file for the account).
  let key: string | null = null;
  if (account.keyUpdatedAt !== null || core.secrets.holds?.(account.id)) {
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
  // Timestamped at request start: a reply that arrives late must not look newer than it is.
  const at = core.now();
  const outcome = await runPoll(def, {
    baseUrl,
    key,
    options: account.options,
    http,
    now: core.now,
    site,
  });
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
  return {
    kind: 'polled',
    account: current,
    outcome,
    at,
    record: core.recordReading(current, outcome, at, { fromPoll: true }),
  };
}

function withTimeout(http: HttpClient, timeoutMs: number | undefined): HttpClient {
  if (timeoutMs === undefined) return http;
  return { request: (req) => http.request({ ...req, timeoutMs: req.timeoutMs ?? timeoutMs }) };
}
