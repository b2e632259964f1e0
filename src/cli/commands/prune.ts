import { parseIntFlag } from '../args.ts';
import { defineCommand, JSON_FLAG } from '../command.ts';
import { MIN_RETENTION_DAYS, pruneHistory } from '../../core/retention.ts';
import { isoFlag } from './time-flags.ts';
import { MAX_RETENTION_DAYS } from '../../shared/domain.ts';

/**
 * `prune [--days <n>] [--now <ISO>] [--json]`: delete raw readings older than the data
 * retention setting (the app's "Keep readings for"), or `--days` for this run only, keeping
 * their hourly and daily totals. The app and `watch` do this once a day by themselves;
 * without a setting or `--days` everything is kept and nothing is deleted.
 */
export const pruneCommand = defineCommand({
  name: 'prune',
  summary: 'delete old readings, keeping their hourly and daily totals',
  description:
    'Deletes readings older than the data retention setting (the app\'s "Keep readings for"), or --days for this run. Their hourly and daily totals stay, so charts and burn rates still cover them. The app and watch do this once a day by themselves.',
  flags: {
    days: {
      type: 'string',
      value: '<n>',
      help: `keep the last n days (at least ${MIN_RETENTION_DAYS}) this time`,
      default: 'the retention setting; without one nothing is deleted',
    },
    now: { type: 'string', value: '<ISO time>', help: 'count the days back from this time', default: 'now' },
    json: JSON_FLAG,
  },
  examples: [
    { run: 'prune', does: 'apply the retention setting now' },
    { run: 'prune --days 90', does: 'keep 90 days of readings' },
  ],
  async run(ctx, { values }) {
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
  },
});
