/**
 * The fields several namespaces' schemas share: ids, times, intervals and bounded strings.
 * Each bound is there so an untrusted payload cannot make core do unbounded work.
 */
import { z } from 'zod';
import { accountOptionsSchema, MIN_POLL_INTERVAL_SECONDS, MAX_POLL_INTERVAL_SECONDS } from '../domain.ts';

export const MAX_KEY_LENGTH = 4096;
export const MAX_URL_LENGTH = 2048;
/** Unix milliseconds between 1970 and 2100: anything else is not a time a person meant. */
const MAX_TIME_MS = 4_102_444_800_000;

const optionNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,40}$/, 'option names are letters, digits and _');
export const boundedOptionsSchema = accountOptionsSchema.refine(
  (o) =>
    Object.keys(o).length <= 40 &&
    Object.entries(o).every(([k, v]) => optionNameSchema.safeParse(k).success && String(v).length <= MAX_URL_LENGTH),
  'options must be at most 40 name=value pairs with short values',
);

export const accountIdSchema = z.string().regex(/^acc_[a-z0-9]{6,32}$/, 'not an account id');
export const packIdSchema = z.string().regex(/^pack_[a-z0-9]{6,32}$/, 'not a pack id');
export const timeMsSchema = z
  .number()
  .int('times are whole milliseconds')
  .min(0)
  .max(MAX_TIME_MS, 'that time is out of range');
export const pollIntervalSchema = z
  .number()
  .int('the poll interval is a whole number of seconds')
  .min(MIN_POLL_INTERVAL_SECONDS, `the poll interval must be at least ${MIN_POLL_INTERVAL_SECONDS} seconds`)
  .max(MAX_POLL_INTERVAL_SECONDS, 'the poll interval must be at most 7 days');

/** `{ id }` of one account. */
export const accountRefSchema = z.strictObject({ id: accountIdSchema });
