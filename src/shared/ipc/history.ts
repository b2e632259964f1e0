/**
 * `series:*`, `history:range`, `export:run`, `import:run`, `jobs:cancel`: readings over time,
 * for charts and the History view, and the long jobs that move them in and out of files.
 */
import { z } from 'zod';
import type { KeyState } from '../states.ts';
import { keyStateSchema } from '../states.ts';
import type { BalanceSeries, DailySpendSeries, HistoryPage, ImportReport } from '../history.ts';
import type { InvokeChannel } from '../channels.ts';
import { accountIdSchema, timeMsSchema } from './fields.ts';

export const rangeInputSchema = z
  .strictObject({ accountId: accountIdSchema, from: timeMsSchema, to: timeMsSchema })
  .refine((r) => r.from < r.to, 'the range must end after it starts');

export const balanceSeriesInputSchema = z
  .strictObject({
    accountId: accountIdSchema,
    from: timeMsSchema,
    to: timeMsSchema,
    /** About one point per pixel of the chart; core downsamples to it. */
    maxPoints: z.number().int().min(2).max(10_000),
  })
  .refine((r) => r.from < r.to, 'the range must end after it starts');

export const historyFilterSchema = z.strictObject({
  accountIds: z.array(accountIdSchema).max(500).optional(),
  states: z.array(keyStateSchema).max(20).optional(),
  from: timeMsSchema.optional(),
  to: timeMsSchema.optional(),
});
export type HistoryFilter = z.infer<typeof historyFilterSchema>;

export const historyRangeInputSchema = historyFilterSchema.extend({
  limit: z.number().int().min(1).max(1000),
  offset: z.number().int().min(0).max(100_000_000),
});

export const exportInputSchema = historyFilterSchema.extend({ format: z.enum(['csv', 'json']) });

export const historyChannels = {
  'series:balance': balanceSeriesInputSchema,
  'series:dailySpend': rangeInputSchema,
  'series:states': rangeInputSchema,
  'history:range': historyRangeInputSchema,
  'export:run': exportInputSchema,
  'import:run': z.undefined(),
  /** Cancel a running export or import (its id comes with its `jobs:progress` events). */
  'jobs:cancel': z.strictObject({ id: z.string().regex(/^job_[0-9a-f]{12}$/, 'not a job id') }),
} as const satisfies { [C in InvokeChannel]?: z.ZodType };

export interface StateSegment {
  state: KeyState;
  from: number;
  to: number;
}

export type ExportResult = { status: 'written'; path: string; rows: number } | { status: 'cancelled' };

/** An import's report with the file it came from. */
export interface ImportFileReport extends ImportReport {
  file: string;
}

/** Why a file was refused as a whole (nothing from it was stored). */
export interface ImportRejection {
  file: string;
  message: string;
  /** The first problems found, each with where it is ("line 12", "readings[3].balance"). */
  problems: Array<{ where: string; message: string }>;
}

export type ImportResult =
  | { status: 'imported'; report: ImportFileReport }
  | { status: 'rejected'; rejection: ImportRejection }
  | { status: 'cancelled' };

export interface HistoryResponses {
  'series:balance': BalanceSeries;
  'series:dailySpend': DailySpendSeries;
  'series:states': StateSegment[];
  'history:range': HistoryPage;
  'export:run': ExportResult;
  'import:run': ImportResult;
  /** `cancelled: false` when no job of that id is running (it had already ended). */
  'jobs:cancel': { cancelled: boolean };
}
