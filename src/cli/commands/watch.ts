import type { Writable } from 'node:stream';
import type { CliContext } from '../context.ts';
import { log } from '../../core/log/log.ts';
import { UsageError } from '../context.ts';
import { parse, parseIntFlag } from '../args.ts';
import { MAX_POLL_INTERVAL_SECONDS, MIN_POLL_INTERVAL_SECONDS } from '../../shared/domain.ts';
import { requestTimeoutFromEnv } from './poll.ts';
import { alertContractFields } from './alerts.ts';
import { createHeadless } from '../../core/headless.ts';
import { jsonText } from '../output.ts';
import { scrubSecrets } from '../../core/secrets/scrub.ts';

/**
 * For tests only: lowers the 30-second floor of `--interval-seconds` (and of the schedule)
 * so a test can watch several polls in a few seconds. Never set it against real providers.
 */
export const MIN_INTERVAL_ENV = 'BURNRATE_MIN_INTERVAL_SECONDS';

/**
 * Writes one JSON object per line. Every source of lines (poll results now, alert events
 * later) is one listener calling the returned function with its `{type, ...}` object.
 */
export function jsonLines(out: Writable): (line: { type: string }) => void {
  return (line) => {
    if (!out.writable) return;
    out.write(`${jsonText(line)}\n`);
  };
}

/**
 * `watch`: run the app's scheduler in this process until SIGINT/SIGTERM, printing one JSON
 * line per poll result on stdout. Accounts added or changed meanwhile (by `accounts add` in
 * another terminal, or the app) are picked up from the shared database. On a signal it
 * stops scheduling, lets polls in flight finish and be stored, closes the database and exits 0.
 */
export async function watchCommand(ctx: CliContext, argv: string[]): Promise<number> {
  const { values } = parse(argv, { 'interval-seconds': { type: 'string' }, json: { type: 'boolean' } });
  const floor = minIntervalFromEnv(ctx.io.env);
  const intervalSeconds = parseIntFlag(
    'interval-seconds',
    values['interval-seconds'],
    floor,
    MAX_POLL_INTERVAL_SECONDS,
  );
  const timeoutMs = requestTimeoutFromEnv(ctx.io.env);
  const core = ctx.core();
  const { stdout, stderr } = ctx.io;

  const engine = createHeadless(core, {
    intervalSeconds: intervalSeconds ?? null,
    timeoutMs,
    rules: { minIntervalMs: floor * 1000 },
    onError: (error) => {
      log.error('internal error while polling', { err: error });
      stderr.write(`burnrate: ${firstLine(error)}\n`);
    },
    onRetentionError: (error) => {
      log.error('pruning old readings failed', { err: error });
      stderr.write(`burnrate: pruning old readings failed: ${firstLine(error)}\n`);
    },
  });
  const { poller } = engine;
  const print = jsonLines(stdout);
  poller.on('poll', print);
  core.alerts.on((event) => print({ type: 'alert', ...alertContractFields(event) }));
  // Not a poll result (nothing was asked), so not a stdout line: say it once per episode.
  let keychainWarned = false;
  poller.on('keychain_unavailable', (e) => {
    if (!keychainWarned) stderr.write(`burnrate: ${scrubSecrets(e.message)} (will keep trying)\n`);
    keychainWarned = true;
  });
  poller.on('poll', () => (keychainWarned = false));

  await new Promise<void>((resolve) => {
    const finish = () => {
      process.off('SIGINT', finish);
      process.off('SIGTERM', finish);
      stdout.off('error', finish);
      resolve();
    };
    process.on('SIGINT', finish);
    process.on('SIGTERM', finish);
    // A closed pipe (`burnrate watch | head`) ends the watch instead of crashing it.
    stdout.on('error', finish);
    engine.start();
  });
  await engine.stop();
  return 0;
}

/** An error's first line, scrubbed like every other output. */
export const firstLine = (error: unknown): string =>
  scrubSecrets((error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '');

export function minIntervalFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env[MIN_INTERVAL_ENV]?.trim();
  if (!raw) return MIN_POLL_INTERVAL_SECONDS;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new UsageError(`${MIN_INTERVAL_ENV} must be a whole number of seconds`);
  return Math.min(Number(raw), MIN_POLL_INTERVAL_SECONDS);
}
