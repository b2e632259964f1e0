import { z } from 'zod';
import { amountLike, decimalLike } from '../providers/respond.ts';
import type { Answer, ProviderCall } from './ask.ts';
import { askJson } from './ask.ts';
import type { Exact } from './exact.ts';
import { PriceError, exact, parseExact } from './exact.ts';
import { isMeasure } from './rules.ts';

/**
 * Providers that price a request themselves before it runs. Both answers are estimates in
 * the providers' own words, and both are what the provider will charge more closely than
 * any table.
 */

export interface ProviderEstimate {
  /** The whole request (all `count` generations), in `unit`. */
  total: Exact;
  unit: 'credits' | 'USD';
  /** What the provider was asked, for people: "CheapAI price check". */
  by: string;
}

/* ------------------------------------------------------------------ CheapAI */

/**
 * CheapAI's image price check (seed 000; cheapaiapi.com/docs/image-generation):
 * POST /v1i/task/price {"model_id","generations_count","model_parameters":{…},"assets":n}
 * → {"success":true,"credits":1188}, the credits for the whole request.
 * `model_parameters` carries the request's parameters (aspect_ratio, resolution…); `assets`
 * is how many reference images are uploaded.
 */
const priceReply = z.object({ success: z.literal(true).optional(), credits: decimalLike });

export async function cheapaiPriceCheck(
  call: ProviderCall,
  model: string,
  params: Record<string, string>,
  count: number,
): Promise<Answer<ProviderEstimate>> {
  const modelParameters: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (k !== 'assets' && !isMeasure(k)) modelParameters[k] = v;
  const assets = params.assets === undefined ? 0 : Number(params.assets);
  if (!Number.isInteger(assets) || assets < 0 || assets > 100)
    return { ok: false, state: null, httpStatus: null, message: '--param assets must be a whole number of images' };
  const answer = await askJson(
    call,
    {
      url: `${call.baseUrl}/v1i/task/price`,
      method: 'POST',
      headers: { authorization: `Bearer ${call.key ?? ''}` },
      json: { model_id: model, generations_count: count, model_parameters: modelParameters, assets },
    },
    priceReply,
  );
  if (!answer.ok) return answer;
  const total = parseExact(String(answer.value.credits));
  if (total.n < 0n)
    return { ok: false, state: 'bad_response', httpStatus: answer.httpStatus, message: 'a negative price' };
  return { ok: true, httpStatus: answer.httpStatus, value: { total, unit: 'credits', by: 'CheapAI price check' } };
}

/* ------------------------------------------------------------------ Lumenfall */

/**
 * Lumenfall's dry run (seed 002; docs.lumenfall.ai/api-reference/cost-estimation): the same
 * request with `?dryRun=true` is validated and priced, not run, and costs nothing:
 * POST /openai/v1/images/generations?dryRun=true {"model","prompt","size","n"} →
 * {"estimated":true,"model","provider","total_cost_micros":80000,"currency":"USD",
 *  "components":[{"type","metric","quantity","billable_quantity","unit_price","total_cost"}]}.
 * Asked for image models, one request of `n` images (default 1); the prompt is a
 * placeholder (nothing is generated).
 */
const dryRunReply = z.object({
  estimated: z.boolean().optional(),
  total_cost_micros: amountLike,
  currency: z.string().optional(),
});

export async function lumenfallDryRun(
  call: ProviderCall,
  model: string,
  params: Record<string, string>,
  count: number,
): Promise<Answer<ProviderEstimate>> {
  // One request of `n` images is priced; `count` such requests cost `count` times that.
  const n = Number(params.n ?? params.images ?? 1);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    return { ok: false, state: null, httpStatus: null, message: '--param n must be a whole number of images' };
  const body: Record<string, unknown> = { model, prompt: 'Burnrate price estimate', n };
  for (const [k, v] of Object.entries(params)) if (!isMeasure(k)) body[k] = v;
  if (params.width && params.height && body.size === undefined) body.size = `${params.width}x${params.height}`;
  const answer = await askJson(
    call,
    {
      url: `${call.baseUrl}/openai/v1/images/generations?dryRun=true`,
      method: 'POST',
      headers: { authorization: `Bearer ${call.key ?? ''}` },
      json: body,
    },
    dryRunReply,
  );
  if (!answer.ok) return answer;
  const v = answer.value;
  if (v.estimated === false)
    return { ok: false, state: 'bad_response', httpStatus: answer.httpStatus, message: 'the reply is not an estimate' };
  if (v.currency !== undefined && v.currency.toUpperCase() !== 'USD')
    return {
      ok: false,
      state: 'bad_response',
      httpStatus: answer.httpStatus,
      message: `unexpected currency ${JSON.stringify(v.currency.slice(0, 10))}`,
    };
  let micros: Exact;
  try {
    micros = parseExact(String(v.total_cost_micros));
  } catch (error) {
    return {
      ok: false,
      state: 'bad_response',
      httpStatus: answer.httpStatus,
      message: `unusable total_cost_micros: ${error instanceof PriceError ? error.message : 'not a number'}`,
    };
  }
  if (micros.n < 0n)
    return { ok: false, state: 'bad_response', httpStatus: answer.httpStatus, message: 'a negative cost' };
  return {
    ok: true,
    httpStatus: answer.httpStatus,
    value: { total: exact(micros.n * BigInt(count), micros.d * 1_000_000n), unit: 'USD', by: 'Lumenfall dry run' },
  };
}
