import { describe, expect, it } from 'vitest';
import { DAY, HOUR, M, NOW, input } from './alert-input.ts';
import {
  capApproaching,
  capReached,
  evaluateRules,
  keyExpiring,
  keyInvalid,
  lowBalance,
  packExpiring,
  stale,
  staleThresholdMs,
  topUp,
  zeroBalance,
} from '../../../src/core/alerts/rules.ts';
import { step } from '../../../src/core/alerts/engine.ts';
import type { RuleState } from '../../../src/core/store/alerts-repo.ts';
import type { RuleResult } from '../../../src/core/alerts/rules.ts';
import { DEFAULT_ALERT_SETTINGS } from '../../../src/shared/alerts.ts';
import type { AlertSettings } from '../../../src/shared/alerts.ts';

const settings = (over: Partial<AlertSettings> = {}): AlertSettings => ({ ...DEFAULT_ALERT_SETTINGS, ...over });
const cap = (used: number, limit = 50_000) => ({
  unit: 'credits' as const,
  limitMicros: limit * M,
  usedMicros: used * M,
  fraction: used / limit,
  resetAt: NOW + 3 * HOUR,
});

/** Run one rule's verdicts through the engine, as successive evaluations would. */
function run(results: RuleResult[][]): { fired: string[]; state: RuleState | undefined } {
  let state: RuleState | undefined;
  const fired: string[] = [];
  for (const [i, [result]] of results.entries()) {
    const s = step(state, result!, (d) => `CheapAI · main — ${d}`, NOW + i);
    if (s.fired) fired.push(s.next.message!);
    state = s.next;
  }
  return { fired, state };
}
const capResult = (used: number): RuleResult => ({
  rule: 'cap_approaching',
  kind: 'cap_approaching',
  verdict: capApproaching(input({ cap: cap(used) }), settings()),
});

describe('cap_approaching', () => {
  it('says how much of the cap is used, of what, and when it resets', () => {
    expect(capApproaching(input({ cap: cap(46_000) }), settings())).toEqual({
      status: 'fire',
      level: 1,
      severity: 'warning',
      detail: "92 % of today's cap used (46,000 of 50,000 credits), resets in 3 h, tomorrow 00:00",
      // The reset is kept as an instant and phrased when shown, not frozen into the text.
      text: {
        template: "92 % of today's cap used (46,000 of 50,000 credits), {at:resetAt:resets:reset}",
        times: { resetAt: NOW + 3 * HOUR },
        // The same sentence as data, said in the reader's language when shown.
        phrase: {
          key: 'capApproachingOf',
          params: {
            percent: { percent: 0.92 },
            of: { amountOf: ['46000', '50000'], unit: 'credits' },
            resets: { at: 'resetAt', verb: 'resets' },
          },
        },
      },
    });
  });

  it('fires once at 80 % and once more at 95 % within one cap window', () => {
    const { fired } = run([
      [capResult(40_000)],
      [capResult(42_000)],
      [capResult(47_500)],
      [capResult(48_000)],
      [capResult(46_000)],
      [capResult(49_000)],
    ]);
    expect(fired).toEqual([
      "CheapAI · main — 80 % of today's cap used (40,000 of 50,000 credits), resets in 3 h, tomorrow 00:00",
      "CheapAI · main — 95 % of today's cap used (47,500 of 50,000 credits), resets in 3 h, tomorrow 00:00",
    ]);
  });

  it('fires only the highest level when usage jumps past both', () => {
    expect(run([[capResult(10_000)], [capResult(49_000)], [capResult(49_500)]]).fired).toHaveLength(1);
  });

  it('re-arms after the daily reset and fires again the next day', () => {
    const { fired } = run([[capResult(40_000)], [capResult(500)], [capResult(41_000)]]);
    expect(fired).toHaveLength(2);
  });

  it('uses the levels the user chose', () => {
    expect(capApproaching(input({ cap: cap(30_000) }), settings({ capApproachingPercents: [50] }))).toMatchObject({
      status: 'fire',
      level: 1,
    });
    expect(capApproaching(input({ cap: cap(30_000) }), settings({ capApproachingPercents: [] }))).toEqual({
      status: 'clear',
    });
  });

  it('leaves a reached cap to cap_reached', () => {
    expect(capApproaching(input({ cap: cap(50_000) }), settings())).toEqual({ status: 'hold' });
    expect(
      capApproaching(
        input({ cap: cap(10_000), latest: { at: NOW, state: 'daily_cap_reached', balance: null } }),
        settings(),
      ),
    ).toEqual({ status: 'hold' });
  });

  it('reads credits in whole numbers, as the window does, and small amounts with their fraction', () => {
    const big = {
      unit: 'credits' as const,
      limitMicros: 147_000 * M,
      usedMicros: 128_387_200_000,
      fraction: 128_387.2 / 147_000,
      resetAt: NOW + 3 * HOUR,
    };
    expect(capApproaching(input({ cap: big }), settings())).toMatchObject({
      detail: "87 % of today's cap used (128,387 of 147,000 credits), resets in 3 h, tomorrow 00:00",
    });
    const small = {
      unit: 'quota' as const,
      limitMicros: 100 * M,
      usedMicros: 87_250_000,
      fraction: 0.8725,
      resetAt: NOW + 3 * HOUR,
    };
    expect(capApproaching(input({ cap: small }), settings())).toMatchObject({
      detail: "87 % of today's cap used (87.25 of 100 quota), resets in 3 h, tomorrow 00:00",
    });
  });

  it('formats money caps as money', () => {
    const usd = {
      unit: 'USD' as const,
      limitMicros: 20 * M,
      usedMicros: 17_500_000,
      fraction: 0.875,
      resetAt: NOW + 25 * 60_000,
    };
    expect(capApproaching(input({ cap: usd }), settings())).toMatchObject({
      detail: "87 % of today's cap used ($17.50 of $20.00), resets in 25 min, 21:25",
    });
  });
});

describe('cap_reached', () => {
  it('fires on a daily_cap_reached reading with the reset time from the cap window', () => {
    const v = capReached(input({ latest: { at: NOW, state: 'daily_cap_reached', balance: null } }));
    expect(v).toMatchObject({
      status: 'fire',
      level: 1,
      severity: 'critical',
      detail: 'daily cap reached, resets in 3 h, tomorrow 00:00',
    });
  });

  it('fires when the figures say the cap is used up, naming the cap', () => {
    expect(capReached(input({ cap: cap(50_000) }))).toMatchObject({
      status: 'fire',
      detail: 'daily cap reached (50,000 credits), resets in 3 h, tomorrow 00:00',
    });
  });

  it('does not clear on a failed poll', () => {
    expect(capReached(input({ latest: { at: NOW, state: 'timeout', balance: null } }))).toEqual({ status: 'hold' });
  });
});

describe('balance rules', () => {
  it('low_balance fires on a short runway and on the amount threshold', () => {
    expect(lowBalance(input({ runwayDays: 2 }), settings())).toMatchObject({
      status: 'fire',
      severity: 'warning',
      detail: '500,000 credits left, about 2 days at the current burn',
    });
    expect(lowBalance(input({ runwayDays: null }), settings({ lowBalanceAmount: '600000' }))).toMatchObject({
      status: 'fire',
      detail: '500,000 credits left, below your 600,000 credits warning level',
    });
    // Re-arms only 10 % above the amount threshold.
    expect(lowBalance(input({ runwayDays: null }), settings({ lowBalanceAmount: '480000' }))).toEqual({
      status: 'hold',
    });
    expect(lowBalance(input({ runwayDays: null }), settings({ lowBalanceAmount: '450000' }))).toEqual({
      status: 'clear',
    });
    // A runway of 0 days turns the runway test off.
    expect(lowBalance(input({ runwayDays: 1 }), settings({ lowBalanceRunwayDays: 0 }))).toEqual({ status: 'hold' });
  });

  it('low_balance holds while the balance is zero (zero_balance speaks)', () => {
    const empty = input({ latest: { at: NOW, state: 'insufficient_balance', balance: null }, runwayDays: 0 });
    expect(lowBalance(empty, settings())).toEqual({ status: 'hold' });
    expect(zeroBalance(empty)).toMatchObject({ status: 'fire', severity: 'critical' });
  });

  it('zero_balance fires on a zero balance reading and clears on more than 1 % of the recent peak', () => {
    const zero = { micros: 0, unit: 'USD' as const };
    expect(zeroBalance(input({ latest: { at: NOW, state: 'ok', balance: zero } }))).toMatchObject({
      status: 'fire',
      detail: 'balance is $0.00: requests will fail until you top up',
    });
    // Peak 800,000 credits → margin 8,000 credits.
    expect(
      zeroBalance(input({ latest: { at: NOW, state: 'ok', balance: { micros: 7_000 * M, unit: 'credits' } } })),
    ).toEqual({ status: 'hold' });
    expect(
      zeroBalance(input({ latest: { at: NOW, state: 'ok', balance: { micros: 9_000 * M, unit: 'credits' } } })),
    ).toEqual({ status: 'clear' });
    expect(
      zeroBalance(
        input({ recentPeakMicros: null, latest: { at: NOW, state: 'ok', balance: { micros: 1, unit: 'credits' } } }),
      ),
    ).toEqual({ status: 'clear' });
  });

  it('top_up fires for each new top-up and stays active for a day', () => {
    const first = {
      at: NOW - HOUR,
      amountMicros: 500_000 * M,
      unit: 'credits' as const,
      balanceAfterMicros: 620_000 * M,
    };
    expect(topUp(input({ topUp: first }))).toMatchObject({
      status: 'fire',
      level: 1,
      severity: 'info',
      detail: 'top-up of 500,000 credits detected; balance now 620,000 credits',
      episode: NOW - HOUR,
    });
    expect(topUp(input({ topUp: { ...first, at: NOW - 25 * HOUR } }))).toEqual({ status: 'clear' });
    const r = (t: typeof first | null): RuleResult[] => [
      { rule: 'top_up', kind: 'top_up', verdict: topUp(input({ topUp: t })) },
    ];
    const second = { ...first, at: NOW - 60_000 };
    expect(run([r(first), r(first), r(second), r(second), r(null), r(first), r(second)]).fired).toHaveLength(2);
  });
});

describe('key rules', () => {
  it('key_invalid fires for rejected and expired keys, and for a known expiry in the past', () => {
    expect(keyInvalid(input({ latest: { at: NOW, state: 'expired_key', balance: null } }))).toMatchObject({
      status: 'fire',
      detail: 'the API key has expired; replace it to keep polling',
    });
    expect(keyInvalid(input({ keyExpiresAt: Date.parse('2026-05-10T00:00:00Z') }))).toMatchObject({
      status: 'fire',
      detail: 'the API key expired on 2026-05-10; replace it to keep polling',
    });
    expect(keyInvalid(input())).toEqual({ status: 'clear' });
    expect(keyInvalid(input({ latest: { at: NOW, state: 'server_error', balance: null } }))).toEqual({
      status: 'hold',
    });
  });

  it('key_expiring fires within the window only for a key that has not expired yet', () => {
    expect(keyExpiring(input({ keyExpiresAt: NOW + 6 * DAY }), settings())).toMatchObject({
      status: 'fire',
      detail: 'the API key expires in 6 days, 18 May',
    });
    expect(keyExpiring(input({ keyExpiresAt: NOW - HOUR }), settings())).toEqual({ status: 'hold' });
    expect(keyExpiring(input({ keyExpiresAt: NOW + 6 * DAY }), settings({ keyExpiringDays: 3 }))).toEqual({
      status: 'clear',
    });
    // A successful reading without an expiry: a key that does not expire (any more).
    expect(keyExpiring(input({ keyExpiresAt: null }), settings())).toEqual({ status: 'clear' });
  });
});

describe('pack_expiring', () => {
  const pack = {
    id: 'pack_a',
    unit: 'credits' as const,
    creditsMicros: 1_000_000 * M,
    expiresAt: NOW + 5 * DAY,
    projectedUnusedMicros: 300_000 * M,
    projectedUnusedUsd: '11.25',
  };

  it('fires per pack expiring soon with credits projected unused, with their value', () => {
    const results = packExpiring(
      input({
        packs: [pack, { ...pack, id: 'pack_b', expiresAt: NOW + 40 * DAY }, { ...pack, id: 'pack_c', expiresAt: null }],
      }),
      settings(),
    );
    expect(results.map((r) => [r.rule, r.verdict.status])).toEqual([
      ['pack_expiring:pack_a', 'fire'],
      ['pack_expiring:pack_b', 'clear'],
      ['pack_expiring:pack_c', 'clear'],
    ]);
    expect(results[0]!.verdict).toMatchObject({
      detail:
        'a pack of 1,000,000 credits expires in 5 days, 17 May, with about 300,000 credits ($11.25) projected unused',
    });
  });

  it('reads the projected unused credits as a whole number beside their dollar value', () => {
    const fractional = {
      ...pack,
      creditsMicros: 2_000_000 * M,
      projectedUnusedMicros: 1_607_185_770_000,
      projectedUnusedUsd: '28.929344',
    };
    expect(packExpiring(input({ packs: [fractional] }), settings())[0]!.verdict).toMatchObject({
      detail:
        'a pack of 2,000,000 credits expires in 5 days, 17 May, with about 1,607,186 credits ($28.93) projected unused',
    });
  });

  it('says nothing for a pack that will be used up, or once it has expired', () => {
    expect(packExpiring(input({ packs: [{ ...pack, projectedUnusedMicros: 0 }] }), settings())[0]!.verdict).toEqual({
      status: 'clear',
    });
    expect(packExpiring(input({ packs: [{ ...pack, expiresAt: NOW - 1 }] }), settings())[0]!.verdict).toEqual({
      status: 'hold',
    });
  });
});

describe('stale', () => {
  it('waits the longer of 6 hours and 3 poll intervals', () => {
    expect(staleThresholdMs(input(), settings())).toBe(6 * HOUR);
    const slow = input({ account: { ...input().account, pollIntervalSeconds: 4 * 3600 } });
    expect(staleThresholdMs(slow, settings())).toBe(12 * HOUR);
    expect(stale({ ...slow, lastSuccessAt: NOW - 8 * HOUR }, settings())).toEqual({ status: 'hold' });
    expect(stale({ ...slow, lastSuccessAt: NOW - 13 * HOUR }, settings())).toMatchObject({
      status: 'fire',
      detail: 'no successful reading for 13 h',
    });
  });

  it('gives data that went stale while nothing polled one threshold of polling first', () => {
    const asleep = input({ lastSuccessAt: NOW - 10 * HOUR, watchingSince: NOW - HOUR });
    expect(stale(asleep, settings())).toEqual({ status: 'hold' });
    expect(stale({ ...asleep, watchingSince: NOW - 6 * HOUR }, settings())).toMatchObject({
      status: 'fire',
      detail: 'no successful reading for 10 h',
    });
  });

  it('counts from the account creation before its first successful reading', () => {
    expect(
      stale(input({ lastSuccessAt: null, account: { ...input().account, createdAt: NOW - 3 * DAY } }), settings()),
    ).toMatchObject({
      detail: 'no successful reading yet for 3 days',
    });
  });
});

describe('evaluateRules', () => {
  it('clears disabled kinds and judges a switched-off account only for staleness (clear)', () => {
    const results = evaluateRules(input({ runwayDays: 1 }), settings({ disabledKinds: ['low_balance'] }));
    expect(results.find((r) => r.kind === 'low_balance')?.verdict).toEqual({ status: 'clear' });
    const off = evaluateRules(
      input({ runwayDays: 1, account: { ...input().account, enabled: false }, lastSuccessAt: NOW - 30 * DAY }),
      settings(),
    );
    expect(off).toEqual([{ rule: 'stale', kind: 'stale', verdict: { status: 'clear' } }]);
  });
});
