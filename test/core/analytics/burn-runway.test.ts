import { describe, expect, it } from 'vitest';
import { addAccount, bal, DAY, fail, HOUR, MIN, newCore, rel, rng, T0 } from './fixtures.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { dailySpendSeries } from '../../../src/core/analytics/series.ts';

describe('burn and runway', () => {
  it('constant burn with top-ups in between: the top-ups are deposits, not negative spend', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    const perHour = 1000;
    const topUps = [T0 + 3 * DAY + 7 * HOUR + 3 * MIN, T0 + 7 * DAY + 15 * HOUR + 41 * MIN];
    const balanceAt = (t: number) =>
      1_000_000 - (perHour * (t - T0)) / HOUR + 500_000 * topUps.filter((u) => u <= t).length;
    const end = T0 + 10 * DAY;
    for (let t = T0; t <= end; t += 10 * MIN) bal(core, account, t, balanceAt(t));

    const status = computeStatus(core, { now: end });
    const a = status.accounts[0]!;
    expect(a.balance).toEqual({ amount: String(balanceAt(end)), unit: 'credits' });
    expect(a.burn.window).toBe('7d');
    expect(rel(Number(a.burn.perDay), 24_000)).toBeLessThan(0.02);
    expect(rel(Number(a.burn.windows!['24h'].perDay), 24_000)).toBeLessThan(0.02);
    expect(rel(Number(a.burn.windows!['30d'].perDay), 24_000)).toBeLessThan(0.02);
    // the top-ups show as deposits: 500,000 each, less the usage in the 10 minutes they fell in
    expect(rel(Number(a.burn.windows!['30d'].topUps), 2 * 500_000)).toBeLessThan(0.02);

    const expectedDays = balanceAt(end) / 24_000;
    expect(rel(a.runway.days, expectedDays)).toBeLessThan(0.02);
    expect(Math.abs(Date.parse(a.runway.zeroAt!) - (end + expectedDays * DAY))).toBeLessThan(0.02 * expectedDays * DAY);
    // every day burns the same, so the range collapses onto the estimate
    expect(rel(a.runway.low, expectedDays)).toBeLessThan(0.02);
    expect(rel(a.runway.high, expectedDays)).toBeLessThan(0.02);
    core.close();
  });

  it('irregular polling with gaps: a gap is spread over the days it covers, failures do not break the chain', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    const perDay = 12_000;
    const random = rng(42);
    const gaps: Array<[number, number]> = [
      [T0 + 2 * DAY + 20 * HOUR, T0 + 3 * DAY + 2 * HOUR], // 6 h asleep
      [T0 + 5 * DAY + 9 * HOUR, T0 + 7 * DAY + 9 * HOUR], // two days offline
    ];
    const end = T0 + 12 * DAY;
    let t = T0;
    while (t <= end) {
      if (random() < 0.15) fail(core, account, t, random() < 0.5 ? 'timeout' : 'server_error');
      else bal(core, account, t, 500_000 - (perDay * (t - T0)) / DAY);
      t += Math.floor(MIN + random() * 40 * MIN);
      const gap = gaps.find(([a, b]) => t > a && t < b);
      if (gap) t = gap[1];
    }
    const a = computeStatus(core, { now: end }).accounts[0]!;
    expect(rel(Number(a.burn.perDay), perDay)).toBeLessThan(0.02);
    const lastBalance = Number(a.balance!.amount);
    const zeroAtExact = T0 + (500_000 / perDay) * DAY;
    expect(rel(a.runway.days, lastBalance / perDay - (end - Date.parse(a.balanceAt!)) / DAY)).toBeLessThan(0.02);
    expect(Math.abs(Date.parse(a.runway.zeroAt!) - zeroAtExact)).toBeLessThan(0.02 * (zeroAtExact - end));

    // The days inside the two-day gap still show a full day's spend, not zero, and no day
    // gets the gap's spend dumped into it.
    const series = dailySpendSeries(core, account.id, { from: T0, to: end });
    expect(series.unit).toBe('credits');
    for (const day of series.days.slice(0, -1)) {
      expect(day.coveredFraction).toBeGreaterThan(0.97);
      expect(rel(Number(day.spend), perDay * day.coveredFraction)).toBeLessThan(0.02);
    }
    expect(series.days.map((d) => d.day)).toContain('2026-03-07');
    core.close();
  });

  it('too little history: burn and runway are null with a reason, never a made-up number', async () => {
    const core = newCore();
    const fresh = await addAccount(core, 'cheapai', 'fresh');
    const never = await addAccount(core, 'cheapai', 'never polled');
    bal(core, fresh, T0, 1000);
    bal(core, fresh, T0 + 20 * MIN, 990);
    const [a, b] = computeStatus(core, { now: T0 + 20 * MIN }).accounts;
    expect(a!.balance).toEqual({ amount: '990', unit: 'credits' });
    expect(a!.burn).toMatchObject({ perDay: null, window: null, unit: 'credits' });
    expect(a!.burn.reason).toMatch(/only 20 min of balance history in the last 24h \(needs 6 h\)/);
    expect(a!.runway).toMatchObject({ days: null, zeroAt: null, low: null, high: null });
    expect(a!.runway.reason).toMatch(/burn rate unknown/);
    expect(a!.valueUsd).toBeNull(); // credits without packs have no known price
    expect(b).toMatchObject({
      id: never.id,
      state: null,
      balance: null,
      balanceAt: null,
      valueUsd: null,
      cap: null,
      packs: [],
      alerts: [],
    });
    expect(b!.burn).toMatchObject({ perDay: null, unit: null, window: null });
    expect(b!.runway.reason).toBe('no balance reading yet');
    core.close();
  });

  it('a balance that does not move: burn is 0 and runway is null (it does not run out)', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapa', 'flat');
    for (let t = T0; t <= T0 + 2 * DAY; t += HOUR) bal(core, account, t, 17.97, 'USD');
    const a = computeStatus(core, { now: T0 + 2 * DAY }).accounts[0]!;
    expect(a.burn).toMatchObject({ perDay: '0', window: '7d' });
    expect(a.runway.days).toBeNull();
    expect(a.runway.reason).toMatch(/not running down/);
    expect(a.valueUsd).toBe('17.97');
    core.close();
  });
});
