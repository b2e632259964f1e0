import type { Writable } from 'node:stream';
import type { CliContext } from '../context.ts';
import { log } from '../../core/log/log.ts';
import { UsageError } from '../context.ts';
import { parseIntFlag } from '../args.ts';
import { defineCommand } from '../command.ts';
import { MAX_POLL_INTERVAL_SECONDS, MIN_POLL_INTERVAL_SECONDS } from '../../shared/domain.ts';
import { requestTimeoutFromEnv } from './poll.ts';
import { alertContractFields } from './alerts.ts';
import { createHeadless } from '../../core/headless.ts';
import { jsonText } from '../output.ts';
import { scrubSecrets } from '../../core/secrets/scrub.ts';
import type { PollEvent } from '../../core/poller/events.ts';
import type { AlertEvent } from '../../shared/alerts.ts';
import type { Look, Paint } from '../ui/terminal.ts';
import { displayWidth, oneLine, pad, truncate } from '../ui/text.ts';
import { amountText } from '../ui/format.ts';
import { severityCell, silencedText, stateCell } from '../ui/looks.ts';

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
export const watchCommand = defineCommand({
  name: 'watch',
  summary: 'poll on schedule until Ctrl-C, printing each result and alert',
  description:
    "Runs the app's scheduler in this terminal: each account at its own interval, backing off on failures. Accounts added meanwhile are picked up. Ctrl-C stops it once polls in flight are stored. Not in a terminal (or with --json) it prints one JSON line per result and per alert.",
  flags: {
    'interval-seconds': {
      type: 'string',
      value: '<n>',
      help: 'poll every account every n seconds instead of its own interval',
      default: "each account's own (5 min unless set)",
    },
    json: { type: 'boolean', help: 'one JSON line per poll result and alert (fields: docs/design.md)' },
  },
  examples: [
    { run: 'watch', does: 'keep polling; one line per result and alert' },
    { run: 'watch --json | jq .', does: 'JSON lines for another program' },
  ],
  run: watch,
});

async function watch(
  ctx: CliContext,
  { values }: { values: { 'interval-seconds'?: string; json?: boolean } },
): Promise<number> {
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
    onDatabaseDamage: (problem) => stderr.write(`burnrate: ${databaseDamageLine(problem)}\n`),
  });
  const { poller } = engine;
  // JSON lines for programs (and whenever the output is not a terminal, as the contract
  // says); one readable line per result and alert for a person.
  if (values.json || !ctx.term.tty) {
    const print = jsonLines(stdout);
    poller.on('poll', print);
    core.alerts.on((event) => print({ type: 'alert', ...alertContractFields(event) }));
  } else {
    const accounts = core.repos.accounts.list().filter((a) => a.enabled);
    const labels = new Map(accounts.map((a) => [a.id, a.label]));
    const labelOf = (id: string) => {
      if (!labels.has(id)) for (const a of core.repos.accounts.listAll()) labels.set(a.id, a.label);
      return labels.get(id) ?? id;
    };
    const layout = watchLayout(
      ctx,
      accounts.map((a) => a.label),
    );
    const show = (line: string) => stdout.writable && stdout.write(`${line}\n`);
    show(watchBanner(accounts.length, intervalSeconds ?? null, ctx));
    poller.on('poll', (e) => show(pollLine(e, labelOf(e.accountId), layout)));
    core.alerts.on((e) => show(alertLine(e, labelOf(e.accountId), layout)));
  }
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

/** How wide the label column is, and where the lines go. */
export interface WatchLayout {
  width: number;
  labelWidth: number;
  paint: Paint;
  color: boolean;
  /** Local clock time of an instant ("14:05:12"); the zone is the computer's. */
  clock(at: string): string;
}

export function watchLayout(ctx: Pick<CliContext, 'term' | 'paint'>, labels: string[]): WatchLayout {
  const clock = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return {
    width: ctx.term.width,
    labelWidth: Math.min(20, Math.max(8, ...labels.map((l) => displayWidth(oneLine(l))))),
    paint: ctx.paint,
    color: ctx.term.color,
    clock: (at) => clock.format(Date.parse(at)),
  };
}

export function watchBanner(
  count: number,
  intervalSeconds: number | null,
  ctx: Pick<CliContext, 'term' | 'paint'>,
): string {
  const pace = intervalSeconds === null ? 'each at its own interval (5 min unless set)' : `every ${intervalSeconds} s`;
  const what =
    count === 0
      ? 'no accounts yet (accounts added meanwhile are picked up)'
      : `${count} account${count === 1 ? '' : 's'}, ${pace}`;
  return ctx.paint('bold', truncate(`Watching ${what}. Ctrl-C stops.`, ctx.term.width));
}

/** "14:05:12  main      ok                    $12.50" and, when not ok, why. */
export function pollLine(e: PollEvent, label: string, layout: WatchLayout): string {
  const state = stateCell(e.state);
  const detail = [
    e.balance ? amountText(e.balance) : null,
    e.state === 'ok' ? null : e.message,
    e.httpStatus !== null && e.state !== 'ok' ? `(HTTP ${e.httpStatus})` : null,
    e.retryAfterSeconds !== null ? `retry after ${e.retryAfterSeconds} s` : null,
  ]
    .filter(Boolean)
    .join('  ');
  return line(layout, e.at, label, state.text, state.look, detail);
}

/** "14:05:12  main      ALERT critical       CheapAI balance is zero" */
export function alertLine(e: AlertEvent, label: string, layout: WatchLayout): string {
  const severity = severityCell(e.severity);
  return line(
    layout,
    e.at,
    label,
    `alert ${severity.text}`,
    severity.look,
    `${e.body || e.message}${silencedText(e.silenced)}`,
  );
}

const STATE_WIDTH = 20;

function line(
  layout: WatchLayout,
  at: string,
  label: string,
  what: string,
  look: Look | undefined,
  detail: string,
): string {
  const head = `${layout.clock(at)}  ${pad(truncate(oneLine(label), layout.labelWidth), layout.labelWidth)}  `;
  const whatText = pad(what, STATE_WIDTH);
  const room = layout.width - displayWidth(head) - STATE_WIDTH - 2;
  const rest = room > 0 ? truncate(oneLine(detail), room) : '';
  return `${layout.paint('dim', head.slice(0, 8))}${head.slice(8)}${layout.paint(look, whatText.trimEnd())}${whatText.slice(whatText.trimEnd().length)}${rest ? `  ${rest}` : ''}`.trimEnd();
}

/** What `watch` and `serve` say when the full check finds the database damaged. */
export const databaseDamageLine = (problem: string): string =>
  `${problem}; start burnrate again to move the database aside and begin a new one (the log has the details)`;

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
