import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeScenario } from '../../../src/core/providers/fake/types.ts';
import { pollOnce } from '../../helpers/poll.ts';

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

const KEY = 'sk_cheapai_test_key_123';

function account(scenario: FakeScenario, extra: Partial<Parameters<FakeServer['setAccount']>[1]> = {}) {
  fake.setAccount('cheapai', { key: KEY, balance: '123456', scenario, ...extra });
}

describe('CheapAI adapter against the fake server', () => {
  it('reads the integer credit balance', async () => {
    account('ok');
    const out = await pollOnce('cheapai', fake.baseUrl('cheapai'), KEY);
    expect(out).toMatchObject({ state: 'ok', httpStatus: 200, balance: { micros: 123_456_000_000, unit: 'credits' } });
    const sent = fake.requests.at(-1)!;
    expect(sent.path).toBe('/cheapai/v1/credits');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it.each<[FakeScenario, string, number | null, RegExp]>([
    ['invalid_key', 'invalid_key', 401, /Invalid API key/],
    ['expired_key', 'expired_key', 401, /expired/],
    ['insufficient_balance', 'insufficient_balance', 402, /Insufficient credits/],
    ['daily_cap', 'daily_cap_reached', 429, /Daily spend limit/],
    ['rate_limited', 'rate_limited', 429, /Too many requests/],
    ['error_in_200', 'invalid_key', 200, /Invalid API key/],
    ['wrong_types', 'bad_response', 200, /credits/],
    ['server_error', 'server_error', 500, /HTTP 500/],
    ['bad_gateway_html', 'server_error', 502, /502 Bad Gateway/],
    ['truncated_json', 'bad_response', 200, /not valid JSON/],
    ['empty_body', 'bad_response', 200, /empty reply/],
    ['connection_reset', 'network_error', null, /connection|socket|closed/],
  ])('%s → %s', async (scenario, state, status, message) => {
    account(scenario);
    const out = await pollOnce('cheapai', fake.baseUrl('cheapai'), KEY);
    expect(out.state).toBe(state);
    expect(out.httpStatus).toBe(status);
    expect(out.message).toMatch(message);
    expect(out.balance).toBeNull();
    expect(out.message).not.toContain(KEY);
  });

  it('an unknown key is an invalid key', async () => {
    const out = await pollOnce('cheapai', fake.baseUrl('cheapai'), 'sk_nobody');
    expect(out.state).toBe('invalid_key');
  });

  it('honours Retry-After in seconds and as an HTTP date', async () => {
    account('rate_limited', { retryAfter: '120' });
    expect((await pollOnce('cheapai', fake.baseUrl('cheapai'), KEY)).retryAfterSeconds).toBe(120);
    const now = Date.parse('2026-11-21T10:00:00Z');
    account('rate_limited', { retryAfter: new Date(now + 90_000).toUTCString() });
    expect((await pollOnce('cheapai', fake.baseUrl('cheapai'), KEY, {}, {}, () => now)).retryAfterSeconds).toBe(90);
    account('rate_limited', { retryAfter: null });
    expect((await pollOnce('cheapai', fake.baseUrl('cheapai'), KEY)).retryAfterSeconds).toBeNull();
  });

  it('times out a reply slower than the deadline, and one that drips', async () => {
    account('slow', { delayMs: 1500 });
    expect(await pollOnce('cheapai', fake.baseUrl('cheapai'), KEY, {}, { timeoutMs: 300 })).toMatchObject({ state: 'timeout', message: expect.stringMatching(/no complete answer within 0\.3 s/) });
    account('drip', { delayMs: 100 });
    const started = Date.now();
    expect((await pollOnce('cheapai', fake.baseUrl('cheapai'), KEY, {}, { timeoutMs: 400 })).state).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a 10 MB body without holding it', async () => {
    account('huge_body');
    const out = await pollOnce('cheapai', fake.baseUrl('cheapai'), KEY, {}, { timeoutMs: 5000 });
    expect(out).toMatchObject({ state: 'bad_response', message: expect.stringMatching(/larger than the 1048576-byte limit/) });
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startFakeServer();
    const url = closed.baseUrl('cheapai');
    await closed.close();
    expect(await pollOnce('cheapai', url, KEY)).toMatchObject({ state: 'network_error', message: 'connection refused' });
  });
});
