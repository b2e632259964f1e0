import { z } from 'zod';
import { toMicros, fromMicros } from '../../shared/decimal.ts';
import { CURRENCIES } from '../../shared/units.ts';
import type { Currency } from '../../shared/units.ts';
import type { ProviderDefinition } from './types.ts';
import { outcome } from './adapter.ts';
import { decimalLike, readJson } from './respond.ts';

/**
 * GET /v1/balance (the native path, not the /openai/v1 prefix) →
 * {"object":"balance","billing_type":"prepaid"|"postpaid","available":{"amount":12.50,"currency":"usd"}}
 * The API reference marks the balance object as nullable, so `available` may be null.
 */
const balanceReply = z.object({
  object: z.string().optional(),
  billing_type: z.enum(['prepaid', 'postpaid']),
  available: z.object({ amount: decimalLike.nullable(), currency: z.string() }).nullable(),
});

/** Lumenfall (seed 002): prepaid balance in USD, or postpaid with a credit limit. */
export const lumenfall: ProviderDefinition = {
  id: 'lumenfall',
  name: 'Lumenfall',
  unit: 'USD',
  capabilities: ['balance', 'postpaid'],
  defaultBaseUrl: 'https://api.lumenfall.ai',
  keyRequired: true,
  keyHint: 'API key (lmnfl_…)',
  options: [],
  docsUrl: 'https://docs.lumenfall.ai/api-reference/balance',
  balanceEndpoint: '/v1/balance',
  async poll(ctx) {
    const res = await ctx.http.request({
      url: `${ctx.baseUrl}/v1/balance`,
      headers: { authorization: `Bearer ${ctx.key ?? ''}` },
    });
    // 402 {"error":{"type":"billing_error","code":"INSUFFICIENT_BALANCE"}} and 401
    // AUTHENTICATION_FAILED go through the shared table.
    const read = readJson(res, balanceReply, ctx.now());
    if (!read.ok) return read.outcome;
    const { billing_type: billing, available } = read.data;
    const postpaid = billing === 'postpaid';
    if (!available || available.amount === null) {
      return outcome({
        state: 'ok',
        httpStatus: res.status,
        billing,
        message: postpaid
          ? 'postpaid account (monthly invoice): Lumenfall reports no available amount'
          : 'Lumenfall reports no available amount',
      });
    }
    const currency = available.currency.toUpperCase();
    if (!(CURRENCIES as readonly string[]).includes(currency)) {
      return outcome({
        state: 'bad_response',
        httpStatus: res.status,
        message: `unexpected currency ${JSON.stringify(available.currency.slice(0, 10))}`,
      });
    }
    const micros = toMicros(available.amount);
    return outcome({
      state: 'ok',
      httpStatus: res.status,
      billing,
      balance: { micros, unit: currency as Currency },
      // Postpaid accounts are invoiced monthly against a credit limit: the figure is how much
      // of that limit is left, not money paid in advance, and it jumps back after each invoice.
      // `billing` marks the account so totals and runway leave it out.
      message: postpaid
        ? `postpaid account (monthly invoice): ${fromMicros(micros)} ${currency} is what is left of the credit limit, not prepaid money`
        : null,
    });
  },
};
