import { describe, expect, it } from 'vitest';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk-siliconflow0123456789abcdefgh';

const p = useFakeProvider(
  'siliconflow',
  { key: KEY, balance: '88.88', fields: { gift: '0.88' } },
  { options: { currency: 'CNY' } },
);
const { account } = p;
const poll = (currency = 'CNY') => p.poll({ currency });

const documented = {
  code: 20000,
  message: 'OK',
  status: true,
  data: {
    id: 'userid',
    name: 'username',
    image: 'user_avatar_image_url',
    email: 'user_email_address',
    isAdmin: false,
    balance: '0.88',
    status: 'normal',
    introduction: 'user_introduction',
    role: 'user_role',
    chargeBalance: '88.00',
    totalBalance: '88.88',
  },
};

describe('SiliconFlow adapter against the fake server', () => {
  it('reads totalBalance (granted + paid) in the currency option', async () => {
    account('ok');
    expect(await poll()).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      message: null,
      balance: { micros: 88_880_000, unit: 'CNY' },
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/siliconflow/v1/user/info');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('refuses to guess the currency for a host that does not say it', async () => {
    account('ok');
    expect(await pollOnce('siliconflow', p.baseUrl(), KEY)).toMatchObject({
      state: 'bad_response',
      message: expect.stringMatching(/set the currency option/),
    });
  });

  it('a zero total balance is insufficient_balance, balance kept', async () => {
    account('ok', { balance: '0.00', fields: { gift: '0.00' } });
    expect(await poll('USD')).toMatchObject({ state: 'insufficient_balance', balance: { micros: 0, unit: 'USD' } });
  });

  itClassifiesScenarios(
    p,
    [
      ['invalid_key', 'invalid_key', 401, /Api key is invalid/],
      ['expired_key', 'expired_key', 401, /expired/],
      ['insufficient_balance', 'insufficient_balance', 403, /balance is insufficient/],
      ['daily_cap', 'daily_cap_reached', 429, /daily request limit/],
      ['rate_limited', 'rate_limited', 429, /RPM limit reached/],
      ['error_in_200', 'invalid_key', 200, /Invalid token/],
      ['wrong_types', 'bad_response', 200, /data\.totalBalance/],
      ...TRANSPORT_FAILURES,
    ],
    {
      account: { retryAfter: 'Sat, 21 Nov 2099 10:02:00 GMT' },
      also: (scenario, out) => {
        if (scenario === 'rate_limited') expect(out.retryAfterSeconds).toBe(7 * 24 * 3600); // an HTTP date, capped at a week
      },
    },
  );

  itEnforcesTransportLimits(p);
});

describe('SiliconFlow documented shapes (inline fixtures)', () => {
  it('takes the currency from the official hosts: .cn is CNY, .com is USD', async () => {
    for (const [base, unit] of [
      ['https://api.siliconflow.cn', 'CNY'],
      ['https://api.siliconflow.com', 'USD'],
    ] as const) {
      const fetch = fixtureFetch({ '/v1/user/info': { body: documented } });
      expect(await pollOnce('siliconflow', base, KEY, {}, { fetch })).toMatchObject({
        state: 'ok',
        balance: { micros: 88_880_000, unit },
      });
      expect(fetch.urls).toEqual([`${base}/v1/user/info`]);
    }
  });

  it.each([
    [200, { code: 30001, message: 'Sorry, your account balance is insufficient', data: null }, 'insufficient_balance'],
    [200, { code: 20012, message: 'Model does not exist. Please check it carefully.', data: null }, 'bad_response'],
    [402, { code: 30001, message: 'Sorry, your account balance is insufficient' }, 'insufficient_balance'],
    [403, { code: 30001, message: 'Sorry, your account balance is insufficient' }, 'insufficient_balance'],
    [403, { code: 30011, message: 'The model requires real-name verification' }, 'invalid_key'],
    [401, '"Invalid token"', 'invalid_key'],
    [503, { code: 50501, message: 'Model service overloaded. Please try again later.', data: null }, 'server_error'],
  ])('%d %j → %s', async (status, body, state) => {
    const fetch = fixtureFetch({ '/v1/user/info': { status, body } });
    expect(await pollOnce('siliconflow', 'https://api.siliconflow.com', KEY, {}, { fetch })).toMatchObject({
      state,
      httpStatus: status,
      balance: null,
    });
  });
});
