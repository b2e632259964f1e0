import { describe, expect, it } from 'vitest';
import { cheapa } from '../../../src/core/providers/cheapa.ts';
import { runPoll } from '../../../src/core/providers/run.ts';
import type { HttpClient, HttpResponse } from '../../../src/core/net/http.ts';
import { itClassifiesScenarios, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk-llmaai-test-key-0123456789';

const p = useFakeProvider('cheapa', { key: KEY, balance: '17.97', cap: { limit: null, used: '0.03' } });
const { account, poll } = p;

describe('Cheapa API adapter against the fake server', () => {
  it('reads total_available from the credit summary, in USD', async () => {
    account('ok');
    const out = await poll();
    expect(out).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      balance: { micros: 17_970_000, unit: 'USD' },
      message: null,
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/cheapa/v1/dashboard/billing/credit_grants');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  itClassifiesScenarios(p, [
    ['invalid_key', 'invalid_key', 401, /Incorrect API key/],
    ['expired_key', 'expired_key', 401, /expired/],
    ['insufficient_balance', 'insufficient_balance', 402, /Insufficient balance.*key stays valid/],
    ['daily_cap', 'daily_cap_reached', 429, /per day/],
    ['rate_limited', 'rate_limited', 429, /Rate limit reached/],
    ['error_in_200', 'invalid_key', 200, /Incorrect API key/],
    ['wrong_types', 'bad_response', 200, /total_available/],
    ...TRANSPORT_FAILURES,
  ]);

  it('times out a slow reply', async () => {
    account('slow', { delayMs: 1500 });
    expect((await poll({}, { timeoutMs: 300 })).state).toBe('timeout');
  });

  it('the key is still usable after a 402: a top-up brings the balance back', async () => {
    account('insufficient_balance');
    expect((await poll()).state).toBe('insufficient_balance');
    p.server.updateAccount('cheapa', KEY, { scenario: 'ok', balance: '10' });
    expect(await poll()).toMatchObject({ state: 'ok', balance: { micros: 10_000_000, unit: 'USD' } });
  });
});

/** A client that answers every request with one stored body, to test parsing alone. */
function stored(status: number, body: string): HttpClient {
  return {
    async request(req): Promise<HttpResponse> {
      return {
        status,
        headers: { 'content-type': 'application/json' },
        text: body,
        url: req.url,
        credentialsWithheldAt: null,
      };
    },
  };
}
const ctx = (status: number, body: string) => ({
  baseUrl: 'https://api.cheapaapi.com',
  key: KEY,
  options: {},
  http: stored(status, body),
  now: () => Date.parse('2026-11-21T10:00:00Z'),
});

describe('Cheapa API stored bodies', () => {
  it('reads the documented OpenAI legacy credit summary', async () => {
    const body = `{"object":"credit_summary","total_granted":18.0,"total_used":0.03,"total_available":17.97,
      "grants":{"object":"list","data":[{"object":"credit_grant","id":"grant-1","grant_amount":18.0,
      "used_amount":0.03,"effective_at":1675900800.0,"expires_at":1685577600.0}]}}`;
    expect(await runPoll(cheapa, ctx(200, body))).toMatchObject({
      state: 'ok',
      balance: { micros: 17_970_000, unit: 'USD' },
    });
  });

  it('reads amounts sent as decimal strings, and a summary without grants', async () => {
    expect(await runPoll(cheapa, ctx(200, '{"object":"credit_summary","total_available":"0.000001"}'))).toMatchObject({
      balance: { micros: 1 },
    });
  });

  it('refuses impossible amounts', async () => {
    expect(await runPoll(cheapa, ctx(200, '{"total_available":1e308}'))).toMatchObject({
      state: 'bad_response',
      httpStatus: 200,
      balance: null,
    });
    expect(await runPoll(cheapa, ctx(200, '{"total_available":"NaN"}'))).toMatchObject({
      state: 'bad_response',
      httpStatus: 200,
      message: expect.stringMatching(/total_available/),
    });
  });
});
