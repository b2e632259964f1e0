import { describe, expect, it } from 'vitest';
import { addAccount, bal, DAY, HOUR, M, MIN, newCore, rel, T0 } from './fixtures.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { addPack, listPacks, packSuggestions } from '../../../src/core/analytics/packs.ts';
import type { Core } from '../../../src/core/core.ts';

/** A pack of `credits` bought for `price` at `purchasedAt`, valid for `validity` ('30d', 'lifetime'…). */
const pack = (
  core: Core,
  accountId: string,
  credits: string,
  price: string,
  purchasedAt: string,
  validity: string,
  extra: { currency?: string } = {},
) => addPack(core, { accountId, credits, price, purchasedAt, validity, ...extra });

describe('packs ledger', () => {
  it('two packs with different expiries: drawn earliest-expiry first, unused credits and their value projected', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    const a = pack(core, account.id, '1000000', '25', '2026-03-01T00:00:00Z', '30d');
    const b = pack(core, account.id, '5000000', '108', '2026-03-01', '90d', { currency: 'USD' });
    const perDay = 20_000;
    const now = T0 + 10 * DAY;
    for (let t = T0; t <= now; t += 15 * MIN) bal(core, account, t, 6_000_000 - (perDay * (t - T0)) / DAY);

    const status = computeStatus(core, { now }).accounts[0]!;
    expect(rel(Number(status.burn.perDay), perDay)).toBeLessThan(0.02);
    const [pa, pb] = status.packs;
    expect(pa).toMatchObject({ id: a.id, credits: '1000000', expiresAt: '2026-03-31T00:00:00.000Z' });
    expect(pb).toMatchObject({ id: b.id, credits: '5000000', expiresAt: '2026-05-30T00:00:00.000Z' });
    // 10 days × 20,000 came out of the pack that expires first
    expect(rel(Number(pa!.remaining), 800_000)).toBeLessThan(0.02);
    expect(rel(Number(pb!.remaining), 5_000_000)).toBeLessThan(0.02);
    // A: 20 days left × 20,000 = 400,000 used, 400,000 expire ($10 at $25 per million).
    expect(rel(Number(pa!.projectedUnused), 400_000)).toBeLessThan(0.02);
    expect(rel(Number(pa!.projectedUnusedUsd), 10)).toBeLessThan(0.02);
    expect(pa!.endReason).toBe('expires');
    expect(pa!.endsAt).toBe('2026-03-31T00:00:00.000Z');
    // B is drawn from A's expiry to its own: 60 days × 20,000 = 1.2 M; 3.8 M expire ($82.08).
    expect(rel(Number(pb!.projectedUnused), 3_800_000)).toBeLessThan(0.02);
    expect(rel(Number(pb!.projectedUnusedUsd), 82.08)).toBeLessThan(0.02);
    // To use A up: 800,000 in 20 days = 40,000/day, 20,000 more than now. To use B up as well:
    // 5.8 M in 80 days = 72,500/day, 52,500 more.
    expect(rel(Number(pa!.extraPerDay), 20_000)).toBeLessThan(0.02);
    expect(rel(Number(pb!.extraPerDay), 52_500)).toBeLessThan(0.02);
    // What the balance is worth: what remains of each pack at its own price.
    expect(rel(Number(status.valueUsd), 800_000 * 25e-6 + 5_000_000 * 21.6e-6)).toBeLessThan(0.02);

    const listed = listPacks(core, account.id, { now });
    expect(listed.map((p) => p.id)).toEqual([a.id, b.id]);
    expect(listed[0]).toMatchObject({
      accountId: account.id,
      price: '25',
      currency: 'USD',
      validity: '30d',
      expired: false,
    });
    core.close();
  });

  it('a lifetime pack is drawn last and never expires unused; an expired pack leaves the status', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    const life = pack(core, account.id, '1000000', '37.5', '2026-02-01', 'lifetime');
    const short = pack(core, account.id, '100000', '5', '2026-02-01', '7d');
    const now = T0 + 2 * DAY;
    for (let t = T0 - 28 * DAY; t <= now; t += HOUR)
      bal(core, account, t, 1_100_000 - (1000 * (t - (T0 - 28 * DAY))) / HOUR);
    const status = computeStatus(core, { now }).accounts[0]!;
    expect(status.packs.map((p) => p.id)).toEqual([life.id]);
    const lifetime = status.packs[0]!;
    expect(lifetime.expiresAt).toBeNull();
    expect(lifetime.projectedUnused).toBe('0');
    expect(lifetime.endReason).toBe('used_up');
    const listed = listPacks(core, account.id, { now });
    const expired = listed.find((p) => p.id === short.id)!;
    expect(expired.expired).toBe(true);
    // The short pack was drawn first: 6 days × 24,000 = 144,000 > 100,000, so it was used up before it expired.
    expect(expired.remaining).toBe('0');
    expect(rel(Number(lifetime.remaining), 1_000_000 - (30 * 24_000 - 100_000))).toBeLessThan(0.02);
    core.close();
  });

  it('a detected top-up becomes a suggested pack with the catalog prices, until a pack is recorded for it', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    bal(core, account, T0, 20_000);
    bal(core, account, T0 + HOUR, 1_019_500); // bought a starter pack
    const [suggestion] = packSuggestions(core, { now: T0 + 2 * HOUR });
    expect(suggestion).toMatchObject({
      accountId: account.id,
      at: '2026-03-01T01:00:00.000Z',
      amount: '999500',
      unit: 'credits',
    });
    expect(suggestion!.choices).toEqual([
      { name: 'starter', credits: '1000000', validity: '30d', price: '25', currency: 'USD' },
      { name: 'starter', credits: '1000000', validity: '90d', price: '30', currency: 'USD' },
      { name: 'starter', credits: '1000000', validity: 'lifetime', price: '37.5', currency: 'USD' },
    ]);
    expect(listPacks(core, account.id)).toEqual([]); // suggested, not added
    pack(core, account.id, '1000000', '30', '2026-03-01T00:40:00Z', '90d');
    expect(packSuggestions(core, { now: T0 + 2 * HOUR })).toEqual([]);
    core.close();
  });

  it('refuses a bad pack with a named reason and stores nothing', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'main');
    const base = { accountId: account.id, credits: '1000', price: '1', purchasedAt: '2026-03-01', validity: '30d' };
    expect(() => addPack(core, { ...base, credits: '0' })).toThrow(/credits must be more than 0/);
    expect(() => addPack(core, { ...base, price: 'ten' })).toThrow(/price "ten" is not a number/);
    expect(() => addPack(core, { ...base, validity: '3w' })).toThrow(/validity/);
    expect(() => addPack(core, { ...base, purchasedAt: '2026-02-30' })).toThrow(/not an ISO 8601 date/);
    expect(() => addPack(core, { ...base, currency: 'EUR' })).toThrow(/currency/);
    expect(() => addPack(core, { ...base, accountId: 'acc_nope' })).toThrow(/no account/);
    expect(listPacks(core, account.id)).toEqual([]);
    core.close();
  });
});

describe('daily caps', () => {
  it('a capped key reported by the provider: fraction used, remaining, reset and when it is hit at this pace', async () => {
    const core = newCore();
    const account = await addAccount(core, 'openrouter', 'router');
    const reset = T0 + DAY;
    // $0.50 an hour since midnight against a $10 daily key limit
    for (let t = T0; t <= T0 + 12 * HOUR; t += 5 * MIN) {
      const used = (0.5 * (t - T0)) / HOUR;
      bal(core, account, t, 80 - used, 'USD', {
        cap: {
          unit: 'USD',
          limit: 10 * M,
          used: Math.round(used * M),
          remaining: Math.round((10 - used) * M),
          resetAt: reset,
        },
      });
    }
    const cap = computeStatus(core, { now: T0 + 12 * HOUR }).accounts[0]!.cap!;
    expect(cap).toMatchObject({
      source: 'provider',
      unit: 'USD',
      limit: '10',
      used: '6',
      remaining: '4',
      resetAt: '2026-03-02T00:00:00.000Z',
      reached: false,
    });
    expect(rel(cap.fraction, 0.6)).toBeLessThan(0.02);
    expect(Math.abs(Date.parse(cap.projectedHitAt!) - (T0 + 20 * HOUR))).toBeLessThan(0.02 * 8 * HOUR);

    // once the reset time has passed without a new reading, today's usage is unknown
    const later = computeStatus(core, { now: reset + HOUR }).accounts[0]!.cap!;
    expect(later).toMatchObject({ used: null, remaining: null, fraction: null });
    expect(later.reason).toMatch(/reset/);
    core.close();
  });

  it('a dailyCap option against spend since the cap window start (capResetUtc)', async () => {
    const core = newCore();
    const account = await addAccount(core, 'cheapai', 'capped', { dailyCap: '50000', capResetUtc: '02:00' });
    // 3,000 credits an hour, from the day before
    for (let t = T0 - DAY; t <= T0 + 12 * HOUR; t += 10 * MIN)
      bal(core, account, t, 1_000_000 - (3000 * (t - T0 + DAY)) / HOUR);
    const cap = computeStatus(core, { now: T0 + 12 * HOUR }).accounts[0]!.cap!;
    // window from 02:00: 10 h × 3,000 = 30,000 of 50,000; hit at 02:00 + 50,000/3,000 h = 18:40
    expect(cap).toMatchObject({
      source: 'option',
      unit: 'credits',
      limit: '50000',
      windowStart: '2026-03-01T02:00:00.000Z',
      resetAt: '2026-03-02T02:00:00.000Z',
    });
    expect(rel(Number(cap.used), 30_000)).toBeLessThan(0.02);
    expect(rel(Number(cap.remaining), 20_000)).toBeLessThan(0.02);
    expect(rel(cap.fraction, 0.6)).toBeLessThan(0.02);
    expect(Math.abs(Date.parse(cap.projectedHitAt!) - (T0 + 18 * HOUR + 40 * MIN))).toBeLessThan(0.02 * 6.67 * HOUR);
    core.close();
  });
});
