import { describe, expect, it } from 'vitest';
import { addAccount, bal, DAY, HOUR, M, MIN, newCore, rel } from './fixtures.ts';
import { computeRunway } from '../../../src/core/analytics/runway.ts';
import { capToBalance, projectBalance } from '../../../src/core/analytics/projection.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { addPack } from '../../../src/core/analytics/packs.ts';

const NOW = Date.parse('2026-05-11T15:00:00Z');

describe('runway as a projection of the ledger (pure)', () => {
  it("the issue's CheapAI account: 2,100,000 credits, 365,000 a day, a 30-day pack expiring in 36 h holds it all → 1.5 days, cut by the expiry", () => {
    const r = computeRunway({
      balance: 2_100_000 * M,
      balanceAt: NOW,
      perDay: 365_000 * M,
      burnReason: null,
      dailyRates: [],
      packs: [{ remaining: 2_100_000 * M, expiresAt: NOW + 36 * HOUR }],
      now: NOW,
    });
    // 1.5 days of spend draw 547,500 from the pack; the other 1,552,500 vanish with it.
    expect(r.days).toBeCloseTo(1.5, 6);
    expect(r.zeroAt).toBe(NOW + 36 * HOUR);
    expect(r.cause).toBe('pack_expiry');
    expect(r.expiringBeforeZero).toBe(1_552_500 * M);
    // Spend alone would have said 5.75 days ("Runway 5.8 days").
    expect(2_100_000 / 365_000).toBeCloseTo(5.75, 2);
  });

  it('an expiry that shortens a longer runway: the balance still runs out by spend, days earlier', () => {
    // 10 M credits at 500,000 a day would last 20 days; 3 M of them sit in a pack that
    // expires in 2 days, when 1 M of it has been drawn: 2 M vanish, 7 M last 14 more days.
    const r = computeRunway({
      balance: 10_000_000 * M,
      balanceAt: NOW,
      perDay: 500_000 * M,
      burnReason: null,
      dailyRates: [],
      packs: [
        { remaining: 3_000_000 * M, expiresAt: NOW + 2 * DAY },
        { remaining: 7_000_000 * M, expiresAt: null },
      ],
      now: NOW,
    });
    expect(r.days).toBeCloseTo(16, 6);
    expect(r.cause).toBe('spend');
    expect(r.expiringBeforeZero).toBe(2_000_000 * M);
    expect(r.lostByPack).toEqual([2_000_000 * M, 0]);
  });

  it('lifetime packs only: the runway is the balance over the burn, as before', () => {
    const input = {
      balance: 4_000_000 * M,
      balanceAt: NOW - 6 * HOUR,
      perDay: 250_000 * M,
      burnReason: null,
      dailyRates: [],
      now: NOW,
    };
    const plain = computeRunway(input);
    const lifetime = computeRunway({ ...input, packs: [{ remaining: 3_000_000 * M, expiresAt: null }] });
    expect(plain.days).toBeCloseTo(16 - 0.25, 6);
    expect({ ...lifetime, lostByPack: [] }).toEqual(plain);
    expect(lifetime).toMatchObject({ cause: 'spend', expiringBeforeZero: 0 });
  });

  it('nothing spent, every credit in dated packs: it runs out at the last expiry', () => {
    const r = computeRunway({
      balance: 500 * M,
      balanceAt: NOW,
      perDay: 0,
      burnReason: null,
      dailyRates: [],
      packs: [
        { remaining: 200 * M, expiresAt: NOW + DAY },
        { remaining: 300 * M, expiresAt: NOW + 3 * DAY },
      ],
      now: NOW,
    });
    expect(r).toMatchObject({ days: 3, zeroAt: NOW + 3 * DAY, cause: 'pack_expiry', expiringBeforeZero: 500 * M });
    // With money no pack records, a balance that is not spent never runs out.
    const kept = computeRunway({
      balance: 600 * M,
      balanceAt: NOW,
      perDay: 0,
      burnReason: null,
      dailyRates: [],
      packs: [{ remaining: 200 * M, expiresAt: NOW + DAY }],
      now: NOW,
    });
    expect(kept).toMatchObject({ days: null, zeroAt: null, cause: null, expiringBeforeZero: 200 * M });
    expect(kept.reason).toMatch(/not running down/);
  });

  it('low and high are the same projection at the heavy-day and light-day pace', () => {
    const base = {
      balance: 2_100_000 * M,
      balanceAt: NOW,
      burnReason: null,
      packs: [{ remaining: 1_000_000 * M, expiresAt: NOW + 4 * DAY }],
      now: NOW,
    };
    const rates = [100, 100, 100, 100, 200, 200, 200, 200, 200, 400].map((k) => k * 1000 * M);
    const r = computeRunway({ ...base, perDay: 200_000 * M, dailyRates: rates });
    const at = (perDay: number) => computeRunway({ ...base, perDay, dailyRates: [] }).days!;
    // p90 = 220,000/day (interpolated), p10 = 100,000/day.
    expect(r.low).toBeCloseTo(at(220_000 * M), 2);
    expect(r.high).toBeCloseTo(at(100_000 * M), 2);
    expect(r.low!).toBeLessThan(r.days!);
    expect(r.high!).toBeGreaterThan(r.days!);
  });

  it('projectBalance reports each pack’s fate and what is lost before zero', () => {
    const p = projectBalance({
      from: NOW,
      balance: 1000,
      packs: [
        { remaining: 100, expiresAt: NOW + DAY },
        { remaining: 500, expiresAt: NOW + 10 * DAY },
      ],
      perDay: 200,
    });
    expect(p.packs[0]).toEqual({ endsAt: NOW + DAY / 2, usedUpAt: NOW + DAY / 2, unused: 0 });
    expect(p.packs[1]).toMatchObject({ endsAt: NOW + 3 * DAY, unused: 0 });
    expect(p).toMatchObject({ zeroAt: NOW + 5 * DAY, cause: 'spend', lostBeforeZero: 0 });
  });

  it('capToBalance takes the excess out of the earliest-expiring packs first', () => {
    expect(capToBalance([300, 500, 200], 600)).toEqual([0, 400, 200]);
    expect(capToBalance([300, 500], 900)).toEqual([300, 500]);
    expect(capToBalance([300, 500], -5)).toEqual([0, 0]);
  });
});

describe('runway and packs through status', () => {
  it("the issue's CheapAI account in status --json: runway 1.5 days, cause pack_expiry, the pack never holds more than the balance", async () => {
    const core = newCore(undefined, () => NOW);
    const account = await addAccount(core, 'cheapai', 'studio');
    // A 5,000,000-credit 30-day pack bought 28.5 days ago: it expires in 36 h.
    addPack(core, {
      accountId: account.id,
      credits: '5000000',
      price: '90',
      purchasedAt: new Date(NOW - 28.5 * DAY).toISOString(),
      validity: '30d',
    });
    // Five days of history at 365,000 a day, ending at 2,100,000.
    for (let t = NOW - 5 * DAY; t <= NOW; t += 10 * MIN) bal(core, account, t, 2_100_000 + (365_000 * (NOW - t)) / DAY);
    const a = computeStatus(core, { now: NOW }).accounts[0]!;
    expect(rel(Number(a.burn.perDay), 365_000)).toBeLessThan(0.01);
    expect(a.runway.days).toBeCloseTo(1.5, 2);
    expect(a.runway.zeroAt).toBe(new Date(NOW + 36 * HOUR).toISOString());
    expect(a.runway.cause).toBe('pack_expiry');
    expect(rel(Number(a.runway.expiringBeforeZero!.amount), 1_552_500)).toBeLessThan(0.01);
    expect(a.runway.expiringBeforeZero!.unit).toBe('credits');
    // Valued at the pack's price: $90 per 5,000,000 credits.
    expect(rel(Number(a.runway.expiringBeforeZero!.valueUsd), 1_552_500 * 18e-6)).toBeLessThan(0.01);
    // The ledger says 5 M − 5 days × 365,000 = 3,175,000 are left; the balance says 2,100,000.
    expect(a.packs[0]!.remaining).toBe('2100000');
    expect(rel(Number(a.packs[0]!.projectedUnused), 1_552_500)).toBeLessThan(0.01);
    // The one balance runs out first, because of the expiry.
    const totals = computeStatus(core, { now: NOW }).totals;
    expect(totals.nextToRunOut).toEqual({ id: account.id, zeroAt: a.runway.zeroAt, cause: 'pack_expiry' });
    core.close();
  });

  it('lifetime packs only: status gives the same runway as the balance over the burn', async () => {
    const core = newCore(undefined, () => NOW);
    const account = await addAccount(core, 'cheapai', 'life');
    addPack(core, {
      accountId: account.id,
      credits: '3000000',
      price: '112.5',
      purchasedAt: new Date(NOW - 10 * DAY).toISOString(),
      validity: 'lifetime',
    });
    for (let t = NOW - 8 * DAY; t <= NOW; t += 15 * MIN) bal(core, account, t, 1_000_000 + (100_000 * (NOW - t)) / DAY);
    const a = computeStatus(core, { now: NOW }).accounts[0]!;
    expect(rel(a.runway.days, 10)).toBeLessThan(0.01);
    expect(a.runway.cause).toBe('spend');
    expect(a.runway.expiringBeforeZero).toMatchObject({ amount: '0', unit: 'credits' });
    core.close();
  });
});
