import { describe, expect, it } from 'vitest';
import { outcome } from '../../../src/core/providers/adapter.ts';
import type { PollOutcome } from '../../../src/core/providers/adapter.ts';
import { H, MIN, S, T0, account, deferred, gaps, harness, ok } from './harness.ts';
import { flush } from '../../helpers/clock.ts';

const fail = (state: PollOutcome['state'], extra: Partial<PollOutcome> = {}) => outcome({ state, ...extra });

describe('scheduler: start and regular schedule', () => {
  it('spreads first polls over the first minute instead of firing all at once', async () => {
    const accounts = Array.from({ length: 20 }, (_, i) => account(`acc_${i}`));
    const h = harness(accounts);
    h.poller.start();
    await h.advance(0);
    expect(h.calls.length).toBeLessThan(3);
    await h.advance(60 * S);
    expect(h.calls).toHaveLength(20);
    const starts = h.calls.map((c) => c.at - T0);
    for (const t of starts) expect(t).toBeGreaterThanOrEqual(0);
    for (const t of starts) expect(t).toBeLessThan(60 * S);
    expect(new Set(starts.map((t) => Math.floor(t / (6 * S)))).size).toBeGreaterThanOrEqual(6);
  });

  it('polls each account at its interval plus up to 10 % jitter', async () => {
    const h = harness([account('a', { pollIntervalSeconds: 300 }), account('b', { pollIntervalSeconds: 60 })]);
    h.poller.start();
    await h.advance(3 * H);
    const a = gaps(h.times('a'));
    const b = gaps(h.times('b'));
    expect(a.length).toBeGreaterThan(30);
    expect(b.length).toBeGreaterThan(150);
    for (const g of a) expect(g).toBeGreaterThanOrEqual(300 * S);
    for (const g of a) expect(g).toBeLessThanOrEqual(330 * S);
    for (const g of b) expect(g).toBeGreaterThanOrEqual(60 * S);
    for (const g of b) expect(g).toBeLessThanOrEqual(66 * S);
    // Jitter is real: the gaps are not all the same.
    expect(new Set(a).size).toBeGreaterThan(10);
  });

  it('never polls faster than 30 s, and an override interval applies to every account', async () => {
    const h = harness(
      [account('a', { pollIntervalSeconds: 5 }), account('b', { pollIntervalSeconds: 3600 })],
      undefined,
      { intervalSeconds: 45 },
    );
    h.poller.start();
    await h.advance(H);
    for (const id of ['a', 'b']) for (const g of gaps(h.times(id))) expect(g).toBeGreaterThanOrEqual(45 * S);
    expect(h.times('b').length).toBeGreaterThan(60);
  });

  it('announces every poll with the contract fields and the reading time', async () => {
    const h = harness([account('a')], () => ok(12.5));
    h.poller.start();
    await h.advance(60 * S);
    const polls = h.events.filter((e) => e.type === 'poll');
    expect(polls).toHaveLength(1);
    expect(polls[0]).toEqual({
      type: 'poll',
      accountId: 'a',
      provider: 'cheapai',
      state: 'ok',
      balance: { amount: '12.5', unit: 'credits' },
      httpStatus: 200,
      retryAfterSeconds: null,
      message: null,
      at: new Date(h.calls[0]!.at).toISOString(),
    });
    expect(h.events[0]).toMatchObject({ type: 'scheduler', state: 'running' });
  });
});

describe('scheduler: failures', () => {
  it('backs off exponentially with full jitter up to 1 h, then returns to the interval after a success', async () => {
    let healthy = false;
    const h = harness([account('a')], () => (healthy ? ok() : fail('server_error', { httpStatus: 500 })));
    h.poller.start();
    await h.advance(12 * H);
    const g = gaps(h.times('a'));
    expect(g.length).toBeGreaterThan(8);
    g.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(300 * S);
      expect(gap).toBeLessThanOrEqual(Math.min(3600, 300 * 2 ** (i + 1)) * S);
    });
    // Later gaps are drawn from a wider range: on average they are clearly longer.
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(g.slice(4))).toBeGreaterThan(mean(g.slice(0, 1)) + 5 * MIN);
    expect(h.poller.status().accounts[0]).toMatchObject({ hold: 'backoff', lastState: 'server_error' });
    expect(h.poller.status().accounts[0]!.failures).toBe(h.times('a').length);

    healthy = true;
    await h.advance(H + 1);
    const before = h.times('a').length;
    await h.advance(2 * H);
    const after = gaps(h.times('a').slice(before - 1));
    for (const gap of after) expect(gap).toBeLessThanOrEqual(330 * S);
    expect(h.poller.status().accounts[0]).toMatchObject({ hold: null, failures: 0, lastState: 'ok' });
  });

  it('reaches exactly the doubling ceilings and the 1 h cap at the top of the jitter range', async () => {
    const h = harness([account('a')], () => fail('timeout'), { random: () => 0.999999 });
    h.poller.start();
    await h.advance(6 * H);
    const g = gaps(h.times('a')).map((x) => Math.round(x / S));
    expect(g.slice(0, 6)).toEqual([600, 1200, 2400, 3600, 3600, 3600]);
  });

  it('sends nothing for 120 s to an account answering 429 Retry-After: 120 while the others keep their schedule', async () => {
    const accounts = [
      account('limited', { pollIntervalSeconds: 30 }),
      account('b', { pollIntervalSeconds: 30 }),
      account('c', { pollIntervalSeconds: 30 }),
    ];
    const h = harness(accounts, (a, n) =>
      a.id === 'limited' && n === 1 ? fail('rate_limited', { httpStatus: 429, retryAfterSeconds: 120 }) : ok(),
    );
    h.poller.start();
    await h.advance(30 * S);
    const [first] = h.times('limited');
    expect(first).toBeDefined();
    await h.advance(10 * MIN);
    const limited = h.times('limited');
    expect(limited[1]! - first!).toBeGreaterThanOrEqual(120 * S);
    expect(limited[1]! - first!).toBeLessThanOrEqual(132 * S);
    // The others went on every 30–33 s during those 120 s.
    for (const id of ['b', 'c']) {
      const during = h.times(id).filter((t) => t > first! && t <= first! + 120 * S);
      expect(during.length).toBeGreaterThanOrEqual(3);
      for (const g of gaps(h.times(id))) expect(g).toBeLessThanOrEqual(33 * S);
    }
    // Once the provider answers again, the normal pace resumes.
    for (const g of gaps(limited.slice(1))) expect(g).toBeLessThanOrEqual(33 * S);
  });

  it('keeps a capped key quiet until the cap window ends', async () => {
    const h = harness([account('capped', { options: { capResetUtc: '05:00' } })], (_a, n) =>
      n === 1 ? fail('daily_cap_reached', { httpStatus: 429 }) : ok(),
    );
    h.poller.start();
    await h.advance(60 * S);
    expect(h.times('capped')).toHaveLength(1);
    const reset = Date.parse('2026-03-11T05:00:00Z');
    await h.advance(reset - h.clock.now - 1);
    expect(h.times('capped')).toHaveLength(1);
    expect(h.poller.status().accounts[0]).toMatchObject({ hold: 'daily_cap' });
    await h.advance(61 * S);
    expect(h.times('capped')).toHaveLength(2);
    expect(h.times('capped')[1]).toBeGreaterThanOrEqual(reset);
  });

  it('holds a refused key for 6 h, and polls again soon after the key is replaced', async () => {
    const a = account('bad');
    let key = 'old';
    const h = harness([a], () => (key === 'old' ? fail('invalid_key', { httpStatus: 401 }) : ok()));
    h.poller.start();
    await h.advance(60 * S);
    expect(h.times('bad')).toHaveLength(1);
    await h.advance(5 * H);
    expect(h.times('bad')).toHaveLength(1);
    h.poller.reload(); // nothing changed: the hold stands
    await h.advance(50 * MIN);
    expect(h.times('bad')).toHaveLength(1);

    key = 'new';
    h.setAccounts([
      { ...a, keyUpdatedAt: new Date(h.clock.now).toISOString(), updatedAt: new Date(h.clock.now).toISOString() },
    ]);
    h.poller.reload();
    const changedAt = h.clock.now;
    await h.advance(60 * S);
    expect(h.times('bad')).toHaveLength(2);
    expect(h.times('bad')[1]! - changedAt).toBeLessThan(60 * S);
    expect(h.events.at(-1)).toMatchObject({ type: 'poll', state: 'ok' });
  });

  it('tries an unchanged refused key again after the hold', async () => {
    const h = harness([account('bad')], () => fail('expired_key', { httpStatus: 401 }));
    h.poller.start();
    await h.advance(60 * S);
    const [first] = h.times('bad');
    await h.advance(7 * H);
    const second = h.times('bad')[1]!;
    expect(second - first!).toBeGreaterThanOrEqual(6 * H);
    expect(second - first!).toBeLessThanOrEqual(6.6 * H);
  });

  it('keeps polling an account with no balance left at the normal pace, so a top-up is seen', async () => {
    const h = harness([account('empty')], () => fail('insufficient_balance', { httpStatus: 402 }));
    h.poller.start();
    await h.advance(H);
    for (const g of gaps(h.times('empty'))) expect(g).toBeLessThanOrEqual(330 * S);
    expect(h.times('empty').length).toBeGreaterThanOrEqual(10);
  });

  it('does not poll without the key when the keychain is unavailable: it says so and retries with backoff', async () => {
    let locked = true;
    const h = harness([account('a')], () => (locked ? 'keychain_unavailable' : ok()));
    h.poller.start();
    await h.advance(2 * H);
    const tries = h.times('a');
    expect(tries.length).toBeGreaterThanOrEqual(3);
    expect(tries.length).toBeLessThan(12);
    expect(h.events.filter((e) => e.type === 'poll')).toHaveLength(0);
    expect(h.poller.status()).toMatchObject({
      lastPollAt: null,
      accounts: [{ lastState: 'keychain_unavailable', hold: 'backoff' }],
    });
    expect(h.events.filter((e) => e.type === 'keychain_unavailable')).toHaveLength(tries.length);
    expect(h.events.find((e) => e.type === 'keychain_unavailable')).toMatchObject({
      accountId: 'a',
      provider: 'cheapai',
      message: expect.stringMatching(/keychain/),
    });
    locked = false;
    expect(await h.poller.refresh('a')).toEqual([expect.objectContaining({ type: 'poll', state: 'ok' })]);
    expect(h.events.at(-1)).toMatchObject({ type: 'poll', state: 'ok' });
  });
});

describe('scheduler: control', () => {
  it('sends nothing while paused, and resumes with the accounts spread out rather than all at once', async () => {
    const accounts = Array.from({ length: 12 }, (_, i) => account(`acc_${i}`));
    const h = harness(accounts);
    h.poller.start();
    await h.advance(10 * MIN);
    h.poller.pause('suspend');
    const paused = h.calls.length;
    await h.advance(3 * H);
    expect(h.calls).toHaveLength(paused);
    expect(h.clock.timerCount).toBe(0);
    expect(h.poller.status().state).toBe('paused');

    h.poller.resume('resume');
    const resumedAt = h.clock.now;
    await h.advance(60 * S);
    const after = h.calls.slice(paused);
    expect(after).toHaveLength(12);
    const offsets = after.map((c) => c.at - resumedAt);
    for (const o of offsets) expect(o).toBeLessThan(60 * S);
    expect(new Set(offsets.map((o) => Math.floor(o / (6 * S)))).size).toBeGreaterThanOrEqual(5);
    expect(
      h.events.filter((e) => e.type === 'scheduler').map((e) => e.type === 'scheduler' && [e.state, e.reason]),
    ).toEqual([
      ['running', null],
      ['paused', 'suspend'],
      ['running', 'resume'],
    ]);
  });

  it('keeps a Retry-After across pause and resume', async () => {
    const h = harness([account('limited')], (_a, n) =>
      n === 1 ? fail('rate_limited', { httpStatus: 429, retryAfterSeconds: 3600 }) : ok(),
    );
    h.poller.start();
    await h.advance(60 * S);
    const [first] = h.times('limited');
    h.poller.pause('offline');
    await h.advance(10 * MIN);
    h.poller.resume('online');
    await h.advance(40 * MIN);
    expect(h.times('limited')).toHaveLength(1);
    await h.advance(20 * MIN);
    expect(h.times('limited')[1]! - first!).toBeGreaterThanOrEqual(3600 * S);
  });

  it('refresh polls now, bypassing backoff, for one account or all; it also works while paused', async () => {
    const h = harness([account('a'), account('b')], (a) => (a.id === 'a' ? fail('network_error') : ok()));
    h.poller.start();
    await h.advance(20 * MIN);
    const a0 = h.times('a').length;
    const b0 = h.times('b').length;
    expect(h.poller.status().accounts.find((s) => s.accountId === 'a')).toMatchObject({ hold: 'backoff' });

    const refreshed = await h.poller.refresh('a');
    expect(refreshed).toEqual([
      expect.objectContaining({
        type: 'poll',
        accountId: 'a',
        state: 'network_error',
        at: new Date(h.clock.now).toISOString(),
      }),
    ]);
    expect(h.times('a')).toHaveLength(a0 + 1);
    expect(h.times('a').at(-1)).toBe(h.clock.now);
    expect(h.times('b')).toHaveLength(b0);

    h.poller.pause('offline');
    expect((await h.poller.refresh()).map((e) => e.accountId).sort()).toEqual(['a', 'b']);
    expect(h.times('a')).toHaveLength(a0 + 2);
    expect(h.times('b')).toHaveLength(b0 + 1);
    // Still paused: nothing else happens.
    await h.advance(H);
    expect(h.calls).toHaveLength(a0 + b0 + 3);
    // Ids the poller does not poll are ignored.
    expect(await h.poller.refresh('acc_unknown')).toEqual([]);
    expect(h.calls).toHaveLength(a0 + b0 + 3);
  });

  it('refresh leaves an account alone while its Retry-After runs', async () => {
    const h = harness([account('limited')], () => fail('rate_limited', { httpStatus: 429, retryAfterSeconds: 600 }));
    h.poller.start();
    await h.advance(60 * S);
    await h.poller.refresh('limited');
    expect(h.times('limited')).toHaveLength(1);
    await h.advance(11 * MIN);
    await h.poller.refresh('limited');
    expect(h.times('limited').length).toBeGreaterThanOrEqual(2);
  });

  it('never has more polls in flight than the concurrency bound', async () => {
    const pending: Array<(o: PollOutcome) => void> = [];
    const accounts = Array.from({ length: 10 }, (_, i) => account(`acc_${i}`));
    const h = harness(accounts, () => {
      const d = deferred<PollOutcome>();
      pending.push(d.resolve);
      return d.promise;
    });
    h.poller.start();
    await h.advance(60 * S);
    expect(h.calls).toHaveLength(4);
    expect(h.poller.status().inFlight).toBe(4);
    pending.shift()!(ok());
    await flush();
    expect(h.calls).toHaveLength(5);
    while (pending.length) {
      pending.shift()!(ok());
      await flush();
    }
    expect(h.calls).toHaveLength(10);
    expect(h.maxInFlight).toBe(4);
  });

  it('stop waits for polls in flight, announces it, and leaves no timers', async () => {
    const d = deferred<PollOutcome>();
    const h = harness([account('slow'), account('b')], (a) => (a.id === 'slow' ? d.promise : ok()));
    h.poller.start();
    await h.advance(60 * S);
    let stopped = false;
    const stopping = h.poller.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    expect(h.clock.timerCount).toBe(0);
    d.resolve(ok(7));
    await stopping;
    expect(stopped).toBe(true);
    // The slow poll's result was still announced (and, in the real poller, stored).
    expect(h.events.filter((e) => e.type === 'poll' && e.accountId === 'slow')).toHaveLength(1);
    expect(h.events.at(-1)).toMatchObject({ type: 'scheduler', state: 'stopped' });
    expect(h.poller.status()).toEqual({
      state: 'stopped',
      inFlight: 0,
      lastPollAt: new Date(h.clock.now).toISOString(),
      accounts: [],
    });
    const calls = h.calls.length;
    await h.advance(H);
    expect(h.calls).toHaveLength(calls);
  });

  it('picks up accounts added, removed and changed while running (reload timer)', async () => {
    const a = account('a');
    const h = harness([a], undefined, { reloadIntervalMs: 30 * S });
    h.poller.start();
    await h.advance(10 * MIN);
    expect(h.times('a').length).toBeGreaterThanOrEqual(2);

    const b = account('b');
    h.setAccounts([a, b]);
    const addedAt = h.clock.now;
    await h.advance(2 * MIN);
    expect(h.times('b').length).toBeGreaterThanOrEqual(1);
    expect(h.times('b')[0]! - addedAt).toBeLessThanOrEqual(90 * S);

    h.setAccounts([b]);
    const removedAt = h.clock.now;
    await h.advance(30 * S);
    await h.advance(H);
    expect(h.times('a').filter((t) => t > removedAt + 30 * S)).toHaveLength(0);
    expect(h.poller.status().accounts.map((s) => s.accountId)).toEqual(['b']);

    // A new interval takes effect after the change.
    h.setAccounts([{ ...b, pollIntervalSeconds: 60, updatedAt: new Date(h.clock.now).toISOString() }]);
    const changedAt = h.clock.now;
    await h.advance(H);
    const later = h.times('b').filter((t) => t > changedAt + 2 * MIN);
    for (const g of gaps(later)) expect(g).toBeLessThanOrEqual(66 * S);
    expect(later.length).toBeGreaterThan(40);
  });
});
