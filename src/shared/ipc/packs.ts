/** `packs:*`: credit packs bought for an account, and the packs its provider sells. */
import { z } from 'zod';
import type { Pack } from '../domain.ts';
import { decimalStringSchema, validitySchema } from '../domain.ts';
import { currencySchema } from '../units.ts';
import type { PackView } from '../status.ts';
import type { PackOffer } from '../pricing.ts';
import type { InvokeChannel } from '../channels.ts';
import { accountIdSchema, packIdSchema } from './fields.ts';

export const packAddInputSchema = z.strictObject({
  accountId: accountIdSchema,
  credits: decimalStringSchema.max(40),
  price: decimalStringSchema.max(40),
  currency: currencySchema,
  /** ISO 8601 date or date-time. */
  purchasedAt: z
    .string()
    .max(40)
    .refine((s) => !Number.isNaN(Date.parse(s)), 'purchase date is not a date'),
  validity: validitySchema,
  note: z.string().max(200).nullable().optional(),
});

export const packsChannels = {
  'packs:list': z.strictObject({ accountId: accountIdSchema }),
  'packs:add': packAddInputSchema,
  'packs:remove': z.strictObject({ id: packIdSchema }),
  /** The packs the account's provider sells, for the pack form (CheapAI's live list, else the seed's). */
  'packs:catalog': z.strictObject({ accountId: accountIdSchema }),
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

export interface PacksResponses {
  'packs:list': PackView[];
  'packs:add': Pack;
  'packs:remove': { removed: true };
  'packs:catalog': PackOffer[];
}
