import { describe, expect, it } from 'vitest';
import { staticPriceCatalog } from '../../../src/core/pricing/catalogs/index.ts';
import { GPTIMAGE2_CATALOG } from '../../../src/core/pricing/catalogs/gptimage2.ts';
import { CHEAPA_CATALOG } from '../../../src/core/pricing/catalogs/cheapa.ts';
import { LUMENFALL_CATALOG } from '../../../src/core/pricing/catalogs/lumenfall.ts';
import { newapiEntries } from '../../../src/core/pricing/newapi-pricing.ts';
import { conversion } from '../../../src/core/pricing/convert.ts';
import { exact, mul, parseExact, product, toDecimal, wholeTimes, PriceError } from '../../../src/core/pricing/exact.ts';
import { chooseVariant, expandEntry, jobCost, unitCosts } from '../../../src/core/pricing/rules.ts';
import { layer } from '../../../src/core/pricing/catalog.ts';
import type { CatalogEntry, PricedVariant } from '../../../src/core/pricing/types.ts';

/**
 * Known answers, from the seed documents' own tables and worked examples. Every rule kind
 * is here: flat, by resolution, by duration, by duration and resolution, per token, per
 * generation, per request, per second, per megapixel, per image, with discounts and
 * multipliers.
 */

const variantsOf = (catalog: { provider: string; entries: readonly CatalogEntry[] }) =>
  catalog.entries.flatMap((e) => expandEntry(catalog.provider, e, 'catalog'));
const GPT = variantsOf(GPTIMAGE2_CATALOG);
const CHEAPA = variantsOf(CHEAPA_CATALOG);

/** What one job costs, as a decimal string. */
const cost = (variants: PricedVariant[], model: string, params: Record<string, string> = {}) =>
  toDecimal(jobCost(chooseVariant(variants, model, params), params).cost);

describe('exact fractions', () => {
  it('parse decimals and JSON floats exactly', () => {
    expect(parseExact('0.525')).toEqual({ n: 21n, d: 40n });
    expect(parseExact(0.13698630136986303)).toEqual(exact(13698630136986303n, 10n ** 17n));
    expect(parseExact('1e-7')).toEqual({ n: 1n, d: 10_000_000n });
    expect(toDecimal(parseExact('4.200'))).toBe('4.2');
  });

  it('refuse what is not a number', () => {
    for (const bad of ['', 'abc', '1/3', NaN, Infinity, null, {}, '1e999'])
      expect(() => parseExact(bad)).toThrow(PriceError);
  });

  it('count whole units down, never up', () => {
    expect(wholeTimes(parseExact('488'), parseExact('3'))).toBe(162n);
    expect(wholeTimes(parseExact('9'), parseExact('3'))).toBe(3n);
    expect(wholeTimes(parseExact('-5'), parseExact('3'))).toBe(0n);
  });
});

describe('GPT Image 2 API (seed 003)', () => {
  it('flat: gpt-image-2 is 3 credits a call, so 488 credits buy 162', () => {
    expect(cost(GPT, 'gpt-image-2')).toBe('3');
    const [unit] = unitCosts(chooseVariant(GPT, 'gpt-image-2', {}));
    expect(unit!.per).toBe('call');
    expect(wholeTimes(parseExact('488'), unit!.cost)).toBe(162n);
    expect(cost(GPT, 'google/nano-banana')).toBe('3');
  });

  it('by resolution: nano-banana-2 1K/2K/4K = 4/6/8, nano-banana-pro 2K/4K = 12/20', () => {
    expect(cost(GPT, 'nano-banana-2', { resolution: '1K' })).toBe('4');
    expect(cost(GPT, 'nano-banana-2', { resolution: '2k' })).toBe('6');
    expect(cost(GPT, 'nano-banana-2', { resolution: '4K' })).toBe('8');
    expect(cost(GPT, 'nano-banana-pro', { resolution: '2K' })).toBe('12');
    expect(cost(GPT, 'nano-banana-pro', { resolution: '4K' })).toBe('20');
    // listed once per priced variant
    expect(GPT.filter((v) => v.model === 'nano-banana-pro').map((v) => v.params)).toEqual([
      { resolution: '2K' },
      { resolution: '4K' },
    ]);
  });

  it('by duration: Kling and Hailuo at 5 s and 10 s', () => {
    expect(cost(GPT, 'kling/v2-1-standard', { duration: '5' })).toBe('11');
    expect(cost(GPT, 'kling/v2-1-pro', { duration: '10s' })).toBe('42');
    expect(cost(GPT, 'kling/v2-1-master-text-to-video', { duration: '10' })).toBe('134');
    expect(cost(GPT, 'hailuo/02-text-to-video-standard', { duration: '10' })).toBe('21');
    expect(cost(GPT, 'hailuo/02-image-to-video-pro', { duration: '5' })).toBe('24');
  });

  it('flat per 8-second clip: veo3 63, veo3_fast 9, veo3_lite 5', () => {
    expect(cost(GPT, 'veo3')).toBe('63');
    expect(cost(GPT, 'veo3_fast')).toBe('9');
    expect(cost(GPT, 'veo3_lite')).toBe('5');
  });

  it('by duration and resolution: Sora 2, Sora 2 Pro, Wan 2.6, Seedance', () => {
    expect(cost(GPT, 'sora-2-text-to-video', { resolution: '720p', durationTier: '1' })).toBe('5');
    expect(cost(GPT, 'sora-2-text-to-video', { resolution: '1080P', durationTier: '3' })).toBe('30');
    expect(cost(GPT, 'sora-2-pro-text-to-video', { resolution: '1080p', durationTier: '3' })).toBe('96');
    expect(cost(GPT, 'sora-2-image-to-video', { resolution: '720p', durationTier: '2' })).toBe('10');
    expect(cost(GPT, 'wan/2-6-text-to-video', { resolution: '1080p', durationTier: '2' })).toBe('89');
    expect(cost(GPT, 'wan/2-6-image-to-video', { resolution: '1080p', durationTier: '3' })).toBe('133');
    expect(cost(GPT, 'bytedance/seedance-1.5-pro', { resolution: '720p', durationTier: '2' })).toBe('36');
    expect(cost(GPT, 'bytedance/seedance-1.5-pro', { resolution: '1080p', durationTier: '1' })).toBe('27');
    expect(GPT.filter((v) => v.model === 'sora-2-pro-text-to-video')).toHaveLength(6);
  });

  it('says which parameter is missing, and which values are priced', () => {
    expect(() => chooseVariant(GPT, 'nano-banana-pro', {})).toThrow(
      /priced by resolution: give --param resolution=<2K, 4K>/,
    );
    expect(() => chooseVariant(GPT, 'nano-banana-pro', { resolution: '8K' })).toThrow(
      /no price for nano-banana-pro at resolution=8K/,
    );
    expect(() => chooseVariant(GPT, 'sora-9', {})).toThrow(/no price is known for model "sora-9"/);
  });

  it('every model of the seed table is in the catalog, with its source and date', () => {
    expect(GPTIMAGE2_CATALOG.entries.map((e) => e.model)).toEqual([
      'gpt-image-2',
      'google/nano-banana',
      'nano-banana-2',
      'nano-banana-pro',
      'kling/v2-1-standard',
      'kling/v2-1-pro',
      'kling/v2-1-master-text-to-video',
      'sora-2-text-to-video',
      'sora-2-pro-text-to-video',
      'sora-2-image-to-video',
      'hailuo/02-text-to-video-standard',
      'hailuo/02-text-to-video-pro',
      'hailuo/02-image-to-video-standard',
      'hailuo/02-image-to-video-pro',
      'veo3_fast',
      'veo3',
      'veo3_lite',
      'wan/2-6-text-to-video',
      'wan/2-6-image-to-video',
      'bytedance/seedance-1.5-pro',
    ]);
    // 2 flat images + 3 + 2 by resolution; Kling and Hailuo 7 × 2 durations; Sora 3 × 6;
    // Veo 3; Wan 2 × 6; Seedance 4.
    expect(GPT).toHaveLength(2 + 3 + 2 + 7 * 2 + 3 * 6 + 3 + 2 * 6 + 4);
  });
});

describe('Cheapa API (seed 001)', () => {
  it("per token: the billing page's worked example, 500 in + 200 out on gpt-5.2 = $0.0011025", () => {
    expect(cost(CHEAPA, 'gpt-5.2', { input: '500', output: '200' })).toBe('0.0011025');
    const [input, output] = unitCosts(chooseVariant(CHEAPA, 'gpt-5.2', {}));
    expect(input).toMatchObject({ per: 'input token', params: { tokens: 'input' } });
    expect(toDecimal(input!.cost, 18)).toBe('0.000000525');
    expect(toDecimal(output!.cost, 18)).toBe('0.0000042');
    // $10 buys 19,047,619 input tokens or 2,380,952 output tokens
    expect(wholeTimes(parseExact('10'), input!.cost)).toBe(19_047_619n);
    expect(wholeTimes(parseExact('10'), output!.cost)).toBe(2_380_952n);
  });

  it('per generation: $0.21 flat, so a $10 top-up is 47 generations', () => {
    for (const model of ['nano-banana-2', 'nano-banana-pro', 'veo-3.1']) expect(cost(CHEAPA, model)).toBe('0.21');
    const [unit] = unitCosts(chooseVariant(CHEAPA, 'veo-3.1', {}));
    expect(unit!.per).toBe('generation');
    expect(wholeTimes(parseExact('10'), unit!.cost)).toBe(47n);
  });

  it('a token price needs the tokens', () => {
    expect(() => cost(CHEAPA, 'gpt-5.2')).toThrow(/give --param input=<tokens>/);
  });
});

describe('new-api (seed 004)', () => {
  const site =
    (extra: Partial<CatalogEntry> = {}) =>
    (rule: CatalogEntry['rule']): PricedVariant[] =>
      expandEntry(
        'newapi',
        { model: 'm', rule, unit: 'USD', source: 'seed 004', date: '2026-11-30', ...extra },
        'catalog',
      );
  const one = (rule: CatalogEntry['rule'], params: Record<string, string>, extra: Partial<CatalogEntry> = {}) =>
    jobCost(site(extra)(rule)[0]!, params).cost;
  // The seed's final price: model price × channel discount × user discount.
  const channel = parseExact('0.8');
  const user = parseExact('0.9');
  const final = (x: ReturnType<typeof one>) => toDecimal(product([x, channel, user]));

  it('per request: input price × discounts', () => {
    expect(final(one({ kind: 'per_request', cost: '0.04' }, {}))).toBe('0.0288');
  });

  it('per token, per 1K: (in/1000 × in price + out/1000 × out price) × discounts', () => {
    const c = one(
      { kind: 'per_token', input: '0.002', output: '0.008', perTokens: 1000 },
      { input: '1500', output: '500' },
    );
    expect(toDecimal(c)).toBe('0.007');
    expect(final(c)).toBe('0.00504');
  });

  it('per second: price × seconds × discounts', () => {
    expect(final(one({ kind: 'per_second', cost: '0.1' }, { seconds: '8' }))).toBe('0.576');
  });

  it('per megapixel: width × height / 1,000,000 × price × discounts', () => {
    const c = one({ kind: 'per_megapixel', cost: '0.05' }, { width: '1024', height: '1024' });
    expect(toDecimal(c, 18)).toBe('0.0524288');
    expect(final(c)).toBe('0.037748736');
  });

  it('per image: images × price × discounts', () => {
    expect(final(one({ kind: 'per_image', cost: '0.04' }, { images: '4' }))).toBe('0.1152');
  });

  it('a field multiplier: Veo with priority pay-go costs ×1.8', () => {
    const multipliers = [{ param: 'priority', value: 'true', factor: '1.8', note: 'priority pay-go' }];
    expect(
      toDecimal(one({ kind: 'per_second', cost: '0.1' }, { seconds: '8', priority: 'true' }, { multipliers })),
    ).toBe('1.44');
    expect(toDecimal(one({ kind: 'per_second', cost: '0.1' }, { seconds: '8' }, { multipliers }))).toBe('0.8');
  });

  it('/api/pricing ratios: ratio r is $2r per 1M input tokens, × completion ratio for output; quota = tokens × r × group', () => {
    const entries = newapiEntries(
      {
        models: [
          { model: 'gpt-4o-mini', quotaType: 0, ratio: '0.075', completionRatio: '4', price: null },
          { model: 'dall-e-3', quotaType: 1, ratio: null, completionRatio: null, price: '0.04' },
          { model: 'free', quotaType: 0, ratio: '0', completionRatio: '1', price: null },
        ],
        groupRatio: {},
        skipped: [],
      },
      'test',
      '2026-11-30',
    );
    expect(entries.map((e) => e.model)).toEqual(['gpt-4o-mini', 'dall-e-3']);
    expect(entries[0]!.rule).toEqual({ kind: 'per_token', input: '0.15', output: '0.6', perTokens: 1_000_000 });
    const toQuota = conversion('USD', 'quota', { cnyPerUsd: '7.3' })!;
    const group = parseExact('1.8');
    const variants = entries.flatMap((e) => expandEntry('newapi', e, 'live'));
    // 1,000 prompt tokens at ratio 0.075 = 75 quota; 1,000 completion tokens = 300 quota
    const mini = chooseVariant(variants, 'gpt-4o-mini', {});
    expect(toDecimal(mul(jobCost(mini, { input: '1000' }).cost, toQuota))).toBe('75');
    expect(toDecimal(mul(jobCost(mini, { output: '1000' }).cost, toQuota))).toBe('300');
    // a per-request model: $0.04 × 500,000 = 20,000 quota; in a ×1.8 group, 36,000
    const dalle = chooseVariant(variants, 'dall-e-3', {});
    expect(toDecimal(mul(jobCost(dalle, {}).cost, toQuota))).toBe('20000');
    expect(toDecimal(product([jobCost(dalle, {}).cost, toQuota, group]))).toBe('36000');
  });
});

describe('Lumenfall (seed 002 and its docs)', () => {
  const LF = variantsOf(LUMENFALL_CATALOG);
  it('per image: the cost-estimation example, 2 × gemini-3-pro-image = $0.08', () => {
    expect(cost(LF, 'gemini-3-pro-image', { n: '2' })).toBe('0.08');
    expect(cost(LF, 'dall-e-3', { quality: 'hd' })).toBe('0.08');
    expect(cost(LF, 'dall-e-3', { quality: 'standard', n: '3' })).toBe('0.12');
  });
});

describe('catalogs', () => {
  it('every entry names its source and the day it was read', () => {
    for (const provider of ['cheapai', 'cheapa', 'lumenfall', 'gptimage2', 'newapi']) {
      for (const e of staticPriceCatalog(provider).entries) {
        expect(e.source).toMatch(/seed 00\d|docs\./);
        expect(e.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    expect(staticPriceCatalog('deepseek').entries).toEqual([]);
    expect(staticPriceCatalog('cheapai').note).toMatch(/price check/);
  });

  it('unit conversions are fixed rates only', () => {
    expect(toDecimal(conversion('USD', 'quota', { cnyPerUsd: '7.3' })!)).toBe('500000');
    expect(toDecimal(conversion('CNY', 'USD', { cnyPerUsd: '8' })!)).toBe('0.125');
    expect(conversion('credits', 'USD', { cnyPerUsd: '7.3' })).toBeNull();
  });

  it('a layer replaces the variants it names and keeps the order of the list', () => {
    const over = (model: string, params: Record<string, string>, c: string): PricedVariant => ({
      ...GPT[0]!,
      model,
      params,
      rule: { kind: 'flat', cost: c },
      origin: 'override',
    });
    const merged = layer(GPT, [
      over('nano-banana-pro', { resolution: '2K' }, '10'),
      over('veo3', {}, '60'),
      over('mine', {}, '1'),
    ]);
    const pro = merged.filter((v) => v.model === 'nano-banana-pro');
    expect(pro.map((v) => [v.params.resolution, v.rule])).toEqual([
      ['4K', { kind: 'flat', cost: '20' }],
      ['2K', { kind: 'flat', cost: '10' }],
    ]);
    expect(merged.filter((v) => v.model === 'veo3').map((v) => v.origin)).toEqual(['override']);
    expect(merged.at(-1)!.model).toBe('mine');
    expect(merged.findIndex((v) => v.model === 'nano-banana-pro')).toBe(
      GPT.findIndex((v) => v.model === 'nano-banana-pro'),
    );
    // a variant without parameters replaces every variant of its model
    expect(layer(GPT, [over('nano-banana-pro', {}, '9')]).filter((v) => v.model === 'nano-banana-pro')).toHaveLength(1);
  });
});
