import net from 'node:net';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import { createPoller } from '../../src/core/poller/index.ts';
import { pollAccount } from '../../src/core/poll-account.ts';
import type { PollEvent, PollerEvent } from '../../src/core/poller/index.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeAccount } from '../../src/core/providers/fake/types.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Every kind of bad reply a provider or the network can give, in one place, through the
 * real poller, real HTTP (the fake provider server on 127.0.0.1) and real SQLite: each ends
 * in the right state with a useful message, memory stays bounded while the worst of them
 * repeat, and the other accounts keep their schedule meanwhile.
 */

const TIMEOUT_MS = 800;
let fake: FakeServer;
/** A loopback port nothing listens on (bound, then released). */
let closedPort: number;
beforeAll(async () => {
  fake = await startFakeServer();
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
});
afterAll(() => fake.close());

interface Row {
  name: string;
  provider?: string;
  /** The fake account (key and balance are filled in); omit for a base URL that is not the fake. */
  account?: Partial<FakeAccount>;
  baseUrl?: string;
  options?: Record<string, unknown>;
  state: string;
  httpStatus?: number | null;
  message?: RegExp | null;
  balance?: string | null;
  retryAfterSeconds?: [number, number] | null;
}

const customOptions = { path: '/api/balance', balancePath: 'data.balance' };

/** An amount no balance can be, at a custom endpoint (it reads the figure where it is told, verbatim). */
const oddAmount = (rawAmount: string, state: string, extra: Partial<Row> = {}): Row => ({
  name: `amount ${rawAmount}`,
  provider: 'custom',
  options: customOptions,
  account: { scenario: 'odd_amount', rawAmount },
  state,
  httpStatus: 200,
  ...extra,
});

const MATRIX: Row[] = [
  {
    name: 'a healthy reply',
    account: { scenario: 'ok', balance: '250.5' },
    state: 'ok',
    httpStatus: 200,
    balance: '250.5',
    message: null,
  },
  // Transport
  {
    name: 'no answer in time',
    account: { scenario: 'slow', delayMs: 5000 },
    state: 'timeout',
    httpStatus: null,
    message: /^no complete answer within 0\.8 s$/,
  },
  {
    name: 'a reply dripping one byte a second',
    account: { scenario: 'drip', delayMs: 1000 },
    state: 'timeout',
    httpStatus: null,
    message: /^no complete answer within 0\.8 s$/,
  },
  {
    name: 'the connection reset',
    account: { scenario: 'connection_reset' },
    state: 'network_error',
    httpStatus: null,
    message: /connection|socket|closed/,
  },
  {
    name: 'nothing listening',
    baseUrl: 'CLOSED_PORT',
    state: 'network_error',
    httpStatus: null,
    message: /connection refused/,
  },
  {
    name: 'a 10 MB body',
    account: { scenario: 'huge_body' },
    state: 'bad_response',
    message: /larger than the 1048576-byte limit/,
  },
  {
    name: 'a redirect to plain http elsewhere',
    account: { scenario: 'redirect', redirectTo: 'http://example.com/cheapai' },
    state: 'bad_response',
    message: /will not follow/,
  },
  {
    name: 'a redirect loop',
    account: { scenario: 'redirect' },
    state: 'bad_response',
    message: /more than 5 redirects/,
  },
  // Bodies
  {
    name: 'an HTML 502 from a proxy',
    account: { scenario: 'bad_gateway_html' },
    state: 'server_error',
    httpStatus: 502,
    message: /^HTTP 502: HTML page: 502 Bad Gateway$/,
  },
  {
    name: 'a 500 with a JSON error',
    account: { scenario: 'server_error' },
    state: 'server_error',
    httpStatus: 500,
    message: /^HTTP 500: Internal server error$/,
  },
  {
    name: 'truncated JSON',
    account: { scenario: 'truncated_json' },
    state: 'bad_response',
    httpStatus: 200,
    message: /not valid JSON \(truncated\?\)/,
  },
  {
    name: 'an empty 200',
    account: { scenario: 'empty_body' },
    state: 'bad_response',
    httpStatus: 200,
    message: /^empty reply$/,
  },
  {
    name: 'wrong types',
    account: { scenario: 'wrong_types' },
    state: 'bad_response',
    httpStatus: 200,
    message: /^unexpected reply at /,
  },
  { name: '200 with an error flag', account: { scenario: 'error_in_200' }, state: 'invalid_key', httpStatus: 200 },
  // Amounts no balance can be (custom reads the figure where it is told, verbatim)
  oddAmount('"NaN"', 'bad_response', { message: /not a decimal number/ }),
  oddAmount('NaN', 'bad_response', { name: 'amount NaN (not JSON at all)', message: /not valid JSON/ }),
  oddAmount('Infinity', 'bad_response', { message: /not valid JSON/ }),
  oddAmount('1e308', 'bad_response', { message: /out of range/ }),
  oddAmount('"1e400"', 'bad_response', { message: /out of range/ }),
  oddAmount('null', 'bad_response'),
  oddAmount('true', 'bad_response'),
  {
    name: 'amount 1e308 at DeepSeek',
    provider: 'deepseek',
    account: { scenario: 'odd_amount', rawAmount: '"1e308"' },
    state: 'bad_response',
    httpStatus: 200,
    message: /out of range/,
  },
  // A negative balance is real (an account that owes, e.g. Moonshot's cash_balance): kept as is.
  oddAmount('-12.5', 'ok', { name: 'a negative amount', balance: '-12.5' }),
  // Provider answers
  { name: '401', account: { scenario: 'invalid_key' }, state: 'invalid_key', httpStatus: 401 },
  { name: '401 expired', account: { scenario: 'expired_key' }, state: 'expired_key', httpStatus: 401 },
  { name: '402', account: { scenario: 'insufficient_balance' }, state: 'insufficient_balance', httpStatus: 402 },
  { name: '429 daily cap', account: { scenario: 'daily_cap' }, state: 'daily_cap_reached', httpStatus: 429 },
  {
    name: '429 Retry-After in seconds',
    account: { scenario: 'rate_limited', retryAfter: '45' },
    state: 'rate_limited',
    httpStatus: 429,
    retryAfterSeconds: [45, 45],
  },
  {
    name: '429 Retry-After as an HTTP date',
    account: { scenario: 'rate_limited', retryAfter: new Date(Date.now() + 120_000).toUTCString() },
    state: 'rate_limited',
    httpStatus: 429,
    retryAfterSeconds: [115, 121],
  },
  {
    name: '429 Retry-After as a date already past',
    account: { scenario: 'rate_limited', retryAfter: new Date(Date.now() - 60_000).toUTCString() },
    state: 'rate_limited',
    httpStatus: 429,
    retryAfterSeconds: [0, 0],
  },
  {
    name: '429 Retry-After unreadable',
    account: { scenario: 'rate_limited', retryAfter: 'soon' },
    state: 'rate_limited',
    httpStatus: 429,
    retryAfterSeconds: null,
  },
];

async function addRow(core: Core, row: Row, i: number): Promise<string> {
  const provider = row.provider ?? 'cheapai';
  const key = `sk-matrix-${i}-${Math.random().toString(36).slice(2, 12)}`;
  if (row.account) {
    const redirectTo =
      row.account.scenario === 'redirect' && !row.account.redirectTo ? fake.baseUrl(provider) : row.account.redirectTo;
    fake.setAccount(provider, {
      key,
      balance: '100',
      scenario: 'ok',
      ...row.account,
      ...(redirectTo ? { redirectTo } : {}),
    });
  }
  const account = await core.accounts.add({
    provider,
    label: row.name,
    baseUrl: row.baseUrl === 'CLOSED_PORT' ? `http://127.0.0.1:${closedPort}` : (row.baseUrl ?? fake.baseUrl(provider)),
    key,
    ...(row.options ? { options: row.options } : {}),
  });
  return account.id;
}

describe('bad replies, all in one place, through the real poller', () => {
  it('each gives the right state, status, message and Retry-After, and is stored as history', async () => {
    const core = openCore({ home: tempDir(), secrets: new MemorySecrets() });
    const ids = await Promise.all(MATRIX.map((row, i) => addRow(core, row, i)));
    const poller = createPoller(core, { timeoutMs: TIMEOUT_MS, reloadIntervalMs: null, concurrency: 8 });
    poller.start();
    const events = await poller.refresh();
    const byId = new Map(events.map((e) => [e.accountId, e]));
    const failures: string[] = [];
    MATRIX.forEach((row, i) => {
      const e = byId.get(ids[i]!);
      if (!e) return failures.push(`${row.name}: no poll event`);
      const got = {
        state: e.state,
        httpStatus: e.httpStatus,
        message: e.message,
        balance: e.balance?.amount ?? null,
        retryAfterSeconds: e.retryAfterSeconds,
      };
      const wrong =
        e.state !== row.state ||
        (row.httpStatus !== undefined && e.httpStatus !== row.httpStatus) ||
        (row.message === null && e.message !== null) ||
        (row.message && !row.message.test(e.message ?? '')) ||
        (row.balance !== undefined && got.balance !== row.balance) ||
        (row.retryAfterSeconds === null && e.retryAfterSeconds !== null) ||
        (row.retryAfterSeconds &&
          (e.retryAfterSeconds === null ||
            e.retryAfterSeconds < row.retryAfterSeconds[0] ||
            e.retryAfterSeconds > row.retryAfterSeconds[1]));
      if (wrong) failures.push(`${row.name}: ${JSON.stringify(got)}`);
    });
    expect(failures).toEqual([]);

    // Each poll is history: one stored reading per account, with the same state.
    for (const [i, id] of ids.entries()) {
      expect(core.repos.readings.latest(core.accounts.require(id).pk)?.state, MATRIX[i]!.name).toBe(MATRIX[i]!.state);
    }
    // A Retry-After holds the account: not polled again before it passes, even on refresh.
    const dated = ids[MATRIX.findIndex((r) => r.name === '429 Retry-After as an HTTP date')]!;
    const schedule = poller.status().accounts.find((a) => a.accountId === dated)!;
    expect(schedule.hold).toBe('retry_after');
    expect(Date.parse(schedule.nextAt!) - Date.now()).toBeGreaterThan(110_000);
    expect(await poller.refresh(dated)).toEqual([]);
    await poller.stop();
    core.close();
  }, 30_000);
});

describe('a host that does not resolve', () => {
  it('is a network error naming DNS (with the default deadline: a slow resolver is not a timeout of ours)', async () => {
    const core = openCore({ home: tempDir(), secrets: new MemorySecrets() });
    const account = await core.accounts.add({
      provider: 'cheapai',
      label: 'dns',
      baseUrl: 'https://burnrate-test-no-such-host.invalid',
      key: 'sk-dns-0123456789',
    });
    const result = await pollAccount(core, core.accounts.require(account.id));
    expect(result).toMatchObject({
      kind: 'polled',
      outcome: { state: 'network_error', httpStatus: null, message: expect.stringMatching(/DNS|host not found/) },
    });
    expect(core.repos.readings.latest(core.accounts.require(account.id).pk)?.state).toBe('network_error');
    core.close();
  }, 30_000);
});

describe('memory while the worst replies repeat', () => {
  it('stays bounded polling 10 MB bodies, drips and timeouts forty times over', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const core = openCore({ home: tempDir(), secrets: new MemorySecrets() });
    const rows: Row[] = [
      { name: 'huge 1', account: { scenario: 'huge_body' }, state: 'bad_response' },
      { name: 'huge 2', account: { scenario: 'huge_body' }, state: 'bad_response' },
      { name: 'drip', account: { scenario: 'drip', delayMs: 50 }, state: 'timeout' },
      { name: 'slow', account: { scenario: 'slow', delayMs: 5000 }, state: 'timeout' },
    ];
    await Promise.all(rows.map((row, i) => addRow(core, row, 100 + i)));
    const poller = createPoller(core, { timeoutMs: 300, reloadIntervalMs: null });
    poller.start();
    const round = async () => {
      const events = await poller.refresh();
      expect(events.map((e) => e.state).sort()).toEqual(['bad_response', 'bad_response', 'timeout', 'timeout']);
    };
    const measure = () => {
      gc();
      gc();
      const m = process.memoryUsage();
      return { heap: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
    };
    for (let i = 0; i < 5; i++) await round();
    const before = measure();
    for (let i = 0; i < 40; i++) await round();
    const after = measure();
    await poller.stop();
    core.close();
    const MB = 1024 * 1024;
    // Forty rounds read (and drop) up to 1 MB of each 10 MB body: 80 MB went through. Keeping
    // even the capped part of each body would add 80 MB; a leak of whole bodies, far more.
    expect((after.heap - before.heap) / MB, 'heap, external and array buffers grew by (MB)').toBeLessThan(16);
    expect((after.rss - before.rss) / MB, 'resident set grew by (MB)').toBeLessThan(96);
  }, 120_000);
});

describe('one account misbehaving does not disturb the others’ schedule', () => {
  it.each([
    ['dripping', { scenario: 'drip', delayMs: 1000 }],
    ['timing out', { scenario: 'slow', delayMs: 10_000 }],
    ['sending 10 MB', { scenario: 'huge_body' }],
    ['resetting', { scenario: 'connection_reset' }],
  ] as Array<[string, Partial<FakeAccount>]>)(
    'a %s account, polled every second beside three healthy ones (real time)',
    async (_what, bad) => {
      const core = openCore({ home: tempDir(), secrets: new MemorySecrets() });
      const badId = await addRow(core, { name: 'bad', account: bad, state: '' }, 200);
      const good = await Promise.all(
        [0, 1, 2].map((i) => addRow(core, { name: `good ${i}`, account: { scenario: 'ok' }, state: 'ok' }, 210 + i)),
      );
      const poller = createPoller(core, {
        intervalSeconds: 1,
        // A poll the bad account holds lasts up to 3 s: a healthy account made to wait for it
        // would show a gap of over 3 s.
        timeoutMs: 3000,
        reloadIntervalMs: null,
        rules: { minIntervalMs: 1000, startSpreadMs: 200 },
      });
      const polls: PollEvent[] = [];
      poller.on('poll', (e: PollerEvent) => polls.push(e as PollEvent));
      const started = Date.now();
      poller.start();
      // About six polls of each healthy account (interval 1 s): enough to see a gap of 3 s.
      const count = (id: string) => polls.filter((e) => e.accountId === id).length;
      await waitFor(() => good.every((id) => count(id) >= 6), {
        timeoutMs: 15_000,
        what: () => `six polls of each healthy account (${good.map(count).join(', ')})`,
      });
      await poller.stop();
      core.close();

      for (const id of good) {
        const times = polls.filter((e) => e.accountId === id).map((e) => Date.parse(e.at));
        // Interval 1 s, jitter up to 10 %: never a gap near 3 s (the bound leaves room for a
        // loaded CI machine).
        expect(times.length, `polls of a healthy account in ${Date.now() - started} ms`).toBeGreaterThanOrEqual(6);
        const gaps = times.slice(1).map((t, i) => t - times[i]!);
        expect(Math.max(...gaps)).toBeLessThan(2500);
        expect(polls.filter((e) => e.accountId === id).every((e) => e.state === 'ok')).toBe(true);
      }
      // The bad one failed every time and was backed off, not hammered.
      const badPolls = polls.filter((e) => e.accountId === badId);
      expect(badPolls.length).toBeGreaterThanOrEqual(1);
      expect(badPolls.length).toBeLessThanOrEqual(4);
      expect(badPolls.every((e) => e.state !== 'ok')).toBe(true);
    },
    20_000,
  );
});
