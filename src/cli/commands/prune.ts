import type { CliContext } from '../context.ts';
import { parse, parseIntFlag } from '../args.ts';
import { MIN_RETENTION_DAYS, pruneHistory } from '../../core/retention.ts';
import { isoFlag } from './time-flags.ts';
import { MAX_RETENTION_DAYS } from '../../shared/domain.ts';

/**
 * `prune [--days <n>] [--now <ISO>] [--json]`: delete raw readings older than the data
 * retention setting (the app's "Keep readings for"), or `--days` for this run only, keeping
 * their hourly and daily totals. The app and `watch` do this once a day by themselves;
 * without a setting or `--days` everything is kept and nothing is deleted.
 */
export async function pruneCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, { days: { type: 'string' }, now: { type: 'string' }, json: { type: 'boolean' } });
  const days = parseIntFlag('days', values.days, MIN_RETENTION_DAYS, MAX_RETENTION_DAYS);
  const now = isoFlag('now', values.now);
  const report = await pruneHistory(ctx.core(), {
    ...(days === undefined ? {} : { days }),
    ...(now === undefined ? {} : { now }),
  });
  if (values.json) ctx.printJson(report);
  else if (report.before === null)
    ctx.print('keeping every reading (no data retention set; use --days <n> or the app settings)');
  else
    ctx.print(
      `deleted ${report.deleted} readings from before ${report.before} in ${report.accounts} account(s); their hourly and daily totals are kept`,
    );
  return 0;
}
