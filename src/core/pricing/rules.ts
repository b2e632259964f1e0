import type { Unit } from '../../shared/units.ts';
import type { Exact } from './exact.ts';
import { PriceError, add, div, exact, isPositive, mul, parseExact, product } from './exact.ts';
import type { CatalogEntry, FieldMultiplier, PriceOrigin, PricedVariant, VariantRule } from './types.ts';
import { PER_CALL_KINDS } from './types.ts';

/**
 * The arithmetic of the rules in types.ts: expanding an entry into its priced variants,
 * choosing the variant a request names, and what one job of it costs. All exact.
 */

/** Parameters that measure a job rather than choose its price: tokens, seconds, pixels, images. */
export const MEASURE_PARAMS = ['input', 'output', 'seconds', 'megapixels', 'width', 'height', 'images', 'n'] as const;
const MEASURES: ReadonlySet<string> = new Set(MEASURE_PARAMS);

/**
 * One spelling per value, so "2k", "2K" and "10s", "10" name the same variant: resolutions
 * upper-case their K and lower-case their p, durations drop a trailing "s".
 */
export function normalizeParam(name: string, value: string): string {
  const v = value.trim();
  if (name === 'resolution') return /^\d+k$/i.test(v) ? v.toUpperCase() : /^\d+p$/i.test(v) ? v.toLowerCase() : v;
  if (name === 'duration' || name === 'durationTier') return v.replace(/\s*s(ec(onds?)?)?$/i, '');
  return v;
}

export function normalizeParams(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(params).sort()) out[key] = normalizeParam(key, params[key]!);
  return out;
}

/** A stable key for a set of parameters (sorted, normalised): `{}` for none. */
export function paramsKey(params: Record<string, string>): string {
  return JSON.stringify(normalizeParams(params));
}

/** Every priced variant of a catalog entry, in the table's order. */
export function expandEntry(provider: string, entry: CatalogEntry, origin: PriceOrigin): PricedVariant[] {
  const base = {
    provider,
    model: entry.model,
    unit: entry.unit,
    origin,
    source: entry.source,
    date: entry.date,
    note: entry.note ?? null,
    multipliers: entry.multipliers ?? [],
    accountId: null,
  };
  const fixed = entry.params ?? {};
  const variant = (params: Record<string, string>, rule: VariantRule): PricedVariant => ({
    ...base,
    params: normalizeParams({ ...fixed, ...params }),
    rule,
  });
  const rule = entry.rule;
  switch (rule.kind) {
    case 'by_resolution':
      return Object.entries(rule.costs).map(([resolution, cost]) => variant({ resolution }, { kind: 'flat', cost }));
    case 'by_duration':
      return Object.entries(rule.costs).map(([duration, cost]) => variant({ duration }, { kind: 'flat', cost }));
    case 'by_duration_resolution':
      return Object.entries(rule.costs).flatMap(([resolution, byDuration]) =>
        Object.entries(byDuration).map(([duration, cost]) =>
          variant({ resolution, [rule.durationParam]: duration }, { kind: 'flat', cost }),
        ),
      );
    default:
      return [variant({}, rule)];
  }
}

/** What a job of a variant is counted in, for people: "call", "input token", "second"… */
export type Per = 'call' | 'generation' | 'request' | 'input token' | 'output token' | 'second' | 'megapixel' | 'image';

export interface UnitCost {
  /** The variant's parameters, plus `tokens: input|output` for a token-priced model. */
  params: Record<string, string>;
  per: Per;
  /** In the variant's unit, before any account multiplier. */
  cost: Exact;
}

/**
 * The price of one unit of work of a variant: one call, one token, one second… A
 * token-priced model gives two (input and output tokens are counted separately).
 */
export function unitCosts(v: PricedVariant): UnitCost[] {
  const r = v.rule;
  switch (r.kind) {
    case 'flat':
      return [{ params: v.params, per: 'call', cost: parseExact(r.cost) }];
    case 'per_generation':
      return [{ params: v.params, per: 'generation', cost: parseExact(r.cost) }];
    case 'per_request':
      return [{ params: v.params, per: 'request', cost: parseExact(r.cost) }];
    case 'per_token': {
      const per = exact(BigInt(r.perTokens));
      return [
        { params: { ...v.params, tokens: 'input' }, per: 'input token', cost: div(parseExact(r.input), per) },
        { params: { ...v.params, tokens: 'output' }, per: 'output token', cost: div(parseExact(r.output), per) },
      ];
    }
    case 'per_second':
      return [{ params: v.params, per: 'second', cost: parseExact(r.cost) }];
    case 'per_megapixel':
      return [{ params: v.params, per: 'megapixel', cost: parseExact(r.cost) }];
    case 'per_image':
      return [{ params: v.params, per: 'image', cost: parseExact(r.cost) }];
  }
}

export class VariantChoiceError extends PriceError {
  override name = 'VariantChoiceError';
}

/**
 * The variant a request's parameters name. Each variant's own parameters must all be given
 * with its values; the most specific match wins. Measures and other parameters pass through
 * (they are the provider's business). Throws VariantChoiceError saying what to give.
 */
export function chooseVariant(
  variants: readonly PricedVariant[],
  model: string,
  params: Record<string, string>,
): PricedVariant {
  const ofModel = variants.filter((v) => v.model === model);
  if (ofModel.length === 0) throw new VariantChoiceError(`no price is known for model ${JSON.stringify(model)}`);
  const given = normalizeParams(params);
  const matching = ofModel.filter((v) => Object.entries(v.params).every(([k, value]) => given[k] === value));
  if (matching.length > 0) {
    const best = Math.max(...matching.map((v) => Object.keys(v.params).length));
    return matching.filter((v) => Object.keys(v.params).length === best).at(-1)!;
  }
  const keys = [...new Set(ofModel.flatMap((v) => Object.keys(v.params)))];
  const missing = keys.filter((k) => given[k] === undefined);
  const choices = (k: string) => [...new Set(ofModel.map((v) => v.params[k]).filter(Boolean))].join(', ');
  if (missing.length > 0)
    throw new VariantChoiceError(
      `${model} is priced by ${keys.join(' and ')}: give ${missing.map((k) => `--param ${k}=<${choices(k)}>`).join(' ')}`,
    );
  throw new VariantChoiceError(
    `no price for ${model} at ${keys.map((k) => `${k}=${given[k]}`).join(', ')} (priced: ${ofModel
      .map((v) => Object.values(v.params).join(' '))
      .join('; ')})`,
  );
}

/** The field multipliers a request's parameters switch on. */
export function activeMultipliers(v: PricedVariant, params: Record<string, string>): FieldMultiplier[] {
  return v.multipliers.filter((m) => (params[m.param] ?? '').toLowerCase() === m.value.toLowerCase());
}

export interface JobCost {
  /** One job, in the variant's unit, with field multipliers, before account multipliers. */
  cost: Exact;
  /** How the job was measured, for people: "3 calls" is not said; "1,500 input + 300 output tokens" is. */
  measure: string | null;
}

/**
 * What one job costs: a call of a per-call variant, or the tokens, seconds, megapixels or
 * images its parameters measure. A measure the rule needs and the parameters lack is a
 * PriceError naming the parameter.
 */
export function jobCost(v: PricedVariant, params: Record<string, string>): JobCost {
  const r = v.rule;
  const factors = activeMultipliers(v, params).map((m) => parseExact(m.factor));
  const num = (name: string): Exact | null => {
    const raw = params[name];
    if (raw === undefined) return null;
    const value = parseMeasure(name, raw);
    return value;
  };
  let base: Exact;
  let measure: string | null = null;
  if ((PER_CALL_KINDS as readonly string[]).includes(r.kind)) {
    base = parseExact((r as { cost: string }).cost);
  } else if (r.kind === 'per_token') {
    const input = num('input');
    const output = num('output');
    if (input === null && output === null)
      throw new PriceError(`${v.model} is priced per token: give --param input=<tokens> and/or output=<tokens>`);
    const per = exact(BigInt(r.perTokens));
    base = add(
      mul(div(input ?? exact(0n), per), parseExact(r.input)),
      mul(div(output ?? exact(0n), per), parseExact(r.output)),
    );
    measure = `${params.input ?? '0'} input + ${params.output ?? '0'} output tokens`;
  } else if (r.kind === 'per_second') {
    const seconds = num('seconds') ?? num('duration');
    if (seconds === null) throw new PriceError(`${v.model} is priced per second: give --param seconds=<n>`);
    base = mul(seconds, parseExact(r.cost));
    measure = `${params.seconds ?? params.duration} s`;
  } else if (r.kind === 'per_megapixel') {
    let mp = num('megapixels');
    if (mp === null) {
      const w = num('width');
      const h = num('height');
      if (w === null || h === null)
        throw new PriceError(
          `${v.model} is priced per megapixel: give --param width=<px> --param height=<px> (or megapixels=<n>)`,
        );
      mp = div(mul(w, h), exact(1_000_000n));
    }
    base = mul(mp, parseExact(r.cost));
    measure = params.megapixels !== undefined ? `${params.megapixels} MP` : `${params.width}×${params.height}`;
  } else {
    const images = num('images') ?? num('n') ?? exact(1n);
    base = mul(images, parseExact(r.cost));
    measure = `${params.images ?? params.n ?? '1'} image${(params.images ?? params.n ?? '1') === '1' ? '' : 's'}`;
  }
  return { cost: mul(base, product(factors)), measure };
}

function parseMeasure(name: string, raw: string): Exact {
  let value: Exact;
  try {
    value = parseExact(raw.replace(/_/g, ''));
  } catch {
    throw new PriceError(`--param ${name} must be a number, got ${JSON.stringify(raw.slice(0, 20))}`);
  }
  if (!isPositive(value) && value.n !== 0n) throw new PriceError(`--param ${name} must not be negative`);
  return value;
}

/** Whether a parameter measures the job (tokens, seconds…) rather than choosing a variant. */
export function isMeasure(name: string): boolean {
  return MEASURES.has(name);
}

/** A short description of a variant rule, for lists: "3 credits per call", "$0.525 / $4.2 per 1M tokens". */
export function describeRule(rule: VariantRule, unit: Unit): string {
  const u = unit === 'USD' ? 'USD' : unit;
  switch (rule.kind) {
    case 'flat':
      return `${rule.cost} ${u} per call`;
    case 'per_generation':
      return `${rule.cost} ${u} per successful generation`;
    case 'per_request':
      return `${rule.cost} ${u} per request`;
    case 'per_token':
      return `${rule.input} ${u} input / ${rule.output} ${u} output per ${rule.perTokens === 1_000_000 ? '1M' : rule.perTokens === 1000 ? '1K' : rule.perTokens} tokens`;
    case 'per_second':
      return `${rule.cost} ${u} per second`;
    case 'per_megapixel':
      return `${rule.cost} ${u} per megapixel`;
    case 'per_image':
      return `${rule.cost} ${u} per image`;
  }
}
