import { describe, expect, it } from 'vitest';
import { lumenfall } from '../../../src/core/providers/lumenfall.ts';
import { runPoll } from '../../../src/core/providers/run.ts';
import type { HttpClient } from '../../../src/core/net/http.ts';
import { itClassifiesScenarios, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'lmnfl_test_key_0123456789';

const p = useFakeProvider('lumenfall', { key: KEY, balance: '12.5' });
const { account, poll } = p;

describe('Lumenfall adapter against the fake server', () => {
  it('reads a prepaid balance in USD from the native /v1/balance path', async () => {
    account('ok');
    expect(await poll()).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      balance: { micros: 12_500_000, unit: 'USD' },
      message: null,
      billing: 'prepaid',
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/lumenfall/v1/balance');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('says what a postpaid figure means instead of passing it off as prepaid money', async () => {
    account('ok', { balance: '480', fields: { billingType: 'postpaid' } });
    const out = await poll();
    expect(out).toMatchObject({ state: 'ok', balance: { micros: 480_000_000, unit: 'USD' }, billing: 'postpaid' });
    expect(out.message).toMatch(
      /^postpaid account \(monthly invoice\): 480 USD is what is left of the credit limit, not prepaid money$/,
    );
  });

  it('refuses a currency it does not know rather than guessing', async () => {
    account('ok', { fields: { currency: 'eur' } });
    expect(await poll()).toMatchObject({
      state: 'bad_response',
      balance: null,
      message: expect.stringMatching(/currency "eur"/),
    });
  });

  itClassifiesScenarios(p, [
    ['invalid_key', 'invalid_key', 401, /Invalid API key/],
    ['expired_key', 'expired_key', 401, /expired/],
    ['insufficient_balance', 'insufficient_balance', 402, /Insufficient balance/],
    ['daily_cap', 'daily_cap_reached', 429, /Daily spend limit/],
    ['rate_limited', 'rate_limited', 429, /Too many requests/],
    ['error_in_200', 'invalid_key', 200, /Invalid API key/],
    ['wrong_types', 'bad_response', 200, /available/],
    ...TRANSPORT_FAILURES,
  ]);

  it('times out a reply that drips', async () => {
    account('drip', { delayMs: 100 });
    expect((await poll({}, { timeoutMs: 400 })).state).toBe('timeout');
  });
});

function stored(status: number, body: string): HttpClient {
  return { request: async (req) => ({ status, headers: {}, text: body, url: req.url, credentialsWithheldAt: null }) };
}
const read = (status: number, body: string) =>
  runPoll(lumenfall, {
    baseUrl: 'https://api.lumenfall.ai',
    key: KEY,
    options: {},
    http: stored(status, body),
    now: Date.now,
  });

describe('Lumenfall stored bodies', () => {
  it('reads the documented balance object', async () => {
    expect(
      await read(200, '{"object":"balance","billing_type":"prepaid","available":{"amount":12.50,"currency":"usd"}}'),
    ).toMatchObject({
      state: 'ok',
      balance: { micros: 12_500_000, unit: 'USD' },
    });
  });

  it('reads the documented 402 billing error', async () => {
    const out = await read(
      402,
      '{"error":{"message":"Insufficient balance","type":"billing_error","code":"INSUFFICIENT_BALANCE"}}',
    );
    expect(out).toMatchObject({
      state: 'insufficient_balance',
      httpStatus: 402,
      message: 'Insufficient balance',
      balance: null,
    });
  });

  it('reads the documented 401 authentication error', async () => {
    const out = await read(
      401,
      '{"error":{"message":"Invalid API key","type":"authentication_error","code":"AUTHENTICATION_FAILED"}}',
    );
    expect(out).toMatchObject({ state: 'invalid_key', message: 'Invalid API key' });
  });

  it('a null balance object (documented as nullable) is no figure, not zero', async () => {
    expect(await read(200, '{"object":"balance","billing_type":"postpaid","available":null}')).toMatchObject({
      state: 'ok',
      balance: null,
      message: expect.stringMatching(/postpaid/),
    });
  });

  it('an unknown billing type is not guessed', async () => {
    expect(
      (await read(200, '{"object":"balance","billing_type":"credit","available":{"amount":1,"currency":"usd"}}')).state,
    ).toBe('bad_response');
  });
});
