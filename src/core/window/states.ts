import type { StateSegment } from '../../shared/ipc.ts';
import type { KeyState } from '../../shared/states.ts';
import { keyStateFromCode } from '../../shared/states.ts';
import type { Core } from '../core.ts';

/** Most failure readings walked for one timeline; past the last one walked the timeline stops. */
const MAX_FAILURES = 20_000;

/**
 * The key's state over [from, to) as runs of one state. Every reading that is not `ok` is
 * in the partial index `readings_failed` (a small share of history), and everything
 * between failures is `ok`; so the runs come from the failures plus one keyed lookup per
 * run for the reading that ended it — a year of minute readings that were all `ok` costs
 * three index probes, not a scan of 525,600 rows.
 */
export function stateSegments(core: Core, accountPk: number, from: number, to: number): StateSegment[] {
  const history = core.repos.history;
  // Which state each pruned reading had is gone with it (the rollups count ok and failed
  // readings, not which failure): the timeline starts at the retention horizon, rather than
  // draw the reading kept before it as a long run of ok across the pruned span.
  from = Math.max(from, core.repos.readings.rollups.horizon(accountPk) ?? from);
  const extent = history.extentIn(accountPk, from, to);
  if (!extent) return [];
  const end = Math.min(to, Math.max(extent.last, core.now()));
  const failures = history.failures(accountPk, from, to, MAX_FAILURES);

  const segments: StateSegment[] = [];
  const push = (state: KeyState, a: number, b: number) => {
    const prev = segments[segments.length - 1];
    if (prev && prev.state === state) prev.to = b;
    else if (b > a || segments.length === 0) segments.push({ state, from: a, to: b });
  };
  let cursor = extent.first; // where the stretch not yet described starts
  for (let i = 0; i < failures.length; i++) {
    const f = failures[i]!;
    if (f.ts > cursor) push('ok', cursor, f.ts);
    // The run of this failure state continues while the very next reading is the next failure with the same state.
    let j = i;
    let after = history.next(accountPk, f.ts);
    while (after && j + 1 < failures.length && failures[j + 1]!.ts === after.ts && after.state === f.state) {
      j++;
      after = history.next(accountPk, after.ts);
    }
    const runEnd = after && after.ts < to ? after.ts : end;
    push(keyStateFromCode(f.state), f.ts, runEnd);
    cursor = runEnd;
    i = j;
  }
  // When the walk stopped early, what follows is unknown here: leave it out rather than call it ok.
  if (cursor < end && failures.length < MAX_FAILURES) push('ok', cursor, end);
  return segments;
}
