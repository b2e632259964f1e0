import { z } from 'zod';
import { toMicros } from '../../shared/decimal.ts';
import type { ProviderDefinition } from './types.ts';
import { outcome } from './adapter.ts';
import { decimalLike, failedReply, readJson } from './respond.ts';

/**
 * GET /v1/dashboard/billing/credit_grants — OpenAI's legacy credit summary, in USD:
 * {"object":"credit_summary","total_granted":18.0,"total_used":0.03,"total_available":17.97,
 *  "grants":{"object":"list","data":[{"grant_amount":18.0,"used_amount":0.03,
 *  "effective_at":1675900800.0,"expires_at":1685577600.0}]}}
 * Only total_available is needed; the rest is checked loosely so a reseller that drops the
 * grant list still reads.
 */
const creditSummary = z.object({
  object: z.string().optional(),
  total_granted: decimalLike.nullish(),
  total_used: decimalLike.nullish(),
  total_available: decimalLike,
  grants: z
    .object({ data: z.array(z.object({}).passthrough()) })
    .passthrough()
    .nullish(),
});

/** Cheapa API (seed 001): prepaid USD that never expires; 402 at zero, key stays valid. */
export const cheapa: ProviderDefinition = {
  id: 'cheapa',
  name: 'Cheapa API',
  unit: 'USD',
  capabilities: ['balance'],
  defaultBaseUrl: 'https://api.cheapaapi.com',
  keyRequired: true,
  keyHint: 'API key (sk-llmaai-…)',
  options: [],
  docsUrl: 'https://cheapaapi.com',
  balanceEndpoint: '/v1/dashboard/billing/credit_grants',
  async poll(ctx) {
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/v1/dashboard/billing/credit_grants`,
      headers: { authorization: `Bearer ${ctx.key ?? ''}` },
    });
    if (res.status === 402) {
      // Seed 001: a depleted balance answers 402, but the key itself stays valid and works
      // again as soon as the account is topped up — say so, so nobody replaces the key.
      const failed = failedReply(res, ctx.now());
      return { ...failed, message: `${failed.message} (the key stays valid; it works again after a top-up)` };
    }
    // 401 means a missing or expired key; the shared classifier tells them apart by wording.
    const read = readJson(res, creditSummary, ctx.now());
    if (!read.ok) return read.outcome;
    return outcome({
      state: 'ok',
      httpStatus: res.status,
      balance: { micros: toMicros(read.data.total_available), unit: 'USD' },
    });
  },
};
