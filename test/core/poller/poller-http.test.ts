import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openCore } from '../../../src/core/core.ts';
import { createPoller } from '../../../src/core/poller/index.ts';
import type { PollerEvent } from '../../../src/core/poller/index.ts';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../../src/core/providers/fake/server.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { findInFiles, tempDir } from '../../helpers/tmp.ts';
import { FakeClock } from '../../helpers/clock.ts';
import { seededRandom as seeded } from '../../../src/core/seeded-random.ts';

const S = 1000;
const T0 = Date.parse('2026-03-10T12:00:00Z');

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

/**
 * The real poller over real HTTP (the fake provider server) and real SQLite; only the
 * scheduler's clock is fake, and each step waits for the polls it started to be stored.
 */
describe('poller over the fake provider server', () => {
  it('sends nothing for 120 s to an account answering 429 Retry-After: 120, while the others keep their schedule', async () => {
    const home = tempDir();
    const clock = new FakeClock(T0);
    const core = openCore({ home, secrets: new MemorySecrets(), now: () => clock.now });
    const keys = {
      limited: 'sk_http_limited_0123456789',
      steady: 'sk_http_steady_0123456789',
      other: 'sk_http_other_0123456789',
    };
    fake.setAccount('cheapai', { key: keys.limited, balance: '500', scenario: 'rate_limited', retryAfter: '120' });
    fake.setAccount('cheapai', { key: keys.steady, balance: '900', scenario: 'ok' });
    fake.setAccount('cheapai', { key: keys.other, balance: '700', scenario: 'ok' });
    const ids: Record<string, string> = {};
    for (const [label, key] of Object.entries(keys)) {
      ids[label] = (
        await core.accounts.add({
          provider: 'cheapai',
          label,
          key,
          baseUrl: fake.baseUrl('cheapai'),
          pollIntervalSeconds: 30,
        })
      ).id;
    }
    const poller = createPoller(core, { timers: clock, random: seeded(7), reloadIntervalMs: null, timeoutMs: 5000 });
    const events: PollerEvent[] = [];
    poller.on('*', (e) => events.push(e));
    const sentTo = (key: string) => fake.requests.filter((r) => r.headers.authorization === `Bearer ${key}`).length;
    const settle = () => poller.idle();

    poller.start();
    await clock.advance(30 * S, settle);
    expect(sentTo(keys.limited)).toBe(1);
    const limitedAt = events.find((e) => e.type === 'poll' && e.accountId === ids.limited);
    expect(limitedAt).toMatchObject({ state: 'rate_limited', httpStatus: 429, retryAfterSeconds: 120 });
    // The provider recovers at once, but the poller must still wait out the 120 s.
    fake.updateAccount('cheapai', keys.limited, { scenario: 'ok', retryAfter: null });

    const firstAt = Date.parse((limitedAt as { at: string }).at);
    await clock.advance(firstAt + 120 * S - clock.now - 1, settle);
    expect(sentTo(keys.limited)).toBe(1);
    // Meanwhile the others were asked every 30–33 s: at least three times each in that window.
    for (const label of ['steady', 'other']) {
      const during = events.filter(
        (e) =>
          e.type === 'poll' &&
          e.accountId === ids[label] &&
          Date.parse(e.at) > firstAt &&
          Date.parse(e.at) < firstAt + 120 * S,
      );
      expect(during.length).toBeGreaterThanOrEqual(3);
      expect(during.every((e) => e.type === 'poll' && e.state === 'ok')).toBe(true);
    }

    await clock.advance(13 * S, settle);
    expect(sentTo(keys.limited)).toBe(2);
    await poller.stop();

    const limitedPk = core.accounts.require(ids.limited!).pk;
    const stored = core.repos.readings.range(limitedPk, 0, Number.MAX_SAFE_INTEGER);
    expect(stored.map((r) => [r.state, r.httpStatus, r.retryAfterSeconds])).toEqual([
      ['rate_limited', 429, 120],
      ['ok', 200, null],
    ]);
    expect(stored[1]!.balance).toBe(500_000_000);
    core.close();
    for (const key of Object.values(keys)) expect(findInFiles(home, key)).toEqual([]);
    expect(JSON.stringify(events)).not.toMatch(/sk_http_/);
  });

  it('stop() lets a poll in flight finish and be stored', async () => {
    const home = tempDir();
    const core = openCore({ home, secrets: new MemorySecrets() });
    const key = 'sk_http_slowstop_0123456789';
    fake.setAccount('cheapai', { key, balance: '321', scenario: 'slow', delayMs: 800 });
    const added = await core.accounts.add({
      provider: 'cheapai',
      label: 'slow',
      key,
      baseUrl: fake.baseUrl('cheapai'),
    });
    const poller = createPoller(core, { reloadIntervalMs: null, rules: { startSpreadMs: 0 } });
    poller.start();
    await vi.waitFor(() => expect(fake.requests.some((r) => r.headers.authorization === `Bearer ${key}`)).toBe(true));
    expect(poller.status().inFlight).toBe(1);
    await poller.stop();
    expect(poller.status().inFlight).toBe(0);
    expect(core.repos.readings.latest(core.accounts.require(added.id).pk)).toMatchObject({
      state: 'ok',
      balance: 321_000_000,
    });
    core.close();
  });
});
