import type { Writable } from 'node:stream';
import type { CliContext } from './context.ts';
import { Interrupted } from './context.ts';
import type { JobProgress } from '../shared/jobs.ts';
import { workerJobRunner } from '../core/jobs/runner.ts';
import { placedJobRunner } from '../core/jobs/placement.ts';
import type { JobRequest, JobResultOf } from '../core/jobs/jobs.ts';
import { JobCancelled } from '../core/jobs/control.ts';

/**
 * Long CLI work (export to a file, import) runs in a worker thread, like the app's: this
 * thread stays free to draw a progress line and to hear Ctrl-C, which cancels the job so it
 * cleans up (no partial export file, nothing of the import kept) before the command exits
 * with 130.
 */
/** Whether to draw progress: on a terminal only, never with --json or when stderr is piped. */
export function showsProgress(stream: Writable, json: boolean | undefined): boolean {
  return !json && (stream as { isTTY?: boolean }).isTTY === true;
}

const PHASE_WORDS: Record<JobProgress['phase'], string> = {
  reading: 'reading the file',
  checking: 'checking',
  writing: 'writing',
  undoing: 'taking back',
  exporting: 'exporting',
  pruning: 'pruning',
  rebuilding: 'rebuilding totals',
};

const grouped = (n: number) => Math.round(n).toLocaleString('en');

/** One progress line for a terminal: "exporting  52%  547,000 of 1,051,200 · 110,000/s · 4 s left". */
export function progressLine(p: JobProgress): string {
  const unit = p.phase === 'reading' ? 'bytes' : 'rows';
  const parts = [PHASE_WORDS[p.phase]];
  if (p.fraction !== null) parts.push(`${Math.floor(p.fraction * 100)}%`);
  parts.push(p.total !== null ? `${grouped(p.done)} of ${grouped(p.total)} ${unit}` : `${grouped(p.done)} ${unit}`);
  if (p.ratePerSecond !== null) parts.push(`${grouped(p.ratePerSecond)}/s`);
  if (p.secondsLeft !== null)
    parts.push(p.secondsLeft < 60 ? `${p.secondsLeft} s left` : `${Math.ceil(p.secondsLeft / 60)} min left`);
  return parts.join(' · ');
}

export async function runCliJob<R extends JobRequest>(
  ctx: CliContext,
  request: R,
  options: { json?: boolean | undefined } = {},
): Promise<JobResultOf<R>> {
  const core = ctx.core();
  const runner = placedJobRunner(workerJobRunner());
  const stderr = ctx.io.stderr;
  const draw = showsProgress(stderr, options.json);
  let drawn = false;
  const job = runner.start(core, request, (p) => {
    if (!draw || p.state !== 'running') return;
    stderr.write(`\r${progressLine(p)}\x1b[K`);
    drawn = true;
  });
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    job.cancel();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await job.result;
  } catch (error) {
    if (error instanceof JobCancelled && interrupted) throw new Interrupted();
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (drawn) stderr.write('\r\x1b[K');
    await runner.close();
  }
}
