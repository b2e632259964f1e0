import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../../src/core/core.ts';
import type { Core } from '../../../src/core/core.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { addPack } from '../../../src/core/analytics/packs.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { FakeClock } from '../../helpers/clock.ts';

/**
 * The engine on analytics' real figures (no synthetic sources): runway from the readings'
 * burn, the dailyCap option's pacing, packs' projected unused credits, top-ups from the
 * rollups; and status reporting the engine's active alerts.
 */
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const M = 1_000_000;

let core: Core | null = null;
afterEach(() => {
  core?.close();
  core = null;
});

async function setup(options: Record<string, unknown> = {}) {
  const clock = new FakeClock(Date.parse('2026-03-02T06:00:00Z'));
  core = openCore({ home: tempDir(), secrets: new MemorySecrets(), now: () => clock.now });
  const added = await core.accounts.add({ provider: 'cheapai', label: 'main', key: 'sk_x', options });
  const account = core.accounts.require(added.id);
  const c = core;
  return {
    core: c,
    account,
    at: (ms: number) => (clock.now = ms),
    get now() {
      return clock.now;
    },
    credits(amount: number, ts = clock.now) {
      clock.now = ts;
      c.recordReading(
        account,
        outcome({ state: 'ok', httpStatus: 200, balance: { micros: amount * M, unit: 'credits' } }),
        ts,
      );
    },
    kinds: () => c.alerts.history({ accountId: account.id }).map((e) => e.kind),
  };
}

describe('alerts on analytics figures', () => {
  it('low_balance from a runway under 3 days, and status lists the active alert', async () => {
    const t = await setup();
    const start = t.now;
    // 10,000 credits a day for a week, from 100,000: runway falls under 3 days at 30,000.
    for (let h = 0; h <= 8 * 24; h += 6) t.credits(100_000 - (10_000 * h) / 24, start + h * HOUR);
    expect(t.kinds()).toEqual(['low_balance']);
    const fired = t.core.alerts.history({ accountId: t.account.id })[0]!;
    // The first reading under 3 days of runway: 27,500 credits at 10,000 a day.
    expect(fired.message).toBe('CheapAI · main — 27,500 credits left, about 2.8 days at the current burn');
    const status = computeStatus(t.core);
    expect(status.accounts[0]!.alerts).toEqual([
      {
        kind: 'low_balance',
        severity: 'warning',
        message: expect.stringMatching(/^CheapAI · main — /),
        // The instant the runway ends is kept; "about 2 days" is phrased from it when shown.
        times: { zeroAt: status.accounts[0]!.runway.zeroAt },
        phrase: {
          key: 'lowRunway',
          params: { left: { amount: expect.stringMatching(/^\d+$/), unit: 'credits' }, days: { days: 'zeroAt' } },
        },
      },
    ]);
  });

  it('cap_approaching from the dailyCap option, once per level, re-armed by the next window', async () => {
    const t = await setup({ dailyCap: 50_000 });
    const day = Date.parse('2026-03-02T00:00:00Z');
    t.credits(200_000, day + 1 * HOUR);
    t.credits(160_000, day + 2 * HOUR); // 40,000 used: 80 %
    t.credits(155_000, day + 3 * HOUR);
    t.credits(152_500, day + 4 * HOUR); // 47,500: 95 %
    t.credits(152_000, day + 5 * HOUR);
    // Raised at 02:00 ("resets in 22 h") and 04:00 ("in 20 h"); listed at 05:00, each says
    // when the cap resets as of now: the instant is stored, the phrase made when shown.
    const messages = t.core.alerts.history().map((e) => e.message);
    expect(messages).toEqual([
      "CheapAI · main — 80 % of today's cap used (40,000 of 50,000 credits), resets in 19 h, tomorrow 00:00",
      "CheapAI · main — 95 % of today's cap used (47,500 of 50,000 credits), resets in 19 h, tomorrow 00:00",
    ]);
    expect(t.core.alerts.history().map((e) => e.times)).toEqual([
      { resetAt: '2026-03-03T00:00:00.000Z' },
      { resetAt: '2026-03-03T00:00:00.000Z' },
    ]);
    // The next day: the window resets, the minute check re-arms, and 80 % fires again.
    t.at(day + DAY + HOUR);
    t.core.alerts.check();
    expect(t.core.alerts.active().filter((a) => a.kind === 'cap_approaching')).toEqual([]);
    t.credits(150_000, day + DAY + 2 * HOUR);
    t.credits(110_000, day + DAY + 3 * HOUR);
    expect(t.kinds().filter((k) => k === 'cap_approaching')).toHaveLength(3);
  });

  it('pack_expiring with the projected unused credits and their value; top_up from the rollups', async () => {
    const t = await setup();
    const start = t.now;
    addPack(t.core, {
      accountId: t.account.id,
      credits: '1000000',
      price: '25',
      currency: 'USD',
      purchasedAt: new Date(start - 25 * DAY).toISOString(),
      validity: '30d',
    });
    // 1,000 credits a day: most of the pack is left when it expires in 5 days.
    for (let h = 0; h <= 48; h += 6) t.credits(900_000 - (1_000 * h) / 24, start + h * HOUR);
    const pack = t.core.alerts.history().filter((e) => e.kind === 'pack_expiring');
    expect(pack.map((e) => e.message)).toEqual([
      expect.stringMatching(
        /^CheapAI · main — a pack of 1,000,000 credits expires in 3 days, 7 Mar, with about [\d,]+ credits \(\$\d+\.\d\d\) projected unused$/,
      ),
    ]);

    t.credits(1_500_000, t.now + HOUR);
    const topUp = t.core.alerts.history().filter((e) => e.kind === 'top_up');
    expect(topUp.map((e) => [e.severity, e.message])).toEqual([
      ['info', 'CheapAI · main — top-up of 602,000 credits detected; balance now 1,500,000 credits'],
    ]);
    t.credits(1_499_000, t.now + HOUR);
    expect(t.kinds().filter((k) => k === 'top_up')).toHaveLength(1);
  });
});
