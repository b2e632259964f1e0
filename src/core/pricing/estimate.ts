import type { Unit } from '../../shared/units.ts';
import type { EstimateReport } from '../../shared/pricing.ts';
import type { Core } from '../core.ts';
import { UserError } from '../errors.ts';
import { computeStatus } from '../analytics/status.ts';
import { readMoneySettings } from '../analytics/settings.ts';
import { resolveAccount } from '../analytics/context.ts';
import type { Answer } from './ask.ts';
import { providerCall } from './ask.ts';
import type { AccountPricing } from './catalog.ts';
import { accountPricing, rememberPriceCheck } from './catalog.ts';
import { conversion } from './convert.ts';
import type { Exact } from './exact.ts';
import { PriceError, cmp, div, exact, mul, parseExact, product, sub, toDecimal, toNumber } from './exact.ts';
import type { ProviderEstimate } from './provider-estimates.ts';
import { cheapaiPriceCheck, lumenfallDryRun } from './provider-estimates.ts';
import { activeMultipliers, chooseVariant, isMeasure, jobCost, normalizeParams } from './rules.ts';
import type { PricedVariant } from './types.ts';

/**
 * What a job costs — `count` requests of one model with its parameters — and whether the
 * balance and today's cap cover it, and how much runway it uses. Where the provider prices
 * requests itself (CheapAI's price check, Lumenfall's dry run) it is asked first and the
 * answer says so; when it cannot answer, the price list is used and the reason is named.
 */

export interface EstimateInput {
  account: string;
  model: string;
  params?: Record<string, string>;
  count?: number;
}

export const MAX_ESTIMATE_COUNT = 100_000;

type Asker = (
  core: Core,
  pricing: AccountPricing,
  model: string,
  params: Record<string, string>,
  count: number,
) => Promise<{ answer: Answer<ProviderEstimate> | null; skipped: string | null }>;

/** Providers that price a request themselves. */
const ASKERS: Record<string, Asker> = {
  cheapai: async (core, pricing, model, params, count) => {
    if (pricing.account.keyUpdatedAt === null) return { answer: null, skipped: 'the account has no API key' };
    const call = await providerCall(core, pricing.account, { withKey: true });
    return { answer: await cheapaiPriceCheck(call, model, params, count), skipped: null };
  },
  lumenfall: async (core, pricing, model, params, count) => {
    const known = pricing.variants.filter((v) => v.model === model);
    if (known.length > 0 && known.every((v) => v.rule.kind === 'per_token'))
      return { answer: null, skipped: 'its dry run is asked for image models only' };
    if (pricing.account.keyUpdatedAt === null) return { answer: null, skipped: 'the account has no API key' };
    const call = await providerCall(core, pricing.account, { withKey: true });
    return { answer: await lumenfallDryRun(call, model, params, count), skipped: null };
  },
};

const PROVIDER_NAMES: Record<string, string> = { cheapai: 'CheapAI', lumenfall: 'Lumenfall' };

export async function estimate(core: Core, input: EstimateInput): Promise<EstimateReport> {
  const account = resolveAccount(core, input.account);
  const count = input.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_ESTIMATE_COUNT)
    throw new UserError('validation', `the count must be a whole number from 1 to ${MAX_ESTIMATE_COUNT}`);
  const model = input.model.trim();
  if (!model) throw new UserError('validation', 'the model is empty');
  const params = normalizeParams(input.params ?? {});
  const pricing = await accountPricing(core, account, 'auto');
  const settings = readMoneySettings(core.repos.settings);
  const status = computeStatus(core, { accountIds: [account.id] }).accounts[0] ?? null;
  const balanceUnit: Unit | null = status?.balance?.unit ?? null;
  const accountFactor = product(pricing.multipliers.map((m) => m.factor));

  // 1. The provider, where it prices requests itself.
  let fallback: string | null = null;
  const ask = ASKERS[account.provider];
  if (ask) {
    const name = PROVIDER_NAMES[account.provider] ?? account.provider;
    let asked: Awaited<ReturnType<Asker>>;
    try {
      asked = await ask(core, pricing, model, params, count);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      asked = { answer: null, skipped: error.message };
    }
    if (asked.answer?.ok) {
      const value = asked.answer.value;
      if (account.provider === 'cheapai') {
        const kept = Object.fromEntries(Object.entries(params).filter(([k]) => !isMeasure(k)));
        rememberPriceCheck(core, account, {
          model,
          params: kept,
          cost: toDecimal(div(value.total, exact(BigInt(count))), 18),
          at: core.now(),
        });
      }
      return report({
        pricing,
        status,
        settings,
        model,
        params,
        count,
        total: value.total,
        unit: value.unit,
        source: 'provider',
        sourceName: value.by,
        fallback: null,
        measure: null,
        multipliers: [],
        balanceUnit,
      });
    }
    const why = asked.answer && !asked.answer.ok ? asked.answer.message : (asked.skipped ?? 'no answer');
    fallback = `${name} was not asked or could not answer (${why})`;
  }

  // 2. The price list.
  let variant: PricedVariant;
  try {
    variant = chooseVariant(pricing.variants, model, params);
  } catch (error) {
    if (!(error instanceof PriceError)) throw error;
    const why = fallback ? ` (${fallback})` : '';
    if (!pricing.variants.some((v) => v.model === model))
      throw new UserError(
        'not_found',
        `no price is known for ${model} at ${account.label}${why}; add one with \`burnrate prices set --account ${account.label} --model ${model} …\``,
      );
    throw new UserError('validation', `${error.message}${why}`);
  }
  let job;
  try {
    job = jobCost(variant, params);
  } catch (error) {
    if (error instanceof PriceError) throw new UserError('validation', error.message);
    throw error;
  }
  const fieldFactors = activeMultipliers(variant, params).map((m) => ({
    name: `${m.param}=${m.value}`,
    factor: m.factor,
    source: m.note,
  }));
  return report({
    pricing,
    status,
    settings,
    model,
    params,
    count,
    total: mul(mul(job.cost, exact(BigInt(count))), accountFactor),
    unit: variant.unit,
    source: variant.origin,
    sourceName: `${variant.source} (${variant.date})`,
    fallback: fallback ? `${fallback}; estimated from the price list` : null,
    measure: job.measure,
    multipliers: [
      ...fieldFactors,
      ...pricing.multipliers.map((m) => ({ name: m.name, factor: toDecimal(m.factor, 12), source: m.source })),
    ],
    balanceUnit,
  });
}

interface ReportInput {
  pricing: AccountPricing;
  status: ReturnType<typeof computeStatus>['accounts'][number] | null;
  settings: ReturnType<typeof readMoneySettings>;
  model: string;
  params: Record<string, string>;
  count: number;
  /** In `unit`, account multipliers applied (a provider's own answer needs none). */
  total: Exact;
  unit: Unit;
  source: EstimateReport['source'];
  sourceName: string;
  fallback: string | null;
  measure: string | null;
  multipliers: EstimateReport['multipliers'];
  balanceUnit: Unit | null;
}

function report(r: ReportInput): EstimateReport {
  const { status } = r;
  // Said in the balance's unit wherever a fixed rate allows (quota for a new-api site).
  const rates = { ...r.settings, quotaPerUnit: r.pricing.quotaPerUnit };
  const rate = r.balanceUnit ? conversion(r.unit, r.balanceUnit, rates) : null;
  const unit = rate && r.balanceUnit ? r.balanceUnit : r.unit;
  const total = rate ? mul(r.total, rate) : r.total;
  const each = div(total, exact(BigInt(r.count)));
  const amount = (x: Exact) => ({ amount: toDecimal(x, 12), unit });

  const balance = status?.balance && status.balance.unit === unit ? parseExact(status.balance.amount) : null;
  const after = balance === null ? null : sub(balance, total);

  let cap: EstimateReport['cap'] = null;
  if (status?.cap) {
    const capRate = conversion(unit, status.cap.unit, rates);
    const remaining = status.cap.remaining;
    cap = {
      remaining,
      unit: status.cap.unit,
      covered: capRate && remaining !== null ? cmp(mul(total, capRate), parseExact(remaining)) <= 0 : null,
      reason:
        remaining === null
          ? 'the cap has no known remaining amount'
          : capRate === null
            ? `the cap is in ${status.cap.unit}, the job in ${unit}: no fixed rate between them`
            : null,
    };
  }

  const perDay = status?.burn.perDay ?? null;
  const burn = perDay !== null && status?.burn.unit === unit ? parseExact(perDay) : null;
  const usedDays = burn && burn.n > 0n ? Math.round(toNumber(div(total, burn)) * 100) / 100 : null;
  const daysBefore = status?.runway.days ?? null;
  const runway = {
    usedDays,
    daysBefore,
    daysAfter:
      usedDays !== null && daysBefore !== null ? Math.max(0, Math.round((daysBefore - usedDays) * 100) / 100) : null,
    reason:
      usedDays !== null
        ? null
        : perDay === null
          ? (status?.burn.reason ?? 'no burn rate yet')
          : `the burn is in ${status?.burn.unit ?? 'another unit'}, the job in ${unit}`,
  };
  return {
    account: r.pricing.account.id,
    label: r.pricing.account.label,
    provider: r.pricing.account.provider,
    model: r.model,
    params: r.params,
    count: r.count,
    cost: amount(total),
    costEach: amount(each),
    source: r.source,
    sourceName: r.sourceName,
    fallback: r.fallback,
    measure: r.measure,
    multipliers: r.multipliers,
    balance: balance === null ? null : { amount: status!.balance!.amount, unit },
    balanceAfter: after === null ? null : amount(after),
    coveredByBalance: after === null ? null : after.n >= 0n,
    cap,
    runway,
  };
}
