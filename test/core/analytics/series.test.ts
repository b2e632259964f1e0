import { describe, expect, it } from 'vitest';
import { addAccount, bal, DAY, fail, HOUR, MIN, newCore, T0 } from './fixtures.ts';
import { balanceSeries, dailySpendSeries } from '../../../src/core/analytics/series.ts';

describe('balance series', () => {
  it('downsamples raw readings in the query to at most maxPoints, keeping each bucket’s min and max', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    const end = T0 + 3 * DAY;
    const value = (t: number) => 100_000 - (t - T0) / MIN;
    for (let t = T0; t < end; t += MIN) {
      if (t === T0 + 2 * DAY) fail(core, account, t);
      else bal(core, account, t, value(t) + (t >= T0 + 2 * DAY + HOUR ? 50_000 : 0));
    }
    const s = balanceSeries(core, account.id, { from: T0, to: end, maxPoints: 500 });
    expect(s.source).toBe('readings');
    expect(s.unit).toBe('credits');
    expect(s.t.length).toBeLessThanOrEqual(500);
    expect(s.t.length).toBeGreaterThan(400);
    expect(s.readings).toBe(3 * 1440);
    expect(Math.min(...s.min)).toBe(value(T0 + 2 * DAY + HOUR - MIN));
    // the bucket with the top-up: the line shows the new balance, the band still reaches down
    const k = s.t.findIndex((t) => t >= T0 + 2 * DAY + HOUR);
    expect(s.min[k]).toBeLessThan(s.v[k]! - 40_000);
    expect(s.max[k]).toBe(value(T0 + 2 * DAY + HOUR) + 50_000);
    expect(s.v.at(-1)).toBe(value(end - MIN) + 50_000);
    expect(s.exact.at(-1)).toBe(String(value(end - MIN) + 50_000));
    expect([...s.t].sort((a, b) => a - b)).toEqual(s.t);
    for (let i = 0; i < s.t.length; i++) expect(s.min[i]! <= s.v[i]! && s.v[i]! <= s.max[i]!).toBe(true);
    expect(s.topUps).toHaveLength(1);
    expect(s.topUps[0]!.t).toBe(T0 + 2 * DAY + HOUR);

    const full = balanceSeries(core, account.id, { from: T0, to: T0 + HOUR, maxPoints: 2000 });
    expect(full.t).toEqual(Array.from({ length: 60 }, (_, i) => T0 + i * MIN));
    expect(full.v).toEqual(full.t.map(value));
    core.close();
  });

  it('reads hour rollups for months and day rollups for years', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapa', 'wallet');
    const start = T0 - 400 * DAY;
    for (let t = start; t <= T0; t += HOUR) bal(core, account, t, 10_000 - (t - start) / HOUR / 10, 'USD');
    bal(core, account, T0 - 200 * DAY + 30 * MIN, 1, 'USD'); // a dip between hours
    const months = balanceSeries(core, account.id, { from: T0 - 60 * DAY, to: T0, maxPoints: 500 });
    expect(months.source).toBe('hours');
    expect(months.resolutionMs).toBe(3 * HOUR);
    expect(months.t.length).toBeLessThanOrEqual(500);
    expect(months.t.length).toBe(480);
    const years = balanceSeries(core, account.id, { from: start, to: T0 + 1, maxPoints: 200 });
    expect(years.source).toBe('days');
    expect(years.t.length).toBeLessThanOrEqual(200);
    expect(Math.min(...years.min)).toBe(1);
    expect(Math.max(...years.max)).toBe(10_000);
    expect(years.readings).toBe(400 * 24 + 2);
    core.close();
  });
});

describe('daily spend series', () => {
  it('is one row per UTC day from the day rollups, leaving out days with no data', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    for (let t = T0; t <= T0 + 2 * DAY; t += 30 * MIN) bal(core, account, t, 100_000 - (t - T0) / MIN);
    for (let t = T0 + 5 * DAY; t <= T0 + 6 * DAY; t += 30 * MIN)
      bal(core, account, t, 50_000 - (t - T0 - 5 * DAY) / MIN);
    const s = dailySpendSeries(core, account.id, { from: T0 - DAY, to: T0 + 10 * DAY });
    expect(s.unit).toBe('credits');
    // Offline from 3 to 6 March: the 47,120 used meanwhile is spread over those three days.
    // 7 March only holds the last reading: nothing known about its spend, so it is left out.
    expect(s.days.map((d) => d.day)).toEqual([
      '2026-03-01',
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
    ]);
    expect(s.days[0]).toMatchObject({ spend: '1440', topUp: '0', coveredFraction: 1 });
    for (const d of s.days.slice(2, 5)) {
      expect(Number(d.spend)).toBeCloseTo(47_120 / 3, 3);
      expect(d.coveredFraction).toBe(1);
    }
    expect(s.days[5]).toMatchObject({ spend: '1440', coveredFraction: 1 });
    core.close();
  });
});
