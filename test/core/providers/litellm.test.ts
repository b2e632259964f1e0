import { describe, expect, it } from 'vitest';
import { parseTime } from '../../../src/core/providers/litellm.ts';
import { pollOnce } from '../../helpers/poll.ts';
import { fixtureFetch } from '../../helpers/fixture-fetch.ts';
import { itClassifiesScenarios, itEnforcesTransportLimits, useFakeProvider } from '../../helpers/fake-provider.ts';
import { TRANSPORT_FAILURES } from '../../helpers/transport-failures.ts';

const KEY = 'sk-litellm-0123456789abcdefABCDEF';
const NOW = Date.parse('2026-11-18T10:30:00Z');

const p = useFakeProvider(
  'litellm',
  { key: KEY, balance: '0', cap: { limit: '100', used: '25.5' } },
  { now: () => NOW },
);
const { account } = p;
const poll = (options = {}) => pollOnce('litellm', p.baseUrl(), KEY, options, {}, () => NOW);

describe('LiteLLM adapter against the fake proxy', () => {
  it("reads the key's budget: what is left as the balance, the budget as cap figures with its reset", async () => {
    account('ok');
    const out = await poll();
    expect(out).toMatchObject({
      state: 'ok',
      httpStatus: 200,
      balance: { micros: 74_500_000, unit: 'USD' },
      keyExpiresAt: null,
      message: '$25.5 of the key budget of $100 spent; resets 2026-12-01T00:00:00.000Z',
    });
    expect(out.cap).toEqual({
      unit: 'USD',
      limit: 100_000_000,
      used: 25_500_000,
      remaining: 74_500_000,
      resetAt: Date.parse('2026-12-01T00:00:00Z'),
    });
    const sent = p.server.requests.at(-1)!;
    expect(sent.path).toBe('/litellm/key/info');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('never keeps the key the proxy echoes back in /key/info', async () => {
    account('ok');
    expect(JSON.stringify(await poll())).not.toContain(KEY);
  });

  it('times without an offset are UTC', async () => {
    account('ok', { expiresAt: Date.parse('2027-01-31T12:00:00Z'), fields: { naiveTimes: true } });
    const out = await poll();
    expect(out.keyExpiresAt).toBe(Date.parse('2027-01-31T12:00:00Z'));
    expect(out.cap!.resetAt).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(parseTime('2026-12-01T00:00:00')).toBe(Date.parse('2026-12-01T00:00:00Z'));
    expect(parseTime('2026-12-01T08:00:00+08:00')).toBe(Date.parse('2026-12-01T00:00:00Z'));
  });

  it('a key without a budget has no balance and no cap, and says what it spent', async () => {
    account('ok', { cap: { limit: null, used: '3.25' } });
    expect(await poll()).toMatchObject({
      state: 'ok',
      balance: null,
      cap: null,
      message: 'no budget set on the key; $3.25 spent',
    });
  });

  it('a spent monthly budget is insufficient_balance until it resets; a spent daily one is daily_cap_reached', async () => {
    account('ok', { cap: { limit: '20', used: '20.5' } });
    expect(await poll()).toMatchObject({
      state: 'insufficient_balance',
      balance: { micros: -500_000, unit: 'USD' },
      message: 'the key budget of $20 is spent ($20.5); resets 2026-12-01T00:00:00.000Z',
    });
    account('daily_cap');
    expect(await poll()).toMatchObject({ state: 'daily_cap_reached', cap: { limit: 5_000_000, used: 5_010_000 } });
    account('ok', { cap: { limit: '20', used: '20' }, fields: { budgetDuration: null, budgetResetAt: null } });
    expect(await poll()).toMatchObject({
      state: 'insufficient_balance',
      message: 'the key budget of $20 is spent ($20)',
    });
  });

  it('an expires in the past is expired_key; a blocked key is invalid_key', async () => {
    account('ok', { expiresAt: NOW - 60_000 });
    expect(await poll()).toMatchObject({ state: 'expired_key', keyExpiresAt: NOW - 60_000 });
    account('ok', { fields: { blocked: true } });
    expect(await poll()).toMatchObject({ state: 'invalid_key', message: expect.stringMatching(/blocked/) });
  });

  it("with budget=team, reads the key's team from /team/info", async () => {
    account('ok', {
      fields: {
        teamId: 'team-ml',
        team: {
          spend: 410.5,
          max_budget: 500,
          budget_duration: '30d',
          budget_reset_at: '2026-12-01T00:00:00Z',
          team_alias: 'ml',
        },
      },
    });
    const out = await poll({ budget: 'team' });
    expect(out).toMatchObject({
      state: 'ok',
      balance: { micros: 89_500_000, unit: 'USD' },
      cap: { limit: 500_000_000, used: 410_500_000, remaining: 89_500_000 },
      message: '$410.5 of the team "ml" budget of $500 spent; resets 2026-12-01T00:00:00.000Z',
    });
    expect(p.server.requests.slice(-2).map((r) => r.path)).toEqual(['/litellm/key/info', '/litellm/team/info']);
    account('ok');
    expect(await poll({ budget: 'team' })).toMatchObject({
      state: 'bad_response',
      message: 'this key belongs to no team; choose the key budget instead',
    });
  });

  itClassifiesScenarios(p, [
    ['invalid_key', 'invalid_key', 401, /Invalid proxy server token/],
    ['expired_key', 'expired_key', 400, /Expired Key/],
    ['insufficient_balance', 'insufficient_balance', 400, /Budget has been exceeded/],
    ['rate_limited', 'rate_limited', 429, /Max parallel request limit/],
    ['error_in_200', 'invalid_key', 200, /Invalid proxy server token/],
    ['wrong_types', 'bad_response', 200, /info\.spend/],
    ...TRANSPORT_FAILURES,
  ]);

  it('honours Retry-After on 429', async () => {
    account('rate_limited', { retryAfter: '20' });
    expect((await poll()).retryAfterSeconds).toBe(20);
  });

  itEnforcesTransportLimits(p);
});

describe('LiteLLM documented shapes (inline fixtures)', () => {
  it('parses a /key/info reply as the proxy prints it, with a linked budget table', async () => {
    const fetch = fixtureFetch({
      '/key/info': {
        body: {
          key: 'sk-02Wr4IAlN3NvPXvL5JVvDA',
          info: {
            key_name: 'sk-...VvDA',
            key_alias: null,
            spend: 0.0001065,
            expires: '2027-06-30T00:00:00+00:00',
            models: [],
            aliases: {},
            config: {},
            user_id: 'ishaan',
            team_id: null,
            max_parallel_requests: null,
            metadata: {},
            tpm_limit: null,
            rpm_limit: null,
            max_budget: null,
            budget_duration: null,
            budget_reset_at: null,
            allowed_cache_controls: [],
            permissions: {},
            model_spend: {},
            model_max_budget: {},
            soft_budget_cooldown: false,
            blocked: null,
            litellm_budget_table: { max_budget: 10, budget_duration: '7d', soft_budget: null },
          },
        },
      },
    });
    const out = await pollOnce('litellm', 'https://llm.example.com', KEY, {}, { fetch }, () => NOW);
    expect(out).toMatchObject({
      state: 'ok',
      balance: { micros: 9_999_893, unit: 'USD' }, // 10 − 0.0001065, the spend rounded to the micro-dollar (106.5 → 107)
      keyExpiresAt: Date.parse('2027-06-30T00:00:00Z'),
    });
    expect(fetch.urls).toEqual(['https://llm.example.com/key/info']);
  });
});
