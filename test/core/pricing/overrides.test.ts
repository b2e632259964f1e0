import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { addAccount, bal, DAY, HOUR, newCore, T0 } from '../analytics/fixtures.ts';
import { tempDir } from '../../helpers/tmp.ts';
import {
  computeBuys,
  importPrices,
  listPrices,
  removePrice,
  setAccountPricingSettings,
  setPrice,
} from '../../../src/core/pricing/index.ts';
import { exportHistory } from '../../../src/core/analytics/export.ts';
import { importHistory, ImportError } from '../../../src/core/analytics/import.ts';
import { migrate } from '../../../src/core/store/migrate.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { PricesRepo } from '../../../src/core/store/prices-repo.ts';
import { UserError } from '../../../src/core/errors.ts';

const expectUserError = (fn: () => unknown, message: RegExp) => {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(UserError);
  expect((caught as Error).message).toMatch(message);
};

describe('price overrides', () => {
  it('set, replace, list and remove; an account’s own price wins over its provider’s', async () => {
    const core = newCore();
    const main = await addAccount(core, 'gptimage2', 'main');
    const other = await addAccount(core, 'gptimage2', 'other');
    for (const a of [main, other]) bal(core, a, T0 - HOUR, 488);

    setPrice(core, { provider: 'gptimage2', model: 'gpt-image-2', rule: { kind: 'flat', cost: '4' }, unit: 'credits' });
    setPrice(core, {
      provider: 'gptimage2',
      account: 'main',
      model: 'gpt-image-2',
      rule: { kind: 'flat', cost: '2' },
      unit: 'credits',
      note: 'promo',
    });
    // the same variant again replaces it
    setPrice(core, {
      provider: 'gptimage2',
      model: 'nano-banana-pro',
      params: { resolution: '2k' },
      rule: { kind: 'flat', cost: '11' },
      unit: 'credits',
    });
    const replaced = setPrice(core, {
      provider: 'gptimage2',
      model: 'nano-banana-pro',
      params: { resolution: '2K' },
      rule: { kind: 'flat', cost: '10' },
      unit: 'credits',
    });
    expect(replaced).toMatchObject({ params: { resolution: '2K' }, rule: { kind: 'flat', cost: '10' }, account: null });
    expect(listPrices(core)).toHaveLength(3);

    const buys = await computeBuys(core, { models: ['gpt-image-2', 'nano-banana-pro'] });
    const of = (label: string) => buys.find((b) => b.label === label)!.models;
    expect(of('main').map((m) => [m.model, m.params.resolution ?? '', m.costEach, m.count, m.origin])).toEqual([
      ['gpt-image-2', '', '2', 244, 'override'],
      ['nano-banana-pro', '4K', '20', 24, 'catalog'],
      ['nano-banana-pro', '2K', '10', 48, 'override'],
    ]);
    expect(of('other')[0]).toMatchObject({ costEach: '4', count: 122, source: 'your price' });
    expect(of('main')[0]).toMatchObject({ source: 'your price for main', note: 'promo' });

    expect(removePrice(core, { provider: 'gptimage2', account: 'main', model: 'gpt-image-2' })).toBe(true);
    expect(removePrice(core, { provider: 'gptimage2', account: 'main', model: 'gpt-image-2' })).toBe(false);
    expect((await computeBuys(core, { accounts: ['main'], models: ['gpt-image-2'] }))[0]!.models[0]).toMatchObject({
      costEach: '4',
    });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown provider', { provider: 'nope' }, /unknown provider "nope"/],
    ['a negative price', { rule: { kind: 'flat', cost: '-1' } }, /rule.cost: a price must not be negative/],
    ['a price that is not a number', { rule: { kind: 'flat', cost: 'cheap' } }, /rule.cost: not a decimal number/],
    ['an unknown rule', { rule: { kind: 'per_vibe', cost: '1' } }, /rule.kind/],
    ['a token price of nothing', { rule: { kind: 'per_token', input: '0', output: '0' } }, /input or an output rate/],
    ['a model with a space', { model: 'gpt image' }, /model: a model id has no spaces/],
    ['a bad parameter name', { params: { '1x': 'y' } }, /params/],
    ['an unknown unit', { unit: 'doubloons' }, /unit/],
    ['an account of another provider', { account: 'ds' }, /ds is a deepseek account, not gptimage2/],
    ['an unknown account', { account: 'ghost' }, /no account with id or label "ghost"/],
    ['an unknown field', { colour: 'red' }, /Unrecognized key/],
  ])('refuses %s, naming it, and stores nothing', async (_what, change, message) => {
    const core = newCore();
    await addAccount(core, 'deepseek', 'ds');
    const base = { provider: 'gptimage2', model: 'gpt-image-2', rule: { kind: 'flat', cost: '3' }, unit: 'credits' };
    expectUserError(() => setPrice(core, { ...base, ...change }), message);
    expect(listPrices(core)).toEqual([]);
  });

  it('imports a list all or nothing, naming the first problems by index', async () => {
    const core = newCore();
    await addAccount(core, 'cheapa', 'ca');
    const good = {
      provider: 'cheapa',
      model: 'gpt-5.2',
      rule: { kind: 'per_token', input: '0.5', output: '4' },
      unit: 'USD',
    };
    expectUserError(
      () => importPrices(core, JSON.stringify([good, { ...good, model: '' }, { ...good, unit: 'x' }])),
      /prices\[1\]: model: the model is empty; prices\[2\]: unit.*nothing was imported/,
    );
    expect(listPrices(core)).toEqual([]);
    expectUserError(() => importPrices(core, '{not json'), /not valid JSON; nothing was imported/);
    expectUserError(() => importPrices(core, '{"prices": 3}'), /expected a list of prices/);
    expect(
      importPrices(
        core,
        JSON.stringify([good, { ...good, model: 'veo-3.1', rule: { kind: 'per_generation', cost: '0.2' } }]),
      ),
    ).toEqual({
      imported: 2,
      replaced: 0,
    });
    // what `prices list --mine --json` prints reads back in
    const listed = listPrices(core);
    expect(importPrices(core, JSON.stringify(listed))).toEqual({ imported: 2, replaced: 2 });
    expect(listPrices(core).map((p) => p.model)).toEqual(['gpt-5.2', 'veo-3.1']);
  });

  it('an account’s group ratio and discount multiply every list price; bad values are refused', async () => {
    const core = newCore();
    const a = await addAccount(core, 'cheapa', 'ca');
    bal(core, a, T0 - HOUR, 10, 'USD');
    setAccountPricingSettings(core, a, { discount: '0.5' });
    const [buys] = await computeBuys(core, { models: ['veo-3.1'] });
    expect(buys!.models[0]).toMatchObject({ costEach: '0.105', count: 95, listPrice: { amount: '0.21', unit: 'USD' } });
    expectUserError(() => setAccountPricingSettings(core, a, { groupRatio: '0' }), /groupRatio must be more than 0/);
    expectUserError(() => setAccountPricingSettings(core, a, { discount: 'half' }), /discount must be a number/);
    setAccountPricingSettings(core, a, { discount: '' });
    expect((await computeBuys(core, { models: ['veo-3.1'] }))[0]!.multipliers).toEqual([]);
  });

  it('lists a model the user asked for with no price as such, not as nothing', async () => {
    const core = newCore();
    const a = await addAccount(core, 'deepseek', 'ds');
    bal(core, a, T0 - HOUR, 10, 'CNY');
    const [buys] = await computeBuys(core, { models: ['deepseek-chat'] });
    expect(buys!.models).toEqual([
      expect.objectContaining({
        model: 'deepseek-chat',
        count: null,
        reason: expect.stringMatching(/no price is known/),
      }),
    ]);
    expect(buys!.notes).toEqual([
      'no price list is known for this provider: add the prices you pay as prices of your own',
    ]);
    // A price in dollars counts against a CNY balance at the user's rate (7.3 by default).
    setPrice(core, {
      provider: 'deepseek',
      model: 'deepseek-chat',
      rule: { kind: 'per_request', cost: '0.01' },
      unit: 'USD',
    });
    expect((await computeBuys(core, { models: ['deepseek-chat'] }))[0]!.models[0]).toMatchObject({
      costEach: '0.073',
      unit: 'CNY',
      count: 136,
    });
    // …but credits have no fixed rate to money: said, not guessed.
    setPrice(core, { provider: 'deepseek', model: 'odd', rule: { kind: 'flat', cost: '3' }, unit: 'credits' });
    expect((await computeBuys(core, { models: ['odd'] }))[0]!.models[0]).toMatchObject({
      count: null,
      reason: 'priced in credits, the balance is in CNY: no fixed rate between them',
    });
  });
});

describe('prices in the history file', () => {
  async function home() {
    const core = newCore(tempDir(), () => T0 + DAY);
    const main = await addAccount(core, 'gptimage2', '=main');
    bal(core, main, T0, 500);
    setPrice(core, { provider: 'gptimage2', model: 'gpt-image-2', rule: { kind: 'flat', cost: '4' }, unit: 'credits' });
    setPrice(core, {
      provider: 'gptimage2',
      account: main.id,
      model: 'nano-banana-pro',
      params: { resolution: '4K' },
      rule: { kind: 'flat', cost: '18' },
      unit: 'credits',
      note: 'deal, "until May"',
    });
    return core;
  }
  const text = (core: ReturnType<typeof newCore>, format: 'csv' | 'json') => {
    let out = '';
    exportHistory(core, { format }, (chunk) => (out += chunk));
    return out;
  };

  it.each(['csv', 'json'] as const)('round-trip through %s, once', async (format) => {
    const source = await home();
    const file = text(source, format);
    if (format === 'csv') expect(file).toMatch(/,price,"\{""provider"":""gptimage2"",""model"":""gpt-image-2""/);
    else expect(JSON.parse(file).prices).toHaveLength(2);
    const target = newCore(tempDir(), () => T0 + 2 * DAY);
    const report = importHistory(target, file);
    expect(report.pricesImported).toBe(2);
    const strip = (p: ReturnType<typeof listPrices>[number]) => ({ ...p, id: 0, account: p.account ? 'x' : null });
    expect(listPrices(target).map(strip)).toEqual(listPrices(source).map(strip));
    expect(listPrices(target)[1]!.account).toBe(target.repos.accounts.list()[0]!.id);
    expect(importHistory(target, file).pricesImported).toBe(0);
  });

  it('a home keeps its own price for a variant the file also prices', async () => {
    const source = await home();
    const target = newCore(tempDir(), () => T0 + 2 * DAY);
    setPrice(target, {
      provider: 'gptimage2',
      model: 'gpt-image-2',
      rule: { kind: 'flat', cost: '3.5' },
      unit: 'credits',
    });
    expect(importHistory(target, text(source, 'json')).pricesImported).toBe(1);
    expect(listPrices(target).find((p) => p.model === 'gpt-image-2')!.rule).toEqual({ kind: 'flat', cost: '3.5' });
  });

  it('a bad price refuses the whole file, saying where', async () => {
    const source = await home();
    const csv = text(source, 'csv').replace('""cost"":""4""', '""cost"":""four""');
    const target = newCore(tempDir(), () => T0 + 2 * DAY);
    let caught: unknown;
    try {
      importHistory(target, csv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImportError);
    expect((caught as ImportError).message).toMatch(
      /^line \d+: price: rule.cost: not a decimal number.*nothing was imported$/,
    );
    expect(target.repos.accounts.list()).toEqual([]);
    expect(listPrices(target)).toEqual([]);

    const json = JSON.parse(text(source, 'json'));
    json.prices[1].provider = 'cheapai';
    expect(() => importHistory(target, JSON.stringify(json))).toThrow(
      /prices\[1\]: a cheapai price for a gptimage2 account/,
    );
  });
});

describe('migration 009', () => {
  it('from version 8: empty price tables; overrides and cache go with a purged account', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 8);
    expect(migrate(db, MIGRATIONS, 9)).toEqual([9]);
    db.prepare(
      `INSERT INTO accounts (id, provider, label, created_at, updated_at) VALUES ('acc_a', 'newapi', 'a', 1, 1)`,
    ).run();
    const pk = (db.prepare(`SELECT pk FROM accounts`).get() as { pk: number }).pk;
    const repo = new PricesRepo(db);
    const row = { provider: 'newapi', model: 'm', params: '{}', rule: '{}', unit: 'USD', note: null, updatedAt: 1 };
    repo.put({ ...row, accountPk: null });
    repo.put({ ...row, accountPk: pk });
    expect(repo.putIfAbsent({ ...row, accountPk: null })).toBe(false);
    expect(repo.all()).toHaveLength(2);
    repo.cachePut(pk, 'newapi_pricing', 5, '{"models":[]}');
    repo.cachePut(pk, 'newapi_pricing', 6, '{"models":[1]}');
    expect(repo.cacheGet(pk, 'newapi_pricing')).toEqual({ fetchedAt: 6, body: '{"models":[1]}' });
    // the unique variant index treats "every account" as one scope
    expect(() =>
      db
        .prepare(
          `INSERT INTO price_overrides (provider, account_pk, model, params, rule, unit, updated_at) VALUES ('newapi', NULL, 'm', '{}', '{}', 'USD', 1)`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    db.prepare(`DELETE FROM accounts WHERE pk = ?`).run(pk);
    expect(repo.all().map((r) => r.accountPk)).toEqual([null]);
    expect(repo.cacheGet(pk, 'newapi_pricing')).toBeNull();
  });
});
