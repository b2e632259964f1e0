import { describe, expect, it } from 'vitest';
import { novitaUsdMicros } from '../../../src/core/providers/novita.ts';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk_novita_0123456789abcdefghijklmnop';

const p = useFakeProvider('novita', { key: KEY, balance: '1000000' });
const { account, poll } = p;

describe('Novita unit conversion (1/10,000 USD → USD micros)', () => {
  it.each([
    ['1000000', 100_000_000], // $100
    ['10000', 1_000_000], // $1, the docs' own example
    ['1', 100], // $0.0001
    ['12345', 1_234_500],
    ['-2500', -250_000],
    ['0', 0],
    ['90071992547', 9_007_199_254_700], // $9,007,199.2547: past what the raw unit count could hold as micros
    ['1e6', 100_000_000], // exponent form goes through integer mulDivMicros
    [33333, 3_333_300],
  ])('%j → %d micros', (units, micros) => {
    expect(novitaUsdMicros(units)).toBe(micros);
  });

  it('rounds a fractional unit half away from zero at the micro', () => {
    expect(novitaUsdMicros('0.005')).toBe(1); // 0.5 micro
    expect(novitaUsdMicros('0.0049')).toBe(0);
    expect(novitaUsdMicros('-0.005')).toBe(-1);
  });
});

describe('Novita adapter against the fake server', () => {
  it('reads availableBalance and converts it exactly to USD', async () => {
    account('ok');
    expect(await poll()).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      message: null,
      balance: { micros: 100_000_000, unit: 'USD' },
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/novita/openapi/v1/billing/balance/detail');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('says when the balance includes a credit limit, and when cash is owed', async () => {
    account('ok', { balance: '150000', fields: { creditLimit: '200000', outstandingInvoices: '12500' } });
    expect(await poll()).toMatchObject({
      state: 'ok',
      balance: { micros: 15_000_000, unit: 'USD' },
      message: 'includes a credit limit of $20; cash balance -$5 (owed); outstanding invoices $1.25',
    });
  });

  it('no available balance is insufficient_balance, balance kept', async () => {
    account('ok', { balance: '0' });
    expect(await poll()).toMatchObject({ state: 'insufficient_balance', balance: { micros: 0, unit: 'USD' } });
  });

  itClassifiesScenarios(
    p,
    [
      ['invalid_key', 'invalid_key', 401, /invalid api key/],
      ['expired_key', 'expired_key', 401, /expired/],
      ['insufficient_balance', 'insufficient_balance', 403, /not enough balance/],
      ['daily_cap', 'daily_cap_reached', 429, /daily request limit/],
      ['rate_limited', 'rate_limited', 429, /too frequent/],
      ['error_in_200', 'invalid_key', 200, /invalid api key/],
      ['wrong_types', 'bad_response', 200, /availableBalance/],
      ...TRANSPORT_FAILURES,
    ],
    {
      account: { retryAfter: '12' },
      also: (scenario, out) => {
        if (scenario === 'rate_limited') expect(out.retryAfterSeconds).toBe(12);
      },
    },
  );

  itEnforcesTransportLimits(p);
});

describe('Novita documented shapes (inline fixtures)', () => {
  const base = 'https://api.novita.ai';
  it('parses the documented example', async () => {
    const fetch = fixtureFetch({
      '/openapi/v1/billing/balance/detail': {
        body: {
          availableBalance: '1000000',
          cashBalance: '800000',
          creditLimit: '200000',
          pendingCharges: '0',
          outstandingInvoices: '0',
        },
      },
    });
    expect(await pollOnce('novita', base, KEY, {}, { fetch })).toMatchObject({
      state: 'ok',
      balance: { micros: 100_000_000, unit: 'USD' },
      message: 'includes a credit limit of $20',
    });
    expect(fetch.urls).toEqual([`${base}/openapi/v1/billing/balance/detail`]);
  });

  it.each([
    [
      403,
      { code: 403, reason: 'NOT_ENOUGH_BALANCE', message: 'not enough balance', metadata: {} },
      'insufficient_balance',
    ],
    [403, { code: 403, reason: 'INVALID_API_KEY', message: 'API Key not provided', metadata: {} }, 'invalid_key'],
    [401, { code: 401, reason: 'FAILED_TO_AUTH', message: 'authentication failed' }, 'invalid_key'],
    [429, { code: 429, reason: 'RATE_LIMIT_EXCEEDED', message: 'Requests are too frequent.' }, 'rate_limited'],
    [503, { code: 503, reason: 'SERVICE_NOT_AVAILABLE', message: 'Service unavailable' }, 'server_error'],
  ])('%d %j → %s', async (status, body, state) => {
    const fetch = fixtureFetch({ '/openapi/v1/billing/balance/detail': { status, body } });
    expect(await pollOnce('novita', base, KEY, {}, { fetch })).toMatchObject({
      state,
      httpStatus: status,
      balance: null,
    });
  });
});
