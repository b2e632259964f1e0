/**
 * The shape of a stored alert phrase (src/shared/alert-phrase.ts), checked when alert rows
 * are read back: a damaged or unknown phrase is dropped and the stored sentence shown.
 */
import { z } from 'zod';
import { unitSchema } from './units.ts';
import { ALERT_PHRASES, HEALTH_PHRASES } from './alert-phrase.ts';
import type { AlertPhrase } from './alert-phrase.ts';

const decimal = z.string().max(40);
const timeName = z.string().max(40);

/** One figure of a phrase. */
const phraseParamSchema = z.union([
  z.strictObject({ amount: decimal, unit: unitSchema }),
  z.strictObject({ amountOf: z.tuple([decimal, decimal]), unit: unitSchema }),
  /** A fraction, said as a whole percent rounded down. */
  z.strictObject({ percent: z.number() }),
  /** An instant relative to now, with the verb for before and after it ("resets in 9 h", "reset 2 days ago"). */
  z.strictObject({ at: timeName, verb: z.enum(['resets', 'expires']) }),
  /** An instant relative to now, alone ("3 h ago, 11:00"). */
  z.strictObject({ when: timeName }),
  /** The span from the instant to the reference ("for 7 h"). */
  z.strictObject({ span: timeName }),
  /** The days from the reference to the instant ("about 1.5 days"). */
  z.strictObject({ days: timeName }),
  /** The instant's UTC date ("2026-05-15"). */
  z.strictObject({ date: timeName }),
]);

export const alertPhraseSchema: z.ZodType<AlertPhrase> = z.strictObject({
  key: z.enum([...ALERT_PHRASES, ...HEALTH_PHRASES]),
  params: z.record(z.string().max(40), phraseParamSchema),
});
