import { describe, expect, it } from 'vitest';
import { AIMLAPI_CREDITS_PER_USD, aimlCreditsToUsdMicros } from '../../../src/core/providers/aimlapi.ts';
import { toMicrosBig } from '../../../src/shared/decimal.ts';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'aiml0123456789abcdef0123456789ab';

const p = useFakeProvider('aimlapi', { key: KEY, balance: '10000000' });
const { account, poll } = p;

describe('AIML API credits, reported in dollars', () => {
  it('converts raw credits to micro-dollars exactly, large and fractional', async () => {
    for (const [credits, micros] of [
      ['551564495', 275_782_248], // $275.7822475 → half a micro-dollar rounds up
      ['9007199254', 4_503_599_627], // about the most raw credits micros of credits could hold (~$4,503)
      ['50000000000', 25_000_000_000], // a business balance: $25,000
      ['1234.5', 617], // $0.00061725 → 617 micro-dollars
    ] as const) {
      account('ok', { balance: credits });
      expect((await poll()).balance).toEqual({ micros, unit: 'USD' });
    }
  });

  it('reads a $25,000 balance (50,000,000,000 credits) as ok, not out of range', async () => {
    account('ok', { balance: '50000000000' });
    expect(await poll()).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      message: null,
      balance: { micros: 25_000 * 1_000_000, unit: 'USD' },
    });
  });

  it('converts credits to dollars at 2,000,000 per USD with integer math', () => {
    expect(AIMLAPI_CREDITS_PER_USD).toBe(2_000_000);
    expect(aimlCreditsToUsdMicros(toMicrosBig('2000000'))).toBe(1_000_000); // $1
    expect(aimlCreditsToUsdMicros(toMicrosBig('100000'))).toBe(50_000); // $0.05, the docs' example
    expect(aimlCreditsToUsdMicros(toMicrosBig('551564495'))).toBe(275_782_248); // $275.7822475 → half a micro rounds up
    expect(aimlCreditsToUsdMicros(toMicrosBig('3'))).toBe(2); // 1.5 micros → 2
    expect(aimlCreditsToUsdMicros(toMicrosBig('1'))).toBe(1); // 0.5 micro → 1
    expect(aimlCreditsToUsdMicros(toMicrosBig('-3'))).toBe(-2); // an overdrawn balance rounds away from zero too
    expect(aimlCreditsToUsdMicros(toMicrosBig('18014398509481982'))).toBe(9_007_199_254_740_991); // the largest: MAX_SAFE_INTEGER micro-dollars
    expect(() => aimlCreditsToUsdMicros(toMicrosBig('18014398509481985'))).toThrow(/out of range/);
  });

  it('a balance beyond what micro-dollars can hold (~$9.0e9) is a bad response that says why', async () => {
    account('ok', { balance: '90000000000000000' });
    expect(await poll()).toMatchObject({
      state: 'bad_response',
      httpStatus: 200,
      balance: null,
      message: expect.stringMatching(/balance.*out of range/),
    });
  });
});

describe('AIML API adapter against the fake server', () => {
  it('reads the credit balance, in dollars', async () => {
    account('ok');
    expect(await poll()).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      message: null,
      balance: { micros: 5_000_000, unit: 'USD' },
    }); // 10,000,000 credits = $5
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/aimlapi/v1/billing/balance');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('passes on the low-balance flag and a balance that is not current', async () => {
    account('ok', { balance: '5000', fields: { status: 'stale', statusExplanation: 'Balance is being recalculated' } });
    expect(await poll()).toMatchObject({
      state: 'ok',
      balance: { micros: 2_500, unit: 'USD' },
      message: 'low balance (under 10000 credits); Balance is being recalculated',
    });
  });

  it('no credits left is insufficient_balance, balance kept', async () => {
    account('ok', { balance: '0' });
    expect(await poll()).toMatchObject({ state: 'insufficient_balance', balance: { micros: 0, unit: 'USD' } });
  });

  itClassifiesScenarios(
    p,
    [
      ['invalid_key', 'invalid_key', 401, /Invalid API key/],
      ['expired_key', 'expired_key', 401, /expired/],
      ['insufficient_balance', 'insufficient_balance', 403, /Insufficient credits/],
      ['daily_cap', 'daily_cap_reached', 429, /daily limit/],
      ['rate_limited', 'rate_limited', 429, /Too many requests/],
      ['error_in_200', 'invalid_key', 200, /Invalid API key/],
      ['wrong_types', 'bad_response', 200, /balance/],
      ...TRANSPORT_FAILURES,
    ],
    {
      also: (scenario, out) => {
        if (scenario === 'rate_limited') expect(out.retryAfterSeconds).toBeNull(); // AIML sends no Retry-After
      },
    },
  );

  itEnforcesTransportLimits(p);
});

describe('AIML API documented shapes (inline fixtures)', () => {
  it.each(['https://api.aimlapi.com', 'https://billing.aimlapi.com'])(
    'parses the documented example from %s',
    async (base) => {
      const fetch = fixtureFetch({
        '/v1/billing/balance': {
          body: {
            balance: 551564495,
            lowBalance: false,
            lowBalanceThreshold: 10000,
            lastUpdated: '2025-11-10T10:01:56.824Z',
            autoDebitStatus: 'disabled',
            status: 'current',
            statusExplanation: 'Balance is current and up to date',
          },
        },
      });
      expect(await pollOnce('aimlapi', base, KEY, {}, { fetch })).toMatchObject({
        state: 'ok',
        message: null,
        balance: { micros: 275_782_248, unit: 'USD' },
      });
      expect(fetch.urls).toEqual([`${base}/v1/billing/balance`]);
    },
  );

  it.each([
    [
      429,
      {
        message:
          "Free-tier limit: You've reached your free limit for the hour. Get AI/ML Subscription to use API, visit https://aimlapi.com/app/billing/ !",
        path: '/v1/chat/completions',
        requestId: '798b860e',
        statusCode: '429',
        timestamp: '2025-03-11T07:13:27.813Z',
      },
      'rate_limited',
    ],
    [403, { message: 'You have run out of credits', statusCode: 403 }, 'insufficient_balance'],
    [401, { message: 'Unauthorized', statusCode: 401 }, 'invalid_key'],
    [200, { message: 'Internal error', statusCode: '500' }, 'server_error'],
  ])('%d %j → %s', async (status, body, state) => {
    const fetch = fixtureFetch({ '/v1/billing/balance': { status, body } });
    expect(await pollOnce('aimlapi', 'https://api.aimlapi.com', KEY, {}, { fetch })).toMatchObject({
      state,
      httpStatus: status,
      balance: null,
    });
  });
});
