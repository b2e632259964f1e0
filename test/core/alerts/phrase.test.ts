import { describe, expect, it } from 'vitest';
import { DAY, HOUR, M, NOW, input } from './alert-input.ts';
import {
  capApproaching,
  capReached,
  keyExpiring,
  keyInvalid,
  lowBalance,
  packExpiring,
  stale,
  topUp,
  zeroBalance,
} from '../../../src/core/alerts/rules.ts';
import type { Verdict } from '../../../src/core/alerts/rules.ts';
import { DEFAULT_ALERT_SETTINGS } from '../../../src/shared/alerts.ts';
import { alertDetail, renderAlertPhrase, ALERT_PHRASES } from '../../../src/shared/alert-phrase.ts';
import { renderTimedText } from '../../../src/shared/format/relative-time.ts';
import { alertPhraseSchema } from '../../../src/shared/alert-phrase-schema.ts';

const settings = DEFAULT_ALERT_SETTINGS;

const cap = (used: number, limit: number | null = 50_000) => ({
  unit: 'CNY' as const,
  limitMicros: limit === null ? null : limit * M,
  usedMicros: limit === null ? null : used * M,
  fraction: used / (limit ?? 50_000),
  resetAt: NOW + 3 * HOUR,
});
const pack = {
  id: 'pack_a',
  unit: 'credits' as const,
  creditsMicros: 1_000_000 * M,
  expiresAt: NOW + 5 * DAY,
  projectedUnusedMicros: 300_000 * M,
  projectedUnusedUsd: '11.25',
};

/** One firing verdict of every alert sentence there is. */
const verdicts: Array<[string, Verdict]> = [
  ['out of balance', zeroBalance(input({ latest: { at: NOW, state: 'insufficient_balance', balance: null } }))],
  ['balance zero', zeroBalance(input({ latest: { at: NOW, state: 'ok', balance: { micros: 0, unit: 'USD' } } }))],
  ['low runway', lowBalance(input({ runwayDays: 1.5, runwayZeroAt: NOW + 1.5 * DAY }), settings)],
  ['low runway, pack', lowBalance(input({ runwayDays: 2, runwayCause: 'pack_expiry' }), settings)],
  [
    'low amount',
    lowBalance(input({ runwayDays: null, balance: { micros: 3 * M, unit: 'USD' } }), {
      ...settings,
      lowBalanceAmount: '5',
    }),
  ],
  [
    'top-up',
    topUp(input({ topUp: { at: NOW - HOUR, amountMicros: 50 * M, unit: 'CNY', balanceAfterMicros: 91.2 * M } })),
  ],
  [
    'top-up, no balance',
    topUp(input({ topUp: { at: NOW - HOUR, amountMicros: 50 * M, unit: 'CNY', balanceAfterMicros: null } })),
  ],
  ['cap approaching', capApproaching(input({ cap: cap(46_000) }), settings)],
  ['cap approaching, no amounts', capApproaching(input({ cap: { ...cap(46_000), usedMicros: null } }), settings)],
  ['cap reached', capReached(input({ cap: cap(50_000) }))],
  [
    'cap reached, no limit',
    capReached(input({ cap: cap(50_000, null), latest: { at: NOW, state: 'daily_cap_reached', balance: null } })),
  ],
  ['key rejected', keyInvalid(input({ latest: { at: NOW, state: 'invalid_key', balance: null } }))],
  ['key expired', keyInvalid(input({ latest: { at: NOW, state: 'expired_key', balance: null } }))],
  ['key expired on', keyInvalid(input({ keyExpiresAt: NOW - DAY }))],
  ['key expiring', keyExpiring(input({ keyExpiresAt: NOW + 3 * DAY }), settings)],
  ['pack expiring', packExpiring(input({ packs: [pack] }), settings)[0]!.verdict],
  [
    'pack expiring, no value',
    packExpiring(input({ packs: [{ ...pack, projectedUnusedUsd: null }] }), settings)[0]!.verdict,
  ],
  ['stale', stale(input({ lastSuccessAt: NOW - 7 * HOUR }), settings)],
  ['stale, never', stale(input({ lastSuccessAt: null, latest: null }), settings)],
];

function fired(v: Verdict) {
  if (v.status !== 'fire') throw new Error(`expected the rule to fire, got ${v.status}`);
  if (!v.text.phrase) throw new Error('the verdict keeps no phrase');
  return { ...v, phrase: v.text.phrase };
}

describe('alert phrases', () => {
  it('cover every sentence the rules say', () => {
    const keys = new Set(verdicts.map(([, v]) => fired(v).phrase.key));
    expect([...keys].sort()).toEqual([...ALERT_PHRASES].sort());
  });

  it.each(verdicts)('%s: the English catalog says exactly the stored sentence, then and later', (_name, v) => {
    const f = fired(v);
    expect(renderAlertPhrase(f.phrase, f.text.times, { now: NOW })).toBe(f.detail);
    const later = NOW + 2 * DAY;
    expect(renderAlertPhrase(f.phrase, f.text.times, { now: later, spanTo: NOW })).toBe(
      renderTimedText(f.text, { now: later, spanTo: NOW }),
    );
  });

  it.each(verdicts)('%s: Chinese has no English word left and no placeholder unfilled', (_name, v) => {
    const f = fired(v);
    const zh = renderAlertPhrase(f.phrase, f.text.times, { now: NOW, locale: 'zh-CN', timeZone: 'UTC' });
    expect(zh).not.toMatch(/\{\{|\}\}|alert\./);
    // Latin words left are only names and codes (API, USD); no English sentence.
    expect(zh.replace(/API|USD|US\$/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says Chinese amounts, percents and times the way Chinese readers write them', () => {
    const render = (v: Verdict) => {
      const f = fired(v);
      return renderAlertPhrase(f.phrase, f.text.times, { now: NOW, locale: 'zh-CN', timeZone: 'Asia/Shanghai' });
    };
    expect(render(capApproaching(input({ cap: cap(46_000) }), settings))).toBe(
      '今日限额已用 92%（¥46,000.00 / ¥50,000.00），3 小时后，08:00 重置',
    );
    expect(render(keyExpiring(input({ keyExpiresAt: NOW + 3 * DAY }), settings))).toBe(
      'API 密钥将过期（3 天后，5月16日）',
    );
    expect(
      render(
        topUp(input({ topUp: { at: NOW - HOUR, amountMicros: 50 * M, unit: 'CNY', balanceAfterMicros: 91.2 * M } })),
      ),
    ).toBe('检测到充值 ¥50.00，当前余额 ¥91.20');
  });

  it('an alert stored in English is shown in the reader language; one without a phrase keeps its sentence', () => {
    const f = fired(keyInvalid(input({ latest: { at: NOW, state: 'invalid_key', balance: null } })));
    const alert = { message: `CheapAI · main — ${f.detail}`, phrase: f.phrase, times: {} };
    expect(alertDetail(alert, { now: NOW, locale: 'zh-CN' })).toBe(
      'API 密钥已失效（无效或已吊销），请更换密钥以继续查询',
    );
    expect(alertDetail(alert, { now: NOW, locale: 'en-US' })).toBe(
      'The API key was rejected (invalid or revoked); replace it to keep polling',
    );
    expect(alertDetail({ message: 'CheapAI · main — an old sentence' }, { now: NOW, locale: 'zh-CN' })).toBe(
      'An old sentence',
    );
  });
});

describe('stored phrases', () => {
  it('are checked when read back: an unknown key, a bad figure or a stray field is refused by name', () => {
    const ok = { key: 'lowRunway', params: { left: { amount: '91.2', unit: 'CNY' }, days: { days: 'zeroAt' } } };
    expect(alertPhraseSchema.safeParse(ok).success).toBe(true);
    const bad = [
      { ...ok, key: 'dropTables' },
      { ...ok, params: { left: { amount: '91.2', unit: 'EUR' } } },
      { ...ok, params: { left: { amount: '91.2', unit: 'CNY', extra: 1 } } },
      { ...ok, params: { when: { at: 'x', verb: 'explodes' } } },
      { key: 'lowRunway' },
    ];
    for (const phrase of bad) {
      const parsed = alertPhraseSchema.safeParse(phrase);
      expect(parsed.success, JSON.stringify(phrase)).toBe(false);
      expect(parsed.error?.issues[0]?.path.length ?? 0).toBeGreaterThanOrEqual(1);
    }
  });
});
