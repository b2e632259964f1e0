import { z } from 'zod';
import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import { providerCall } from './ask.ts';
import { quotaPerUnitFor } from '../site-settings.ts';
import { staticPriceCatalog } from './catalogs/index.ts';
import type { Exact } from './exact.ts';
import type { PriceError } from './exact.ts';
import { isPositive, parseExact, toDecimal } from './exact.ts';
import { fetchNewapiGroup, fetchNewapiPricing, newapiEntries } from './newapi-pricing.ts';
import type { NewapiPricing } from './newapi-pricing.ts';
import { overrideVariants } from './overrides.ts';
import type { PriceCacheKind } from '../store/prices-repo.ts';
import { expandEntry, normalizeParams, paramsKey } from './rules.ts';
import type { PricedVariant } from './types.ts';

/**
 * Every price that applies to one account, in one list of priced variants: the provider's
 * static catalog, then what the provider publishes live (a new-api site's /api/pricing),
 * then CheapAI price-check answers, then the person's own prices — each layer replacing
 * the variants it names. Plus the account-wide multipliers (a new-api group ratio).
 */

/** A live list older than this is read again when the network may be used. */
export const LIVE_MAX_AGE_MS = 24 * 3600_000;

export interface AccountMultiplier {
  name: 'group ratio' | 'discount';
  factor: Exact;
  /** Where it comes from, for people: "group vip from /api/user/self", "your setting". */
  source: string;
}

export interface LiveListState {
  /** live: read just now; cached: an earlier read (kept with its date); none: never read. */
  state: 'live' | 'cached' | 'none';
  fetchedAt: string | null;
  /** Why the live read did not happen or failed; null when it worked. */
  reason: string | null;
}

export interface AccountPricing {
  account: StoredAccount;
  /** Quota per US dollar on the account's site (new-api), for counting list prices in quota. */
  quotaPerUnit: string | undefined;
  variants: PricedVariant[];
  multipliers: AccountMultiplier[];
  /** The static catalog's note, the live list's state, in words. */
  notes: string[];
  live: LiveListState | null;
}

export type NetworkUse = 'auto' | 'never' | 'always';

/** Per-account pricing settings (new-api): stored in the settings table. */
const accountSettingsSchema = z.object({
  groupRatio: z.string().optional(),
  discount: z.string().optional(),
});
export type AccountPricingSettings = z.infer<typeof accountSettingsSchema>;

const settingsKey = (accountId: string) => `pricing.account.${accountId}`;

export function readAccountPricingSettings(core: Core, accountId: string): AccountPricingSettings {
  return core.repos.settings.get(settingsKey(accountId), accountSettingsSchema, {});
}

/**
 * Set (or, with an empty value, clear) an account's group ratio or discount: factors the
 * provider's list prices are multiplied by. Must be a positive number.
 */
export function setAccountPricingSettings(
  core: Core,
  account: StoredAccount,
  patch: { groupRatio?: string | null; discount?: string | null },
): AccountPricingSettings {
  const current = { ...readAccountPricingSettings(core, account.id) };
  for (const name of ['groupRatio', 'discount'] as const) {
    const value = patch[name];
    if (value === undefined) continue;
    if (value === null || value.trim() === '') {
      delete current[name];
      continue;
    }
    let factor: Exact;
    try {
      factor = parseExact(value);
    } catch (error) {
      throw new UserError('validation', `${name} must be a number such as 1.5 (${(error as PriceError).message})`);
    }
    if (!isPositive(factor) || factor.n > factor.d * 1000n)
      throw new UserError('validation', `${name} must be more than 0 and at most 1000`);
    current[name] = toDecimal(factor, 12);
  }
  if (Object.keys(current).length === 0) core.repos.settings.delete(settingsKey(account.id));
  else core.repos.settings.set(settingsKey(account.id), current);
  return current;
}

/* ------------------------------------------------------------------ caches */

const newapiPricingSchema = z.object({
  models: z.array(
    z.object({
      model: z.string(),
      quotaType: z.union([z.literal(0), z.literal(1)]),
      ratio: z.string().nullable(),
      completionRatio: z.string().nullable(),
      price: z.string().nullable(),
    }),
  ),
  groupRatio: z.record(z.string(), z.string()),
  skipped: z.array(z.string()),
});
const groupSchema = z.object({ group: z.string().nullable() });

export const priceCheckSchema = z.array(
  z.object({ model: z.string(), params: z.record(z.string(), z.string()), cost: z.string(), at: z.number() }),
);
export type PriceCheckRecord = z.infer<typeof priceCheckSchema>[number];
const MAX_PRICE_CHECKS = 200;

/** Parsed cache rows by database and row, reused while the stored text is the same. */
const parsedRows = new WeakMap<Core['repos'], Map<string, { body: string; value: unknown }>>();

function cached<T>(
  core: Core,
  account: StoredAccount,
  kind: PriceCacheKind,
  schema: z.ZodType<T>,
): { value: T; fetchedAt: number } | null {
  const row = core.repos.prices.cacheGet(account.pk, kind);
  if (!row) return null;
  let memo = parsedRows.get(core.repos);
  if (!memo) parsedRows.set(core.repos, (memo = new Map()));
  const id = `${account.pk}|${kind}`;
  const hit = memo.get(id);
  // A gateway's list is thousands of models, read on every overview refresh: parse it once.
  if (hit && hit.body === row.body) return { value: hit.value as T, fetchedAt: row.fetchedAt };
  try {
    const parsed = schema.safeParse(JSON.parse(row.body));
    if (!parsed.success) return null;
    memo.set(id, { body: row.body, value: parsed.data });
    return { value: parsed.data, fetchedAt: row.fetchedAt };
  } catch {
    return null;
  }
}

/** Remember what CheapAI's price check said one generation of a variant costs. */
export function rememberPriceCheck(core: Core, account: StoredAccount, record: PriceCheckRecord): void {
  const list = cached(core, account, 'price_checks', priceCheckSchema)?.value ?? [];
  const key = `${record.model}|${paramsKey(record.params)}`;
  const kept = list.filter((r) => `${r.model}|${paramsKey(r.params)}` !== key);
  kept.push({ ...record, params: normalizeParams(record.params) });
  core.repos.prices.cachePut(account.pk, 'price_checks', record.at, JSON.stringify(kept.slice(-MAX_PRICE_CHECKS)));
}

/* ------------------------------------------------------------------ assembly */

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * An account's prices. With `network: 'auto'` a live list older than a day is read again
 * (a failure keeps the cached copy and says why); `never` uses only what is stored, for
 * figures computed on every refresh of the window (overview, tray); `always` reads now.
 */
export async function accountPricing(
  core: Core,
  account: StoredAccount,
  network: NetworkUse = 'auto',
): Promise<AccountPricing> {
  let live: LiveListState | null = null;
  if (account.provider === 'newapi' && network !== 'never') {
    live = await refreshNewapi(core, account, network);
  }
  return assemble(core, account, live);
}

/** The same from stored data only: no network, no waiting. */
export function accountPricingOffline(core: Core, account: StoredAccount): AccountPricing {
  return assemble(core, account, null);
}

async function refreshNewapi(core: Core, account: StoredAccount, network: NetworkUse): Promise<LiveListState> {
  const prior = cached(core, account, 'newapi_pricing', newapiPricingSchema);
  if (network === 'auto' && prior && core.now() - prior.fetchedAt < LIVE_MAX_AGE_MS)
    return { state: 'cached', fetchedAt: new Date(prior.fetchedAt).toISOString(), reason: null };
  const useToken = account.options.auth === 'access_token';
  let call;
  try {
    call = await providerCall(core, account, { withKey: useToken, bigReplies: true });
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return fallbackState(prior, error.message);
  }
  if (!call.baseUrl) return fallbackState(prior, 'the account has no base URL');
  const answer = await fetchNewapiPricing(call);
  if (!answer.ok) return fallbackState(prior, `the site's /api/pricing could not be read (${answer.message})`);
  const at = core.now();
  core.repos.prices.cachePut(account.pk, 'newapi_pricing', at, JSON.stringify(answer.value));
  if (useToken && call.key) {
    const group = await fetchNewapiGroup(call);
    if (group.ok) core.repos.prices.cachePut(account.pk, 'newapi_group', at, JSON.stringify({ group: group.value }));
  }
  return { state: 'live', fetchedAt: new Date(at).toISOString(), reason: null };
}

function fallbackState(prior: { fetchedAt: number } | null, reason: string): LiveListState {
  return {
    state: prior ? 'cached' : 'none',
    fetchedAt: prior ? new Date(prior.fetchedAt).toISOString() : null,
    reason,
  };
}

function assemble(core: Core, account: StoredAccount, live: LiveListState | null): AccountPricing {
  const catalog = staticPriceCatalog(account.provider);
  const notes: string[] = [];
  let variants = staticVariants(account.provider);
  const multipliers: AccountMultiplier[] = [];
  const settings = readAccountPricingSettings(core, account.id);
  const quotaPerUnit = quotaPerUnitFor(core, account);

  if (account.provider === 'newapi') {
    const list = cached(core, account, 'newapi_pricing', newapiPricingSchema);
    const state: LiveListState =
      live ??
      (list
        ? { state: 'cached', fetchedAt: new Date(list.fetchedAt).toISOString(), reason: null }
        : { state: 'none', fetchedAt: null, reason: 'the price list has not been read yet' });
    live = state;
    if (list) {
      const source = `${account.baseUrl ?? 'the site'}/api/pricing`;
      variants = layer(
        variants,
        liveVariants(list.value as NewapiPricing, source, day(list.fetchedAt), quotaPerUnit ?? '500000'),
      );
      if (list.value.skipped.length) notes.push(`left out of the site's list: ${list.value.skipped.join(', ')}`);
    }
    if (state.reason) notes.push(state.reason);
    const group = groupMultiplier(core, account, settings, list?.value.groupRatio ?? null);
    if (group) multipliers.push(group);
  } else if (catalog.note) {
    notes.push(catalog.note);
  }

  if (settings.discount)
    multipliers.push({ name: 'discount', factor: parseExact(settings.discount), source: 'your setting' });

  const checks = cached(core, account, 'price_checks', priceCheckSchema)?.value ?? [];
  variants = layer(
    variants,
    checks.map((c) => ({
      provider: account.provider,
      model: c.model,
      params: c.params,
      rule: { kind: 'flat', cost: c.cost },
      unit: 'credits',
      origin: 'price_check',
      source: 'CheapAI price check',
      date: day(c.at),
      note: null,
      multipliers: [],
      accountId: account.id,
    })),
  );
  variants = layer(variants, overrideVariants(core, account));
  if (variants.length === 0 && notes.length === 0)
    notes.push('no price list is known for this provider: add the prices you pay as prices of your own');
  return { account, quotaPerUnit, variants, multipliers, notes, live };
}

const staticByProvider = new Map<string, readonly PricedVariant[]>();

/** A provider's static catalog as variants (computed once; variants are never mutated). */
function staticVariants(provider: string): PricedVariant[] {
  let v = staticByProvider.get(provider);
  if (!v) {
    v = staticPriceCatalog(provider).entries.flatMap((e) => expandEntry(provider, e, 'catalog'));
    staticByProvider.set(provider, v);
  }
  return [...v];
}

const liveByList = new WeakMap<NewapiPricing, { key: string; variants: readonly PricedVariant[] }>();

/** A site's list as variants, once per parsed list. */
function liveVariants(list: NewapiPricing, source: string, date: string, quotaPerUnit: string): PricedVariant[] {
  const key = `${source}|${date}|${quotaPerUnit}`;
  const hit = liveByList.get(list);
  if (hit && hit.key === key) return [...hit.variants];
  const variants = newapiEntries(list, source, date, quotaPerUnit).flatMap((e) => expandEntry('newapi', e, 'live'));
  liveByList.set(list, { key, variants });
  return [...variants];
}

function groupMultiplier(
  core: Core,
  account: StoredAccount,
  settings: AccountPricingSettings,
  groupRatio: Record<string, string> | null,
): AccountMultiplier | null {
  if (settings.groupRatio)
    return { name: 'group ratio', factor: parseExact(settings.groupRatio), source: 'your setting' };
  const group = cached(core, account, 'newapi_group', groupSchema)?.value.group ?? null;
  if (group !== null && groupRatio && groupRatio[group] !== undefined)
    return { name: 'group ratio', factor: parseExact(groupRatio[group]), source: `group ${group} (/api/user/self)` };
  if (groupRatio && groupRatio.default !== undefined)
    return {
      name: 'group ratio',
      factor: parseExact(groupRatio.default),
      source:
        group !== null
          ? `the default group's (group ${group} is not in the site's list)`
          : 'the default group, assumed (set your group ratio with `prices set --group-ratio`)',
    };
  return null;
}

/**
 * Put a layer of variants over another: a variant with parameters replaces the one with
 * the same model and parameters; a variant with none replaces every variant of its model.
 */
export function layer(under: readonly PricedVariant[], over: readonly PricedVariant[]): PricedVariant[] {
  if (over.length === 0) return [...under];
  const key = (v: PricedVariant) => `${v.model}|${paramsKey(v.params)}`;
  // Within one layer, the last price of a variant wins (an account's own over the provider's).
  const deduped = new Map<string, PricedVariant>();
  for (const v of over) deduped.set(key(v), v);
  const byModel = new Map<string, PricedVariant[]>();
  for (const v of deduped.values()) byModel.set(v.model, [...(byModel.get(v.model) ?? []), v]);
  const whole = new Set([...deduped.values()].filter((v) => Object.keys(v.params).length === 0).map((v) => v.model));
  const kept = new Set(under.filter((v) => !whole.has(v.model) && !deduped.has(key(v))));
  // A model's new prices go where its old ones were (after its last remaining one), so a
  // list keeps the provider's order; prices of models new to the list come last.
  const lastIndex = new Map<string, number>();
  under.forEach((v, i) => lastIndex.set(v.model, i));
  const out: PricedVariant[] = [];
  const placed = new Set<string>();
  under.forEach((v, i) => {
    if (kept.has(v)) out.push(v);
    if (lastIndex.get(v.model) === i && byModel.has(v.model)) {
      out.push(...byModel.get(v.model)!);
      placed.add(v.model);
    }
  });
  for (const [model, vs] of byModel) if (!placed.has(model)) out.push(...vs);
  return out;
}
