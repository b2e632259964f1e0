import fs from 'node:fs';
import { UsageError } from '../context.ts';
import { defineCommand, defineGroup, JSON_FLAG } from '../command.ts';
import { checkReadable } from '../files.ts';
import { UserError } from '../../core/errors.ts';
import { resolveAccount } from '../../core/analytics/context.ts';
import { getProvider } from '../../core/providers/registry.ts';
import {
  accountPricing,
  importPrices,
  listPrices,
  removePrice,
  removePriceById,
  setAccountPricingSettings,
  setPrice,
  staticPriceCatalog,
} from '../../core/pricing/index.ts';
import { layer } from '../../core/pricing/catalog.ts';
import { describeRule, expandEntry } from '../../core/pricing/rules.ts';
import { toDecimal } from '../../core/pricing/exact.ts';
import type { PricedVariant, VariantRule } from '../../core/pricing/types.ts';
import { OFFLINE_FLAG, PARAM_FLAG, paramsText, parseParams, plain } from './pricing.ts';

interface PriceRow {
  id?: number;
  provider: string;
  account: string | null;
  model: string;
  params: Record<string, string>;
  rule: VariantRule;
  unit: string;
  origin: string;
  source: string;
  date: string;
  note: string | null;
}

const rowOf = (v: PricedVariant): PriceRow => ({
  provider: v.provider,
  account: v.accountId,
  model: v.model,
  params: v.params,
  rule: v.rule,
  unit: v.unit,
  origin: v.origin,
  source: v.source,
  date: v.date,
  note: v.note,
});

/**
 * `prices list [--account <id|label>] [--provider <id>] [--mine] [--offline] [--json]`: an
 * account's prices (catalog, live list, price checks and yours), a provider's catalog with
 * your prices for it, or (--mine, or no flag) your prices alone — the list `prices import`
 * reads back.
 */
const list = defineCommand({
  name: 'list',
  summary: "an account's prices, a provider's catalog, or your own prices",
  description:
    'With --account: every price that account is charged (catalog, live list, price checks and yours). With --provider: the catalog with your prices for it. With --mine (or no flag): your prices alone, the list prices import reads back.',
  flags: {
    account: { type: 'string', value: '<id|label>', complete: 'account', help: "this account's prices" },
    provider: { type: 'string', value: '<id>', complete: 'provider', help: "this provider's catalog" },
    mine: { type: 'boolean', help: 'only the prices you set' },
    offline: OFFLINE_FLAG,
    json: JSON_FLAG,
  },
  examples: [
    { run: 'prices list --account main', does: 'what main is charged' },
    { run: 'prices list --mine --json > my-prices.json', does: 'your prices, to import elsewhere' },
  ],
  async run(ctx, { values }) {
    const core = ctx.core();
    let rows: PriceRow[];
    const notes: string[] = [];
    if (values.account) {
      const account = resolveAccount(core, values.account);
      const pricing = await accountPricing(core, account, values.offline ? 'never' : 'auto');
      rows = pricing.variants.map(rowOf);
      notes.push(...pricing.notes);
      for (const m of pricing.multipliers) notes.push(`${m.name} ×${toDecimal(m.factor)} (${m.source})`);
    } else if (values.provider && !values.mine) {
      if (!getProvider(values.provider)) throw new UsageError(`unknown provider ${JSON.stringify(values.provider)}`);
      const catalog = staticPriceCatalog(values.provider);
      const mine = listPrices(core).filter((p) => p.provider === values.provider && p.account === null);
      const variants = layer(
        catalog.entries.flatMap((e) => expandEntry(values.provider!, e, 'catalog')),
        mine.map((p) => ({
          provider: p.provider,
          model: p.model,
          params: p.params,
          rule: p.rule,
          unit: p.unit,
          origin: 'override' as const,
          source: 'your price',
          date: p.updatedAt.slice(0, 10),
          note: p.note,
          multipliers: [],
          accountId: null,
        })),
      );
      rows = variants.map(rowOf);
      if (catalog.note) notes.push(catalog.note);
    } else {
      const mine = listPrices(core).filter((p) => !values.provider || p.provider === values.provider);
      if (values.json) {
        ctx.printJson(mine);
        return 0;
      }
      if (mine.length === 0)
        ctx.print('no prices of your own yet (burnrate prices set …); see also: prices list --account <id>');
      for (const p of mine)
        ctx.print(
          `#${p.id} ${p.provider}${p.account ? ` ${p.account}` : ''} ${plain(p.model)}${Object.keys(p.params).length ? ` ${plain(paramsText(p.params))}` : ''}: ${describeRule(p.rule, p.unit)}`,
        );
      return 0;
    }
    if (values.json) {
      ctx.printJson(rows);
      return 0;
    }
    for (const note of notes) ctx.print(`note: ${plain(note)}`);
    for (const r of rows)
      ctx.print(
        `${plain(r.model)}${Object.keys(r.params).length ? ` ${plain(paramsText(r.params))}` : ''}: ${describeRule(r.rule, r.unit as never)} — ${plain(r.source)}, ${r.date}`,
      );
    return 0;
  },
});

const PER_KINDS: Record<string, VariantRule['kind']> = {
  call: 'flat',
  generation: 'per_generation',
  request: 'per_request',
  second: 'per_second',
  megapixel: 'per_megapixel',
  image: 'per_image',
};

/**
 * `prices set (--provider <id> | --account <id|label>) --model <id> [--param k=v]...
 *   (--cost <n> [--per call|generation|request|second|megapixel|image] | --input <n> --output <n>
 *   [--per-tokens 1000|1000000]) [--unit <unit>] [--note <text>] [--json]`, or for an account's
 * list prices: `prices set --account <id|label> [--group-ratio <n>] [--discount <n>]` (empty clears).
 */
const set = defineCommand({
  name: 'set',
  summary: "your price for a model, or an account's ratio and discount",
  description:
    'A price you set wins over the catalog and the live lists. Per call, generation, request, second, megapixel or image (--cost, --per), or per token (--input, --output). For a gateway account, --group-ratio and --discount apply to every model.',
  flags: {
    provider: { type: 'string', value: '<id>', complete: 'provider', help: 'for every account of this provider' },
    account: { type: 'string', value: '<id|label>', complete: 'account', help: 'for this account only' },
    model: { type: 'string', value: '<id>', help: 'the model' },
    param: PARAM_FLAG,
    cost: { type: 'string', value: '<n>', help: 'the price of one --per' },
    per: {
      type: 'string',
      value: '<what>',
      choices: Object.keys(PER_KINDS),
      noun: 'unit of work',
      help: 'what --cost is for',
      default: 'call',
    },
    input: { type: 'string', value: '<n>', help: 'price of input tokens, per --per-tokens' },
    output: { type: 'string', value: '<n>', help: 'price of output tokens, per --per-tokens' },
    'per-tokens': {
      type: 'string',
      value: '<1000|1000000>',
      choices: ['1000', '1000000'],
      noun: 'token count',
      help: 'tokens --input and --output are priced per',
      default: '1000000',
    },
    unit: {
      type: 'string',
      value: '<unit>',
      help: 'the unit of the price',
      default: "the provider's (USD for new-api)",
    },
    note: { type: 'string', value: '<text>', help: 'where the price comes from' },
    'group-ratio': { type: 'string', value: '<n>', help: "a gateway account's group ratio (empty clears)" },
    discount: { type: 'string', value: '<n>', help: "an account's discount factor (empty clears)" },
    json: JSON_FLAG,
  },
  examples: [
    { run: 'prices set --provider cheapai --model flux-dev --cost 1200 --per image', does: 'a price per image' },
    { run: 'prices set --account relay --model gpt-4o --input 2.5 --output 10', does: 'per million tokens' },
    { run: 'prices set --account relay --group-ratio 0.8', does: "the gateway's group ratio" },
  ],
  run(ctx, { values }) {
    const core = ctx.core();
    const multiplierFlags = values['group-ratio'] !== undefined || values.discount !== undefined;
    if (multiplierFlags) {
      if (!values.account) throw new UsageError('--group-ratio and --discount belong to an account: give --account');
      if (values.model) throw new UsageError('--group-ratio and --discount apply to every model: leave out --model');
      const account = resolveAccount(core, values.account);
      const saved = setAccountPricingSettings(core, account, {
        ...(values['group-ratio'] !== undefined ? { groupRatio: values['group-ratio'] } : {}),
        ...(values.discount !== undefined ? { discount: values.discount } : {}),
      });
      if (values.json) ctx.printJson({ account: account.id, ...saved });
      else
        ctx.print(
          `${account.label}: group ratio ${saved.groupRatio ?? '(from the site)'}, discount ${saved.discount ?? 'none'}`,
        );
      return 0;
    }
    if (!values.model) throw new UsageError('prices set needs --model <id>');
    if (!values.provider && !values.account)
      throw new UsageError('prices set needs --provider <id> or --account <id|label>');
    const account = values.account ? resolveAccount(core, values.account) : null;
    const provider = values.provider ?? account!.provider;
    const def = getProvider(provider);
    if (!def) throw new UsageError(`unknown provider ${JSON.stringify(provider)}`);
    let rule: Record<string, unknown>;
    if (values.input !== undefined || values.output !== undefined) {
      if (values.cost !== undefined || values.per !== undefined)
        throw new UsageError('give either --cost (with --per) or --input and --output, not both');
      const perTokens = values['per-tokens'] === undefined ? 1_000_000 : Number(values['per-tokens']);
      if (![1000, 1_000_000].includes(perTokens)) throw new UsageError('--per-tokens is 1000 or 1000000');
      rule = { kind: 'per_token', input: values.input ?? '0', output: values.output ?? '0', perTokens };
    } else {
      if (values.cost === undefined)
        throw new UsageError('prices set needs --cost <n> (or --input/--output for tokens)');
      const per = values.per ?? 'call';
      const kind = Object.hasOwn(PER_KINDS, per) ? PER_KINDS[per] : undefined;
      if (!kind) throw new UsageError(`--per is one of ${Object.keys(PER_KINDS).join(', ')}`);
      rule = { kind, cost: values.cost };
    }
    // A gateway's lists are in dollars; every other provider's prices default to its own unit.
    const unit = values.unit ?? (provider === 'newapi' ? 'USD' : def.unit);
    const saved = setPrice(core, {
      provider,
      account: account?.id ?? null,
      model: values.model,
      params: parseParams(values.param),
      rule,
      unit,
      note: values.note ?? null,
    });
    if (values.json) ctx.printJson(saved);
    else
      ctx.print(
        `set #${saved.id}: ${plain(saved.model)}${Object.keys(saved.params).length ? ` ${plain(paramsText(saved.params))}` : ''} at ${describeRule(saved.rule, saved.unit)}${account ? ` for ${plain(account.label)}` : ` for every ${provider} account`}`,
      );
    return 0;
  },
});

/** `prices remove <id>` or `prices remove (--provider <id> | --account <id|label>) --model <id> [--param k=v]...` */
const remove = defineCommand({
  name: 'remove',
  summary: 'remove a price of yours, by its number or by what it prices',
  args: [{ name: 'id', noun: 'a price number', help: 'the number prices list shows (#12)' }],
  flags: {
    provider: { type: 'string', value: '<id>', complete: 'provider', help: "a provider's price" },
    account: { type: 'string', value: '<id|label>', complete: 'account', help: "an account's price" },
    model: { type: 'string', value: '<id>', help: 'the model' },
    param: PARAM_FLAG,
    json: JSON_FLAG,
  },
  examples: [
    { run: 'prices remove 12', does: 'price #12' },
    { run: 'prices remove --provider cheapai --model flux-dev', does: 'by what it prices' },
  ],
  run(ctx, { values, positionals }) {
    const core = ctx.core();
    let removed: boolean;
    if (positionals[0] !== undefined) {
      const id = Number(positionals[0].replace(/^#/, ''));
      if (!Number.isSafeInteger(id) || id <= 0)
        throw new UsageError('prices remove <id>: the id is the number `prices list` shows');
      removed = removePriceById(core, id);
    } else {
      if (!values.model || (!values.provider && !values.account))
        throw new UsageError(
          'usage: prices remove <id> | prices remove (--provider <id> | --account <id|label>) --model <id>',
        );
      const account = values.account ? resolveAccount(core, values.account) : null;
      removed = removePrice(core, {
        provider: values.provider ?? account!.provider,
        account: account?.id ?? null,
        model: values.model,
        params: parseParams(values.param),
      });
    }
    if (!removed) throw new UserError('not_found', 'no such price of yours');
    if (values.json) ctx.printJson({ removed: true });
    else ctx.print('removed');
    return 0;
  },
});

/** `prices import <file> [--json]`: a list of prices (what `prices list --mine --json` prints). */
const importPricesCommand = defineCommand({
  name: 'import',
  summary: 'a list of prices (prices list --mine --json); all or nothing',
  args: [
    { name: 'file', noun: 'a file', help: 'what prices list --mine --json wrote', required: true, complete: 'file' },
  ],
  flags: { json: JSON_FLAG },
  examples: [{ run: 'prices import my-prices.json', does: 'bring your prices to this computer' }],
  run(ctx, { values, positionals }) {
    const file = positionals[0]!;
    checkReadable(file);
    if (fs.statSync(file).size > 16 * 1024 * 1024) throw new UserError('validation', `${file} is larger than 16 MB`);
    const text = fs.readFileSync(file, 'utf8');
    const report = importPrices(ctx.core(), text);
    if (values.json) ctx.printJson(report);
    else
      ctx.print(`imported ${report.imported} price(s)${report.replaced ? `, ${report.replaced} replacing yours` : ''}`);
    return 0;
  },
});

export const pricesCommand = defineGroup({
  name: 'prices',
  summary: 'list, set, remove and import the prices Burnrate counts with',
  commands: [list, set, remove, importPricesCommand],
  examples: [
    { run: 'prices list --account main', does: 'what main is charged' },
    { run: 'prices set --provider cheapai --model flux-dev --cost 1200 --per image', does: 'your own price' },
  ],
});
