import { z } from 'zod';
import type { ProviderCall, Answer } from './ask.ts';
import { askJson } from './ask.ts';
import { div, exact, mul, parseExact, toDecimal } from './exact.ts';
import type { CatalogEntry } from './types.ts';

/*
 * A new-api site's price list, checked against QuantumNous/new-api's source:
 *
 * - router/api-router.go: `GET /api/pricing` behind TryUserAuth — public; a dashboard
 *   credential, when given, only personalises the group ratios.
 * - controller/pricing.go GetPricing → {"success":true,"data":[Pricing…],"group_ratio":{group:
 *   ratio},"usable_group":{group: description},"vendors","supported_endpoint","auto_groups"}.
 * - model/pricing.go Pricing: `model_name`, `quota_type` (0 = by ratio, per token; 1 = a
 *   price per call in USD), `model_ratio`, `model_price`, `completion_ratio`,
 *   `enable_groups`, optional `billing_mode` ("tiered_expr" = an expression we do not run).
 * - setting/ratio_setting: "1 === $0.002 / 1K tokens": ratio r costs 2r USD per 1M input
 *   tokens and 2r × completion_ratio per 1M output tokens.
 * - relay/helper/price.go: quota = tokens × model_ratio × group_ratio (input; output × the
 *   completion ratio) or model_price × QuotaPerUnit (500,000) × group_ratio.
 * - controller/user.go GetSelf: `/api/user/self` → data.group, the user's group.
 *
 * one-api has no /api/pricing (404): such a site's prices are the user's to enter.
 */

const pricingItem = z
  .object({
    model_name: z.string().min(1).max(200),
    quota_type: z.number().int(),
    model_ratio: z.number().nonnegative().optional(),
    model_price: z.number().nonnegative().optional(),
    completion_ratio: z.number().nonnegative().optional(),
    billing_mode: z.string().optional(),
  })
  .passthrough();

const pricingReply = z
  .object({
    data: z.array(z.unknown()).max(20_000),
    group_ratio: z.record(z.string(), z.number().nonnegative()).optional(),
  })
  .passthrough();

export interface NewapiModelPrice {
  model: string;
  /** 0: per token by ratio; 1: per request. */
  quotaType: 0 | 1;
  /** Decimal strings as the site sent them. */
  ratio: string | null;
  completionRatio: string | null;
  price: string | null;
}

/** What /api/pricing said, compacted for the cache. */
export interface NewapiPricing {
  models: NewapiModelPrice[];
  groupRatio: Record<string, string>;
  /** Models left out, and why ("2 priced by expression"). */
  skipped: string[];
}

export async function fetchNewapiPricing(call: ProviderCall): Promise<Answer<NewapiPricing>> {
  const headers: Record<string, string> = {};
  // Only a dashboard access token is a credential here; an sk- key is not sent where it is
  // not needed (a newer new-api refuses a presented credential it cannot verify).
  if (call.options.auth === 'access_token' && call.key) {
    headers.authorization = `Bearer ${call.key}`;
    if (call.options.userId !== undefined) headers['new-api-user'] = String(call.options.userId);
  }
  const answer = await askJson(call, { url: `${call.baseUrl}/api/pricing`, headers }, pricingReply);
  if (!answer.ok) {
    return answer.httpStatus === 404
      ? { ...answer, message: `${answer.message} (this gateway publishes no price list: one-api has none)` }
      : answer;
  }
  const models: NewapiModelPrice[] = [];
  let tiered = 0;
  let unreadable = 0;
  for (const raw of answer.value.data) {
    const item = pricingItem.safeParse(raw);
    if (!item.success) {
      unreadable++;
      continue;
    }
    const p = item.data;
    if (p.billing_mode === 'tiered_expr') {
      tiered++;
      continue;
    }
    if (p.quota_type === 1) {
      models.push({ model: p.model_name, quotaType: 1, ratio: null, completionRatio: null, price: num(p.model_price) });
    } else if (p.quota_type === 0) {
      models.push({
        model: p.model_name,
        quotaType: 0,
        ratio: num(p.model_ratio),
        completionRatio: num(p.completion_ratio ?? 1),
        price: null,
      });
    } else unreadable++;
  }
  if (models.length === 0 && answer.value.data.length > 0)
    return {
      ok: false,
      state: 'bad_response',
      httpStatus: answer.httpStatus,
      message: 'no readable model in the price list',
    };
  const skipped: string[] = [];
  if (tiered) skipped.push(`${tiered} priced by an expression`);
  if (unreadable) skipped.push(`${unreadable} not understood`);
  const groupRatio: Record<string, string> = {};
  for (const [group, ratio] of Object.entries(answer.value.group_ratio ?? {})) groupRatio[group] = String(ratio);
  return { ok: true, httpStatus: answer.httpStatus, value: { models, groupRatio, skipped } };
}

const num = (v: number | undefined): string | null => (v === undefined ? null : String(v));

const userSelfReply = z
  .object({ data: z.object({ group: z.string().max(100).optional() }).passthrough() })
  .passthrough();

/** The user's group, from /api/user/self with the dashboard access token (auth=access_token). */
export async function fetchNewapiGroup(call: ProviderCall): Promise<Answer<string | null>> {
  const headers: Record<string, string> = { authorization: `Bearer ${call.key ?? ''}` };
  if (call.options.userId !== undefined) headers['new-api-user'] = String(call.options.userId);
  const answer = await askJson(call, { url: `${call.baseUrl}/api/user/self`, headers }, userSelfReply);
  return answer.ok ? { ...answer, value: answer.value.data.group ?? null } : answer;
}

/**
 * The site's prices as catalog entries, in USD list price (before the group ratio):
 * per-token models at ratio quota per token, which is 1,000,000 × ratio ÷ the site's quota per
 * dollar per 1M input tokens ($2 × ratio at new-api's default 500,000), × the completion
 * ratio for output; per-request models at their price. Free models (0) are left out: there
 * is nothing to count.
 */
export function newapiEntries(
  pricing: NewapiPricing,
  source: string,
  date: string,
  quotaPerUnit = '500000',
): CatalogEntry[] {
  const perMillion = div(exact(1_000_000n), parseExact(quotaPerUnit));
  const out: CatalogEntry[] = [];
  for (const m of pricing.models) {
    if (m.quotaType === 1) {
      if (m.price === null || parseExact(m.price).n === 0n) continue;
      out.push({ model: m.model, rule: { kind: 'per_request', cost: m.price }, unit: 'USD', source, date });
    } else {
      if (m.ratio === null || parseExact(m.ratio).n === 0n) continue;
      const input = mul(parseExact(m.ratio), perMillion);
      const output = mul(input, parseExact(m.completionRatio ?? '1'));
      out.push({
        model: m.model,
        rule: { kind: 'per_token', input: toDecimal(input, 18), output: toDecimal(output, 18), perTokens: 1_000_000 },
        unit: 'USD',
        source,
        date,
        note: `ratio ${m.ratio}, completion ratio ${m.completionRatio ?? '1'}`,
      });
    }
  }
  return out;
}
