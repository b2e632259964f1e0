import { describe, expect, it } from 'vitest';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk-deepseek0123456789abcdefWXYZ';

const p = useFakeProvider('deepseek', { key: KEY, balance: '110.00' });
const { account, poll } = p;

const twoCurrencies = {
  balances: [
    { currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' },
    { currency: 'USD', total_balance: '5.20', granted_balance: '0.00', topped_up_balance: '5.20' },
  ],
};

describe('DeepSeek adapter against the fake server', () => {
  it('reads the decimal-string balance in its currency', async () => {
    account('ok');
    expect(await poll()).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      message: null,
      balance: { micros: 110_000_000, unit: 'CNY' },
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/deepseek/user/balance');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('follows the first currency by default and the chosen one with the currency option', async () => {
    account('ok', { fields: twoCurrencies });
    expect(await poll()).toMatchObject({
      state: 'ok',
      balance: { micros: 110_000_000, unit: 'CNY' },
      message: 'also USD 5.20',
    });
    expect(await poll({ currency: 'USD' })).toMatchObject({
      state: 'ok',
      balance: { micros: 5_200_000, unit: 'USD' },
      message: 'also CNY 110.00',
    });
  });

  it('says so when the chosen currency is not on the account', async () => {
    account('ok');
    expect(await poll({ currency: 'USD' })).toMatchObject({
      state: 'bad_response',
      balance: null,
      message: 'no USD balance in the reply (currencies: CNY)',
    });
  });

  it('is_available:false keeps the balance and reports insufficient_balance', async () => {
    account('ok', { balance: '0.35', fields: { isAvailable: false } });
    expect(await poll()).toMatchObject({
      state: 'insufficient_balance',
      balance: { micros: 350_000, unit: 'CNY' },
      message: 'balance too low to call the API',
    });
    account('ok', { fields: { isAvailable: false, balances: [] } });
    expect(await poll()).toMatchObject({ state: 'insufficient_balance', balance: null });
  });

  itClassifiesScenarios(
    p,
    [
      ['invalid_key', 'invalid_key', 401, /Authentication Fails, Your api key: \*\*\*\* is invalid/],
      ['expired_key', 'expired_key', 401, /expired/],
      ['insufficient_balance', 'insufficient_balance', 402, /Insufficient Balance/],
      ['daily_cap', 'daily_cap_reached', 429, /Daily request limit/],
      ['rate_limited', 'rate_limited', 429, /Rate Limit Reached/],
      ['error_in_200', 'invalid_key', 200, /no such user/],
      ['wrong_types', 'bad_response', 200, /balance_infos/],
      ...TRANSPORT_FAILURES,
    ],
    {
      account: { retryAfter: '7' },
      also: (scenario, out) => {
        expect(out.message).not.toContain(KEY.slice(-4)); // DeepSeek echoes the key's tail
        if (scenario === 'rate_limited') expect(out.retryAfterSeconds).toBe(7);
      },
    },
  );

  itEnforcesTransportLimits(p);
});

describe('DeepSeek documented shapes (inline fixtures)', () => {
  const base = 'https://api.deepseek.com';
  it('parses the documented example', async () => {
    const fetch = fixtureFetch({
      '/user/balance': {
        body: {
          is_available: true,
          balance_infos: [
            { currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' },
          ],
        },
      },
    });
    expect(await pollOnce('deepseek', base, KEY, {}, { fetch })).toMatchObject({
      state: 'ok',
      balance: { micros: 110_000_000, unit: 'CNY' },
    });
    expect(fetch.urls).toEqual([`${base}/user/balance`]);
  });

  it('parses a USD account and a currency it cannot store', async () => {
    let fetch = fixtureFetch({
      '/user/balance': {
        body: {
          is_available: true,
          balance_infos: [
            { currency: 'USD', total_balance: '0.000001', granted_balance: '0', topped_up_balance: '0.000001' },
          ],
        },
      },
    });
    expect(await pollOnce('deepseek', base, KEY, {}, { fetch })).toMatchObject({
      state: 'ok',
      balance: { micros: 1, unit: 'USD' },
    });
    fetch = fixtureFetch({
      '/user/balance': { body: { is_available: true, balance_infos: [{ currency: 'EUR', total_balance: '3.00' }] } },
    });
    expect(await pollOnce('deepseek', base, KEY, {}, { fetch })).toMatchObject({
      state: 'bad_response',
      message: expect.stringMatching(/unsupported currency "EUR"/),
    });
  });

  it.each([
    [
      401,
      {
        error: {
          message: 'Authentication Fails (no such user)',
          type: 'authentication_error',
          param: null,
          code: 'invalid_request_error',
        },
      },
      'invalid_key',
    ],
    [
      402,
      { error: { message: 'Insufficient Balance', type: 'unknown_error', param: null, code: 'invalid_request_error' } },
      'insufficient_balance',
    ],
    [503, { error: { message: 'Server Overloaded', type: 'server_error' } }, 'server_error'],
  ])('%d %j → %s', async (status, body, state) => {
    const fetch = fixtureFetch({ '/user/balance': { status, body } });
    expect(await pollOnce('deepseek', base, KEY, {}, { fetch })).toMatchObject({ state, httpStatus: status });
  });
});
