import { describe, expect, it } from 'vitest';
import { trayTooltip } from '../../../src/core/desktop/tray-model.ts';
import type { TrayAccount, TraySnapshot } from '../../../src/core/desktop/tray-model.ts';
import { overview } from '../../../src/core/window/overview.ts';
import { buysLine, headlineText } from '../../../src/core/pricing/buys.ts';
import { buysLineText } from '../../../src/shared/buys-text.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import type { BuysModel } from '../../../src/shared/pricing.ts';
import { setPrice } from '../../../src/core/pricing/index.ts';
import { addAccount, bal, HOUR, newCore, T0 } from '../analytics/fixtures.ts';

/**
 * Where "what it buys" is said in one line: the overview card and the tray tooltip. The
 * figure is core's (the same headline), only the wording is the surface's.
 */

const model = (over: Partial<BuysModel>): BuysModel => ({
  model: 'gpt-image-2',
  params: {},
  costEach: '3',
  unit: 'credits',
  count: 162,
  per: 'call',
  perDay: null,
  listPrice: null,
  origin: 'catalog',
  source: null,
  date: null,
  note: null,
  reason: null,
  priceId: null,
  shown: null,
  ...over,
});

describe('the headline in words', () => {
  it('counts, variants and units read briefly', () => {
    expect(headlineText(model({}))).toBe('≈ 162 gpt-image-2 calls');
    expect(headlineText(model({ count: 1 }))).toBe('≈ 1 gpt-image-2 call');
    expect(headlineText(model({ model: 'nano-banana-pro', params: { resolution: '2K' }, count: 40 }))).toBe(
      '≈ 40 nano-banana-pro 2K calls',
    );
    expect(
      headlineText(model({ model: 'gpt-4o-mini', params: { tokens: 'input' }, count: 13_333_333, per: 'input token' })),
    ).toBe('≈ 13.3M gpt-4o-mini input tokens');
    expect(headlineText(model({ count: 45_678, per: 'generation' }))).toBe('≈ 45.6K gpt-image-2 generations');
    expect(headlineText(model({ model: 'a-very-long-model-name-from-a-gateway-list' }))).toBe(
      '≈ 162 a-very-long-model-name-from… calls',
    );
  });
});

describe('the headline in another language', () => {
  it('is said from its figures in Chinese, and is core’s sentence in English', () => {
    const m = model({ count: 27_000 });
    expect(buysLineText(headlineText(m), m, 'en-US')).toBe('≈ 27K gpt-image-2 calls');
    expect(buysLineText(headlineText(m), m, 'zh-CN')).toBe('约 2.7万 次调用（gpt-image-2）');
    const tokens = model({ model: 'gpt-4o-mini', params: { tokens: 'input' }, count: 13_333_333, per: 'input token' });
    expect(buysLineText(headlineText(tokens), tokens, 'zh-CN')).toBe('约 1333.3万 输入 token（gpt-4o-mini）');
  });

  it('the tray’s line follows the locale it is drawn in', async () => {
    const core = newCore(undefined, () => T0 + HOUR);
    const images = await addAccount(core, 'gptimage2', 'images');
    bal(core, images, T0, 488);
    const status = computeStatus(core).accounts.find((a) => a.id === images.id)!;
    const stored = core.repos.accounts.list().find((a) => a.id === images.id);
    expect(buysLine(core, stored, status)).toBe('≈ 162 gpt-image-2 calls');
    expect(buysLine(core, stored, status, 'zh-CN')).toBe('约 162 次调用（gpt-image-2）');
    core.close();
  });
});

describe('the overview card', () => {
  it('says what the balance buys of the first priced model, and nothing without a balance', async () => {
    const core = newCore(undefined, () => T0 + HOUR);
    const images = await addAccount(core, 'gptimage2', 'images');
    const empty = await addAccount(core, 'gptimage2', 'empty');
    const ds = await addAccount(core, 'deepseek', 'ds');
    const dry = await addAccount(core, 'gptimage2', 'dry');
    bal(core, images, T0, 488);
    bal(core, dry, T0, 2);
    bal(core, ds, T0, 10, 'CNY');
    const cards = overview(core).cards;
    const of = (id: string) => cards.find((c) => c.accountId === id)!.buys;
    expect(of(images.id)).toMatchObject({ text: '≈ 162 gpt-image-2 calls', model: { count: 162, costEach: '3' } });
    expect(of(empty.id)).toBeNull();
    expect(of(dry.id)).toBeNull(); // 2 credits buy no 3-credit call: nothing to say
    expect(of(ds.id)).toBeNull();
    // A price of your own is a price like any other.
    setPrice(core, {
      provider: 'deepseek',
      model: 'deepseek-chat',
      rule: { kind: 'per_request', cost: '0.73' },
      unit: 'CNY',
    });
    expect(overview(core).cards.find((c) => c.accountId === ds.id)!.buys!.text).toBe('≈ 13 deepseek-chat requests');
  });
});

describe('the tray tooltip', () => {
  const account = (id: string, runwayDays: number, buys: string | null): TrayAccount => ({
    id,
    name: `GPT Image 2 API · ${id}`,
    enabled: true,
    state: 'ok',
    balance: { amount: '488', unit: 'credits' },
    runwayDays,
    buys,
    health: { level: 'ok', reasons: [] },
  });
  const snap = (accounts: TrayAccount[], over: Partial<TraySnapshot> = {}): TraySnapshot => ({
    now: T0,
    accounts,
    attention: [],
    nextToRunOut: null,
    total: { amount: '41.2', currency: 'USD' },
    pause: { reasons: [], until: null },
    ...over,
  });

  it('adds what the most urgent account’s balance buys: the first needing attention, else the shortest runway', () => {
    const a = account('main', 9, '≈ 162 gpt-image-2 calls');
    const b = account('spare', 3, '≈ 40 veo3 calls');
    const next = {
      nextToRunOut: { id: 'spare', zeroAt: new Date(T0 + 3 * 86_400_000).toISOString(), cause: 'spend' as const },
    };
    expect(trayTooltip(snap([a, b], next))).toBe(
      'Burnrate — spare: 3 days left · $41.20 in 2 accounts · spare ≈ 40 veo3 calls',
    );
    // The account that needs attention comes first, whatever its runway.
    const critical = {
      ...a,
      health: {
        level: 'critical' as const,
        reasons: [{ kind: 'low_balance' as const, severity: 'critical' as const, message: 'low' }],
      },
    };
    expect(trayTooltip(snap([critical, b], { ...next, attention: ['main'] }))).toMatch(
      /· 1 needs attention · \$41\.20 in 2 accounts · main ≈ 162 gpt-image-2 calls$/,
    );
  });

  it('leaves it out when unknown, or when it would not fit in 127 characters', () => {
    const runsOut = (id: string, days: number) => ({
      nextToRunOut: { id, zeroAt: new Date(T0 + days * 86_400_000).toISOString(), cause: 'spend' as const },
    });
    expect(trayTooltip(snap([account('main', 9, null)], runsOut('main', 9)))).toBe(
      'Burnrate — main: 9 days left · $41.20 in 1 account',
    );
    const long = account('an-account-with-a-really-long-label', 2, `≈ 13.3M ${'x'.repeat(28)} input tokens`);
    const tip = trayTooltip(snap([long], runsOut(long.id, 2)));
    expect(tip).toBe('Burnrate — an-account-with-a-really-long-label: 2 days left · $41.20 in 1 account');
  });
});
