import { UsageError } from '../context.ts';
import { parseIsoTime } from '../../core/analytics/time.ts';

/** An ISO 8601 flag value as unix ms, or a usage error naming the flag. */
export function isoFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseIsoTime(value);
  if (ms === null)
    throw new UsageError(
      `--${name} expects an ISO 8601 date or time such as 2026-03-01T12:00:00Z, got ${JSON.stringify(value)}`,
    );
  return ms;
}
