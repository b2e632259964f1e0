import { z } from 'zod';
import { toMicros } from '../../shared/decimal.ts';
import type { ProviderDefinition } from './types.ts';
import { outcome } from './adapter.ts';
import { amountLike, readJson } from './respond.ts';

// GET /v1/credits → {"success":true,"credits":123456}
const creditsReply = z.object({ success: z.literal(true).optional(), credits: amountLike });

/** CheapAI (seed 000): one shared credit balance; credit packs with 30-day, 90-day or
 * lifetime validity; per-key daily spend caps answered with 429. */
export const cheapai: ProviderDefinition = {
  id: 'cheapai',
  name: 'CheapAI',
  unit: 'credits',
  capabilities: ['balance', 'packs', 'daily_cap'],
  defaultBaseUrl: 'https://api.cheapaiapi.com',
  keyRequired: true,
  keyHint: 'API key (sk_…)',
  options: [],
  docsUrl: 'https://cheapaiapi.com',
  async poll(ctx) {
    const res = await ctx.http.request({ url: `${ctx.baseUrl}/v1/credits`, headers: { authorization: `Bearer ${ctx.key ?? ''}` } });
    // 401 for an expired key (even with credits left) and a 429 that names the key's daily
    // spend limit are told apart from their wording by the shared classifier.
    const read = readJson(res, creditsReply, ctx.now());
    if (!read.ok) return read.outcome;
    return outcome({ state: 'ok', httpStatus: res.status, balance: { micros: toMicros(read.data.credits), unit: 'credits' } });
  },
};
