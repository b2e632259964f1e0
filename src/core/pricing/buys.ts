import { buysLineText } from '../../shared/buys-text.ts';
import type { Unit } from '../../shared/units.ts';
import type { AccountStatus } from '../../shared/status.ts';
import type { BuysAccount, BuysModel } from '../../shared/pricing.ts';
import type { Core } from '../core.ts';
import { computeStatus } from '../analytics/status.ts';
import { readMoneySettings } from '../analytics/settings.ts';
import { resolveAccount } from '../analytics/context.ts';
import type { StoredAccount } from '../store/accounts-repo.ts';
import type { AccountPricing, NetworkUse } from './catalog.ts';
import { accountPricing, accountPricingOffline } from './catalog.ts';
import { conversion } from './convert.ts';
import type { Rates } from './convert.ts';
import type { Exact } from './exact.ts';
import { div, exact, isPositive, mul, parseExact, product, toDecimal, toNumber, wholeTimes } from './exact.ts';
import { unitCosts } from './rules.ts';

export type { BuysAccount, BuysModel } from '../../shared/pricing.ts';

/**
 * What a balance buys: for each priced variant of the account's models, what one unit of
 * work costs in the balance's own unit (list price × the account's multipliers, converted
 * at a fixed rate where the units differ) and how many whole units the balance pays for —
 * and how many a day of burn is. The balance and the burn are the status's figures (one
 * truth per figure); only the division happens here.
 */

export interface BuysOptions {
  /** Account ids or labels; default every account in use. */
  accounts?: readonly string[];
  /** Only these models (every variant of each); default the whole catalog. */
  models?: readonly string[];
  network?: NetworkUse;
}

export async function computeBuys(core: Core, options: BuysOptions = {}): Promise<BuysAccount[]> {
  const accounts = options.accounts
    ? options.accounts.map((ref) => resolveAccount(core, ref))
    : core.repos.accounts.list();
  const status = computeStatus(core, { accountIds: accounts.map((a) => a.id) });
  const out: BuysAccount[] = [];
  for (const account of accounts) {
    const pricing = await accountPricing(core, account, options.network ?? 'auto');
    const s = status.accounts.find((x) => x.id === account.id) ?? null;
    out.push(buysOf(readMoneySettings(core.repos.settings), account, pricing, s, options.models ?? null));
  }
  return out;
}

function buysOf(
  settings: Rates,
  account: StoredAccount,
  pricing: AccountPricing,
  status: AccountStatus | null,
  models: readonly string[] | null,
): BuysAccount {
  const balance = status?.balance ?? null;
  const unit: Unit | null = balance?.unit ?? null;
  const balanceExact = balance ? parseExact(balance.amount) : null;
  const perDay = status?.burn.perDay ?? null;
  const burn = perDay !== null && status?.burn.unit === unit ? parseExact(perDay) : null;
  const factor = product(pricing.multipliers.map((m) => m.factor));
  const rows: BuysModel[] = [];
  const wanted = models ? new Set(models) : null;
  for (const v of pricing.variants) {
    if (wanted && !wanted.has(v.model)) continue;
    for (const u of unitCosts(v)) {
      const target = unit ?? v.unit;
      const rate = conversion(v.unit, target, { ...settings, quotaPerUnit: pricing.quotaPerUnit });
      const listPrice = { amount: toDecimal(u.cost, 18), unit: v.unit };
      const base = {
        model: v.model,
        params: u.params,
        per: u.per,
        origin: v.origin,
        source: v.source,
        date: v.date,
        note: v.note,
        listPrice,
        priceId: v.priceId ?? null,
      };
      if (rate === null) {
        rows.push({
          ...base,
          shown: null,
          costEach: listPrice.amount,
          unit: v.unit,
          count: null,
          perDay: null,
          reason: `priced in ${v.unit}, the balance is in ${target}: no fixed rate between them`,
        });
        continue;
      }
      const each = mul(mul(u.cost, rate), factor);
      const token = u.per === 'input token' || u.per === 'output token';
      rows.push({
        ...base,
        shown: token
          ? { amount: toDecimal(mul(each, exact(1_000_000n)), 12), unit: target, per: `1M ${u.per}s` }
          : { amount: toDecimal(each, 12), unit: target, per: u.per },
        costEach: toDecimal(each, 18),
        unit: target,
        count: balanceExact === null ? null : countOf(balanceExact, each),
        perDay: burn === null || !isPositive(each) ? null : Math.round(toNumber(div(burn, each)) * 100) / 100,
        reason: balanceExact === null ? 'no balance reading yet' : !isPositive(each) ? 'free: nothing to count' : null,
      });
    }
  }
  if (wanted) {
    for (const model of wanted) {
      if (rows.some((r) => r.model === model)) continue;
      rows.push({
        model,
        params: {},
        per: 'call',
        origin: null,
        source: null,
        date: null,
        note: null,
        listPrice: null,
        priceId: null,
        shown: null,
        costEach: null,
        unit,
        count: null,
        perDay: null,
        reason: `no price is known for ${model} at ${pricing.account.label}: add the price you pay`,
      });
    }
  }
  return {
    account: account.id,
    label: account.label,
    provider: account.provider,
    balance: balance?.amount ?? null,
    unit,
    burnPerDay: burn === null ? null : perDay,
    multipliers: pricing.multipliers.map((m) => ({ name: m.name, factor: toDecimal(m.factor, 12), source: m.source })),
    notes: pricing.notes,
    priceList: pricing.live,
    models: rows,
  };
}

/** Whole units a balance pays for; 0 for an empty or negative balance. */
function countOf(balance: Exact, each: Exact): number | null {
  if (!isPositive(each)) return null;
  const n = wholeTimes(balance, each);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

/** The one line a card or the tray shows: the first priced model the balance buys any of. */
export function headline(buys: BuysAccount): BuysModel | null {
  return buys.models.find((m) => m.count !== null && m.count > 0) ?? null;
}

/**
 * The headline of an account from stored data only, computing just its first priced
 * model (a gateway lists hundreds): for the overview card and the tray, drawn often.
 */
export function buysHeadline(core: Core, account: StoredAccount, status: AccountStatus | null): BuysModel | null {
  // An empty wallet buys nothing: "≈ 0 calls" would say less than its balance does.
  if (!status?.balance || Number(status.balance.amount) <= 0) return null;
  const pricing = accountPricingOffline(core, account);
  const settings = readMoneySettings(core.repos.settings);
  for (const v of pricing.variants) {
    const row = headline(buysOf(settings, account, { ...pricing, variants: [v] }, status, null));
    if (row) return row;
  }
  return null;
}

/**
 * The headline in words in the locale's language, for the tray; null when there is none (or
 * the figures cannot be read).
 */
export function buysLine(
  core: Core,
  account: StoredAccount | undefined,
  status: AccountStatus | null,
  locale?: string,
): string | null {
  if (!account) return null;
  try {
    const m = buysHeadline(core, account, status);
    return m ? buysLineText(headlineText(m), m, locale) : null;
  } catch {
    // A price that no longer reads must not stop the tray from drawing.
    return null;
  }
}

/** "≈ 162 gpt-image-2 calls", "≈ 1.3M gpt-4o-mini input tokens": the headline in a few words. */
export function headlineText(m: BuysModel): string {
  const n = m.count ?? 0;
  const count =
    n >= 1_000_000_000
      ? `${trim(n / 1e9)}B`
      : n >= 1_000_000
        ? `${trim(n / 1e6)}M`
        : n >= 10_000
          ? `${trim(n / 1e3)}K`
          : n.toLocaleString('en-US');
  const variant = Object.entries(m.params)
    .filter(([k]) => k !== 'tokens')
    .map(([, v]) => v)
    .join(' ');
  const model = m.model.length > 28 ? `${m.model.slice(0, 27)}…` : m.model;
  return `≈ ${count} ${model}${variant ? ` ${variant}` : ''} ${m.per}${n === 1 ? '' : 's'}`;
}

const trim = (x: number) => (x >= 100 ? Math.floor(x).toString() : (Math.floor(x * 10) / 10).toString());
