import { describe, expect, it } from 'vitest';
import { computeRunway } from '../../src/core/analytics/runway.ts';
import type { RunwayInput } from '../../src/core/analytics/runway.ts';
import { computeStatus } from '../../src/core/analytics/status.ts';
import { addAccount, bal, HOUR, M, newCore } from '../core/analytics/fixtures.ts';
import type { FigureReason } from '../../src/shared/status.ts';

import { figureReasonText } from '../../src/shared/figure-reason.ts';

/**
 * Why a runway or a burn is missing is said by core twice, from one decision: `reason` in
 * English (the CLI, scripts) and `why`, which the window says in its language. The window's
 * English is core's sentence; its Chinese keeps no English word.
 */
const NOW = Date.parse('2026-05-11T15:00:00Z');
let locale = 'en-US';
const say = (why: FigureReason | null) => figureReasonText(why, locale);
const base: RunwayInput = {
  balance: 1_000 * M,
  balanceAt: NOW,
  perDay: 100 * M,
  burnReason: null,
  dailyRates: [],
  now: NOW,
};

const cases: Array<[string, RunwayInput, 'why' | 'rangeWhy']> = [
  ['no balance', { ...base, balance: null, balanceAt: null }, 'why'],
  ['burn unknown, no cause given', { ...base, perDay: null }, 'why'],
  ['nothing spent', { ...base, perDay: 0 }, 'why'],
  ['not running down', { ...base, perDay: -5 * M }, 'why'],
  ['too few days for a range', { ...base, dailyRates: [1, 2, 3].map((x) => x * M) }, 'rangeWhy'],
  ['no upper bound', { ...base, dailyRates: [0, 0, 0, 0, 0, 0, 50 * M, 100 * M, 200 * M] }, 'rangeWhy'],
];

describe('a missing figure, said in the window', () => {
  it.each(cases)('%s: the English is core’s sentence, and zh-CN says it in Chinese', (_name, input, field) => {
    const r = computeRunway(input);
    const english = field === 'why' ? r.reason : r.rangeReason;
    expect(r[field], JSON.stringify(r)).not.toBeNull();
    locale = 'en-US';
    expect(say(r[field])).toBe(english);
    locale = 'zh-CN';
    const chinese = say(r[field])!;
    expect(chinese).toMatch(/[\u4e00-\u9fff]/);
    expect(chinese).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('the burn’s own reason carries through: thin history and none in the window, from a real status', async () => {
    const core = newCore(undefined, () => NOW);
    const fresh = await addAccount(core, 'cheapai', 'fresh');
    const thin = await addAccount(core, 'cheapai', 'thin');
    bal(core, thin, NOW - 2 * HOUR, 5_000);
    bal(core, thin, NOW - HOUR, 4_900);
    const report = computeStatus(core);
    const of = (id: string) => report.accounts.find((a) => a.id === id)!;

    expect(of(fresh.id).runway.why).toEqual({ code: 'no_balance' });
    expect(of(fresh.id).burn.why).toEqual({ code: 'no_balance' });
    const why = of(thin.id).runway.why!;
    expect(why).toMatchObject({ code: 'burn_unknown', cause: { code: 'thin_history', params: { window: '24h' } } });
    expect(of(thin.id).burn.why).toEqual(why.cause);

    locale = 'en-US';
    expect(say(why)).toBe('burn rate unknown: only 1 h of balance history in the last 24h (needs 6 h)');
    expect(of(thin.id).runway.reason).toBe(
      'burn rate unknown: only 1 h of balance history in the last 24h (needs 6 h)',
    );
    locale = 'zh-CN';
    expect(say(why)).toBe('消耗速度未知：最近 24h 内只有 1 小时的余额记录（需要 6 小时）');
    const none: FigureReason = { code: 'burn_unknown', cause: { code: 'no_readings', params: { window: '7d' } } };
    expect(say(none)).toBe('消耗速度未知：最近 7d 内没有可比较的余额读数');
    core.close();
  });
});
