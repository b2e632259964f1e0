import { z } from 'zod';
import { UNITS } from '../../shared/units.ts';
import type { Unit } from '../../shared/units.ts';
import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import { getProvider } from '../providers/registry.ts';
import type { PriceOverrideRecord } from '../store/prices-repo.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import { PriceError, isPositive, parseExact } from './exact.ts';
import { normalizeParams, paramsKey } from './rules.ts';
import type { PricedVariant, VariantRule } from './types.ts';
import { PER_CALL_KINDS, PER_UNIT_KINDS } from './types.ts';

/**
 * Prices a person sets (`prices set`, the window) or imports (`prices import`, a history
 * file). Everything arrives untrusted and is checked here, once, with one wording.
 */

const MAX_TEXT = 120;

/** A non-negative decimal price, exact; "0" is allowed (a free model). */
const priceText = z.union([z.string(), z.number()]).transform((v, ctx) => {
  try {
    const value = parseExact(v);
    if (value.n < 0n) ctx.addIssue({ code: 'custom', message: 'a price must not be negative' });
    return typeof v === 'number' ? String(v) : v.trim();
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof PriceError ? error.message : 'not a number' });
    return z.NEVER;
  }
});

export const variantRuleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.enum(PER_CALL_KINDS), cost: priceText }),
  z.strictObject({ kind: z.enum(PER_UNIT_KINDS), cost: priceText }),
  z.strictObject({
    kind: z.literal('per_token'),
    input: priceText,
    output: priceText,
    perTokens: z.union([z.literal(1), z.literal(1000), z.literal(1_000_000)]).default(1_000_000),
  }),
]);

const paramName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,30}$/, 'parameter names are letters, digits and _');
export const paramsSchema = z
  .record(paramName, z.string().trim().min(1, 'a parameter value is empty').max(40))
  .refine((p) => Object.keys(p).length <= 8, 'at most 8 parameters');

export const modelSchema = z
  .string()
  .trim()
  .min(1, 'the model is empty')
  .max(MAX_TEXT)
  .refine((m) => !/[\s\p{Cc}]/u.test(m), 'a model id has no spaces or control characters');

/** One price as `prices import` and the history file carry it. */
export const priceInputSchema = z.strictObject({
  provider: z.string().min(1).max(64),
  /** An account id or label; absent or null = every account of the provider. */
  account: z.string().min(1).max(MAX_TEXT).nullable().optional(),
  model: modelSchema,
  params: paramsSchema.optional(),
  rule: variantRuleSchema,
  unit: z.enum(UNITS),
  note: z.string().max(200).nullable().optional(),
});

/** A price as `prices list --json` and exports show it. */
export interface PublicPrice {
  id: number;
  provider: string;
  account: string | null;
  model: string;
  params: Record<string, string>;
  rule: VariantRule;
  unit: Unit;
  note: string | null;
  updatedAt: string;
}

/** Check a price against its provider and store it (replacing that variant's price). */
export function setPrice(core: Core, input: unknown): PublicPrice {
  const parsed = parsePrice(input);
  const account = parsed.account === null ? null : accountFor(core, parsed.account, parsed.provider);
  const record = core.repos.prices.put(toRecord(parsed, account?.pk ?? null, core.now()));
  return publicPrice(core, record);
}

/** Remove the price of one variant; false when there was none. */
export function removePrice(
  core: Core,
  ref: { provider: string; account?: string | null; model: string; params?: Record<string, string> },
): boolean {
  const account = ref.account ? accountFor(core, ref.account, ref.provider) : null;
  const found = core.repos.prices.find(ref.provider, account?.pk ?? null, ref.model, paramsKey(ref.params ?? {}));
  return found ? core.repos.prices.remove(found.id) : false;
}

export function removePriceById(core: Core, id: number): boolean {
  return core.repos.prices.remove(id);
}

/** Your prices, oldest first per provider; a row that no longer reads is left out. */
export function listPrices(core: Core): PublicPrice[] {
  return core.repos.prices.all().flatMap((r) => (readOverride(r) ? [publicPrice(core, r)] : []));
}

export interface PricesImportReport {
  imported: number;
  replaced: number;
}

/**
 * `prices import`: a JSON list of prices (or `{"prices":[…]}`, as `prices list --json` and a
 * history export write them). All or nothing: every entry is checked first and the first
 * problems are named by index; then all are stored in one transaction, replacing the
 * prices of the same variants.
 */
export function importPrices(core: Core, text: string): PricesImportReport {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new UserError('validation', 'the prices file is not valid JSON; nothing was imported');
  }
  const list = Array.isArray(doc)
    ? doc
    : doc && typeof doc === 'object' && Array.isArray((doc as { prices?: unknown }).prices)
      ? (doc as { prices: unknown[] }).prices
      : null;
  if (!list)
    throw new UserError('validation', 'expected a list of prices (or {"prices": [...]}); nothing was imported');
  if (list.length > 10_000) throw new UserError('validation', 'more than 10,000 prices; nothing was imported');
  const problems: string[] = [];
  const planned: Array<Omit<PriceOverrideRecord, 'id'>> = [];
  list.forEach((item, i) => {
    try {
      const parsed = parsePrice(withoutListFields(item));
      const account = parsed.account === null ? null : accountFor(core, parsed.account, parsed.provider);
      planned.push(toRecord(parsed, account?.pk ?? null, core.now()));
    } catch (error) {
      if (error instanceof UserError) problems.push(`prices[${i}]: ${error.message}`);
      else throw error;
    }
  });
  if (problems.length > 0)
    throw new UserError(
      'validation',
      `${problems.slice(0, 3).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}; nothing was imported`,
    );
  const repo = core.repos.prices;
  return core.repos.transaction(() => {
    let replaced = 0;
    for (const p of planned) {
      if (repo.find(p.provider, p.accountPk, p.model, p.params)) replaced++;
      repo.put(p);
    }
    return { imported: planned.length, replaced };
  }, 'immediate');
}

/** What `prices list` adds to a price that is not the price itself: dropped on the way back in. */
const LIST_ONLY_FIELDS = ['id', 'origin', 'source', 'date', 'updatedAt'];

function withoutListFields(item: unknown): unknown {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
  const copy: Record<string, unknown> = { ...(item as Record<string, unknown>) };
  for (const name of LIST_ONLY_FIELDS) delete copy[name];
  return copy;
}

interface ParsedPrice {
  provider: string;
  account: string | null;
  model: string;
  params: Record<string, string>;
  rule: VariantRule;
  unit: Unit;
  note: string | null;
}

/** Validate one price; UserError naming the field. */
export function parsePrice(input: unknown): ParsedPrice {
  const parsed = priceInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new UserError('validation', `${where}${issue.message}`);
  }
  const p = parsed.data;
  if (!getProvider(p.provider)) throw new UserError('validation', `unknown provider ${JSON.stringify(p.provider)}`);
  const rule = p.rule as VariantRule;
  if (rule.kind === 'per_token' && !isPositive(parseExact(rule.input)) && !isPositive(parseExact(rule.output)))
    throw new UserError('validation', 'a per-token price needs an input or an output rate above 0');
  return {
    provider: p.provider,
    account: p.account ?? null,
    model: p.model,
    params: normalizeParams(p.params ?? {}),
    rule,
    unit: p.unit,
    note: p.note ?? null,
  };
}

function accountFor(core: Core, ref: string, provider: string): StoredAccount {
  const found = core.repos.accounts.findByIdOrLabel(ref) ?? core.repos.accounts.get(ref);
  if (!found) throw new UserError('not_found', `no account with id or label ${JSON.stringify(ref)}`);
  if (found.provider !== provider)
    throw new UserError('validation', `account ${found.label} is a ${found.provider} account, not ${provider}`);
  return found;
}

function toRecord(p: ParsedPrice, accountPk: number | null, now: number): Omit<PriceOverrideRecord, 'id'> {
  return {
    provider: p.provider,
    accountPk,
    model: p.model,
    params: JSON.stringify(p.params),
    rule: JSON.stringify(p.rule),
    unit: p.unit,
    note: p.note,
    updatedAt: now,
  };
}

/** A stored override, checked again on the way out; null when the row no longer reads. */
export function readOverride(record: PriceOverrideRecord): Omit<PublicPrice, 'account' | 'updatedAt'> | null {
  try {
    const rule = variantRuleSchema.parse(JSON.parse(record.rule)) as VariantRule;
    const params = paramsSchema.parse(JSON.parse(record.params));
    const unit = z.enum(UNITS).parse(record.unit);
    return { id: record.id, provider: record.provider, model: record.model, params, rule, unit, note: record.note };
  } catch {
    return null;
  }
}

function publicPrice(core: Core, record: PriceOverrideRecord): PublicPrice {
  const read = readOverride(record);
  if (!read) throw new UserError('validation', `stored price ${record.id} cannot be read`);
  const account = record.accountPk === null ? null : core.repos.accounts.getByPk(record.accountPk);
  return { ...read, account: account?.id ?? null, updatedAt: new Date(record.updatedAt).toISOString() };
}

/** Overrides as priced variants for one account (its provider's, then its own). */
export function overrideVariants(core: Core, account: StoredAccount): PricedVariant[] {
  return core.repos.prices.forAccount(account.provider, account.pk).flatMap((record) => {
    const read = readOverride(record);
    if (!read) return [];
    return [
      {
        provider: record.provider,
        model: read.model,
        params: read.params,
        rule: read.rule,
        unit: read.unit,
        origin: 'override' as const,
        source: record.accountPk === null ? 'your price' : `your price for ${account.label}`,
        date: new Date(record.updatedAt).toISOString().slice(0, 10),
        note: read.note,
        multipliers: [],
        accountId: record.accountPk === null ? null : account.id,
        priceId: record.id,
      },
    ];
  });
}
