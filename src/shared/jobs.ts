/**
 * Long operations the window can watch and cancel (an export, an import): their progress as
 * the `jobs:progress` event carries it. The figures (rate, time left) are computed in core;
 * the window only formats them.
 */
export const JOB_PHASES = ['reading', 'checking', 'writing', 'undoing', 'exporting', 'pruning', 'rebuilding'] as const;
export type JobPhase = (typeof JOB_PHASES)[number];

export type JobKind = 'export' | 'import' | 'prune' | 'rollups' | 'recover-imports' | 'history' | 'check-database';

export interface JobProgress {
  /** Names the job for `jobs:cancel`. */
  id: string;
  kind: JobKind;
  /** `running` while it works; the last event says how it ended. */
  state: 'running' | 'finished' | 'cancelled' | 'failed';
  /** What it is doing: reading the file, checking it, writing readings, taking them back… */
  phase: JobPhase;
  /** Units done in this phase: rows (bytes while reading a file). */
  done: number;
  total: number | null;
  /** 0–1 of this phase, null when the total is unknown. */
  fraction: number | null;
  /** Units per second over this phase so far. */
  ratePerSecond: number | null;
  /** At that rate. */
  secondsLeft: number | null;
}
