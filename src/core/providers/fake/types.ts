import type { Unit } from '../../../shared/units.ts';

/**
 * The fake provider server speaks every provider's API on 127.0.0.1 so tests (and the
 * app's demo mode) poll real HTTP. Each provider contributes one module that turns a
 * fake account's state into that provider's exact reply shapes.
 */

/** Failure and edge scenarios a fake account can be put in. */
export const FAKE_SCENARIOS = [
  'ok',
  // answered by the provider module, in the provider's own error shapes
  'invalid_key',
  'expired_key',
  'insufficient_balance',
  'daily_cap',
  'rate_limited',
  'error_in_200',
  'wrong_types',
  // answered by the server itself, the same for every provider
  'server_error',
  'bad_gateway_html',
  'truncated_json',
  'empty_body',
  'slow',
  'drip',
  'connection_reset',
  'huge_body',
  // the key comes back inside an error body (see echoAs), as careless relays do
  'echo_key',
  // the provider's ok body with its balance replaced by rawAmount, verbatim (NaN, 1e308, -5…)
  'odd_amount',
  // 307 to redirectTo (another server, for the "no key to another origin" checks)
  'redirect',
] as const;
export type FakeScenario = (typeof FAKE_SCENARIOS)[number];

export interface FakeAccount {
  /** The key this account answers to (as the provider would receive it). */
  key: string;
  /** Balance as the provider reports it, in its own unit, as a decimal string. */
  balance: string;
  scenario: FakeScenario;
  /** For rate_limited: the Retry-After header value ("120" or an HTTP date), or none. */
  retryAfter?: string | null;
  /** For slow / drip: how long the reply takes. */
  delayMs?: number;
  /** A spend cap the provider reports (OpenRouter key limit, new-api token quota…). */
  cap?: { limit: string | null; used: string; reset?: 'daily' | 'weekly' | 'monthly' | null } | null;
  /** Key expiry, unix ms; null = never. */
  expiresAt?: number | null;
  /** Provider-specific extras (currency, billing type, user id…). */
  fields?: Record<string, unknown>;
  /** Balance change per poll served (negative burns), to make balances move. */
  stepPerRequest?: string;
  /** For echo_key: where the key comes back (default a 401 JSON error naming the key). */
  echoAs?: 'json_401' | 'text_500' | 'html_502' | 'flag_200';
  /** For odd_amount: the JSON token that replaces the balance (`NaN`, `"NaN"`, `1e308`, `-12.5`…). */
  rawAmount?: string;
  /** For redirect: the base URL to send the client to (the request's path is kept). */
  redirectTo?: string;
}

/** Site-wide, provider-specific state of the fake server (see FakeServer.setSite). */
export type FakeSite = Record<string, unknown>;

export interface FakeRequest {
  method: string;
  /** Path below the provider prefix, e.g. "/v1/credits". */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
}

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are. */
  body: unknown;
}

export interface FakeProviderModule {
  /** The provider id; the server serves it under `/<id>/…`. */
  id: string;
  /** The key the request carries (Bearer token, xi-api-key…), or null. */
  keyOf(req: FakeRequest): string | null;
  /**
   * Answer one request for an account (null when the key matched none: answer as the
   * provider answers an unknown key). Every module answers ok, invalid_key, expired_key,
   * insufficient_balance, daily_cap, rate_limited, error_in_200 and wrong_types in its own shapes.
   * `site` is the server's site-wide state for this provider (setSite): what a self-hosted site
   * publishes about itself, the same for every key and for requests with none.
   */
  handle(req: FakeRequest, account: FakeAccount | null, site: FakeSite): FakeReply;
  /**
   * A healthy account and what polling it must yield. The end-to-end test adds an account
   * for every module with these options against the fake server and checks `poll --json`.
   */
  sample: {
    account: FakeAccount;
    /** `--set` options the account needs (e.g. userId for new-api access tokens). */
    options?: Record<string, string>;
    /**
     * Set for a provider without a balance endpoint (the poller skips it): `expect` is then
     * the balance a person records by hand (`balance set`), not something a poll yields.
     */
    manual?: boolean;
    expect: { amount: string; unit: Unit };
  };
}

export function bearer(req: FakeRequest): string | null {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m ? m[1]!.trim() : null;
}

/** The Retry-After header for a rate_limited account, if it has one. */
export function retryAfterHeaders(account: FakeAccount): Record<string, string> {
  return account.retryAfter ? { 'retry-after': account.retryAfter } : {};
}
