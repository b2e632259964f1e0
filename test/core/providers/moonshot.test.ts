import { describe, expect, it } from 'vitest';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk-moonshot0123456789abcdefghij';

const p = useFakeProvider(
  'moonshot',
  { key: KEY, balance: '49.58894', fields: { voucher: '46.58893' } },
  { options: { currency: 'CNY' } },
);
const { account } = p;
const poll = (currency = 'CNY') => p.poll({ currency });

const documented = {
  code: 0,
  data: { available_balance: 49.58894, voucher_balance: 46.58893, cash_balance: 3.00001 },
  scode: '0x0',
  status: true,
};

describe('Moonshot adapter against the fake server', () => {
  it('reads available_balance (a float) exactly, in the currency option', async () => {
    account('ok');
    expect(await poll()).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      message: null,
      balance: { micros: 49_588_940, unit: 'CNY' },
    });
    expect(await poll('USD')).toMatchObject({ balance: { micros: 49_588_940, unit: 'USD' } });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/moonshot/v1/users/me/balance');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('refuses to guess the currency for a host that does not say it', async () => {
    account('ok');
    const before = p.server.requests.length;
    expect(await pollOnce('moonshot', p.baseUrl(), KEY)).toMatchObject({
      state: 'bad_response',
      balance: null,
      message: expect.stringMatching(/set the currency option/),
    });
    expect(p.server.requests.length).toBe(before);
  });

  it('a negative cash balance is allowed and reported as owed', async () => {
    account('ok', { balance: '12.5', fields: { voucher: '12.5', cash: '-3.25' } });
    expect(await poll()).toMatchObject({
      state: 'ok',
      balance: { micros: 12_500_000, unit: 'CNY' },
      message: 'cash balance -3.25 CNY (owed)',
    });
  });

  it('available_balance at or below zero is insufficient_balance, balance kept', async () => {
    account('ok', { balance: '0', fields: { voucher: '0', cash: '-1.5' } });
    expect(await poll()).toMatchObject({
      state: 'insufficient_balance',
      balance: { micros: 0, unit: 'CNY' },
      message: expect.stringMatching(/no available balance.*cash balance -1.5 CNY/),
    });
  });

  itClassifiesScenarios(
    p,
    [
      ['invalid_key', 'invalid_key', 401, /Invalid Authentication/],
      ['expired_key', 'expired_key', 401, /expired/],
      ['insufficient_balance', 'insufficient_balance', 429, /insufficient balance/], // Moonshot's 429 exceeded_current_quota_error
      ['daily_cap', 'daily_cap_reached', 429, /per day/],
      ['rate_limited', 'rate_limited', 429, /max RPM/],
      ['error_in_200', 'invalid_key', 200, /Invalid Authentication/], // status:false
      ['wrong_types', 'bad_response', 200, /forty-nine|available_balance/],
      ...TRANSPORT_FAILURES,
    ],
    {
      account: { retryAfter: '3' },
      also: (scenario, out) => {
        if (scenario === 'rate_limited') expect(out.retryAfterSeconds).toBe(3);
      },
    },
  );

  itEnforcesTransportLimits(p);
});

describe('Moonshot documented shapes (inline fixtures)', () => {
  it('takes the currency from the official hosts: .cn is CNY, .ai is USD', async () => {
    for (const [base, unit] of [
      ['https://api.moonshot.cn', 'CNY'],
      ['https://api.moonshot.ai', 'USD'],
    ] as const) {
      const fetch = fixtureFetch({ '/v1/users/me/balance': { body: documented } });
      expect(await pollOnce('moonshot', base, KEY, {}, { fetch })).toMatchObject({
        state: 'ok',
        balance: { micros: 49_588_940, unit },
      });
      expect(fetch.urls).toEqual([`${base}/v1/users/me/balance`]);
    }
  });

  it('the currency option wins over the host', async () => {
    const fetch = fixtureFetch({ '/v1/users/me/balance': { body: documented } });
    expect(await pollOnce('moonshot', 'https://api.moonshot.cn', KEY, { currency: 'USD' }, { fetch })).toMatchObject({
      balance: { unit: 'USD' },
    });
  });

  it.each([
    [200, { code: 5, data: null, scode: '0x5', status: false }, 'bad_response'],
    [
      200,
      { code: 3, data: { available_balance: 1, voucher_balance: 0, cash_balance: 1 }, scode: '0x3', status: true },
      'bad_response',
    ],
    [401, { error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } }, 'invalid_key'],
    [
      429,
      {
        error: {
          message: 'Your account is suspended due to insufficient balance',
          type: 'exceeded_current_quota_error',
        },
      },
      'insufficient_balance',
    ],
    [
      429,
      {
        error: {
          message: 'The engine is currently overloaded, please try again later',
          type: 'engine_overloaded_error',
        },
      },
      'rate_limited',
    ],
  ])('%d %j → %s', async (status, body, state) => {
    const fetch = fixtureFetch({ '/v1/users/me/balance': { status, body } });
    expect(await pollOnce('moonshot', 'https://api.moonshot.ai', KEY, {}, { fetch })).toMatchObject({
      state,
      httpStatus: status,
      balance: null,
    });
  });
});
