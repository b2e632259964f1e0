/** `pricing:*` and `prices:*`: what a balance buys and a job costs, and the prices a person sets. */
import { z } from 'zod';
import { unitSchema } from '../units.ts';
import type { BuysAccount, EstimateReport } from '../pricing.ts';
import type { InvokeChannel } from '../channels.ts';
import { accountIdSchema, accountRefSchema } from './fields.ts';

const priceModelSchema = z
  .string()
  .trim()
  .min(1, 'the model is empty')
  .max(120)
  .refine((m) => !/[\s\p{Cc}]/u.test(m), 'a model id has no spaces');
const priceParamsSchema = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,30}$/, 'parameter names are letters, digits and _'),
    z.string().trim().min(1, 'a parameter value is empty').max(40),
  )
  .refine((p) => Object.keys(p).length <= 8, 'at most 8 parameters');
const priceAmountSchema = z
  .string()
  .trim()
  .max(40)
  .regex(/^\d+(\.\d+)?$/, 'a price is a number such as 0.21');

export const priceSetInputSchema = z.strictObject({
  accountId: accountIdSchema,
  /** The price holds for every account of the provider, not just this one. */
  forProvider: z.boolean().optional(),
  model: priceModelSchema,
  params: priceParamsSchema.optional(),
  rule: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.enum(['flat', 'per_generation', 'per_request', 'per_second', 'per_megapixel', 'per_image']),
      cost: priceAmountSchema,
    }),
    z.strictObject({
      kind: z.literal('per_token'),
      input: priceAmountSchema,
      output: priceAmountSchema,
      perTokens: z.union([z.literal(1000), z.literal(1_000_000)]),
    }),
  ]),
  unit: unitSchema,
  note: z.string().max(200).nullable().optional(),
});
export type PriceSetInput = z.infer<typeof priceSetInputSchema>;

export const estimateInputSchema = z.strictObject({
  accountId: accountIdSchema,
  model: priceModelSchema,
  params: priceParamsSchema.optional(),
  count: z.number().int('the count is a whole number').min(1).max(100_000).optional(),
});

export const pricingChannels = {
  /** What the account's balance and a day of its burn buy, per priced model. */
  'pricing:buys': accountRefSchema,
  /** What a job costs, asking the provider where it can. */
  'pricing:estimate': estimateInputSchema,
  'prices:set': priceSetInputSchema,
  'prices:remove': z.strictObject({ id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

export interface PricingResponses {
  'pricing:buys': BuysAccount;
  'pricing:estimate': EstimateReport;
  'prices:set': { id: number };
  'prices:remove': { removed: true };
}
