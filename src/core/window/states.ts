import type { StateSegment } from '../../shared/ipc.ts';
import type { KeyState } from '../../shared/states.ts';
import { KEY_STATE_CODES, keyStateFromCode } from '../../shared/states.ts';
import type { Core } from '../core.ts';

/** Most failure readings walked for one timeline; past the last one walked the timeline stops. */
const MAX_FAILURES = 20_000;
const OK = KEY_STATE_CODES.ok;

/**
 * The key's state over [from, to) as runs of one state. Every reading that is not `ok` is
 * in the partial index `readings_failed` (a small share of history), and everything
 * between failures is `ok`; so the runs come from the failures plus one keyed lookup per
 * run for the reading that ended it — a year of minute readings that were all `ok` costs
 * three index probes, not a scan of 525,600 rows.
 */
export function stateSegments(core: Core, accountPk: number, from: number, to: number): StateSegment[] {
  const db = core.db;
  // Which state each pruned reading had is gone with it (the rollups count ok and failed
  // readings, not which failure): the timeline starts at the retention horizon, rather than
  // draw the reading kept before it as a long run of ok across the pruned span.
  from = Math.max(from, core.repos.readings.rollups.horizon(accountPk) ?? from);
  const first = db
    .prepare('SELECT ts FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT 1')
    .get(accountPk, from, to) as { ts: number } | undefined;
  if (!first) return [];
  const last = db
    .prepare('SELECT ts FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ? ORDER BY ts DESC LIMIT 1')
    .get(accountPk, from, to) as { ts: number };
  const end = Math.min(to, Math.max(last.ts, core.now()));
  const failures = db
    .prepare(
      `SELECT ts, state FROM readings INDEXED BY readings_failed WHERE account_pk = ? AND ts >= ? AND ts < ? AND state <> ${OK} ORDER BY ts LIMIT ?`,
    )
    .all(accountPk, from, to, MAX_FAILURES) as Array<{ ts: number; state: number }>;
  const next = db.prepare('SELECT ts, state FROM readings WHERE account_pk = ? AND ts > ? ORDER BY ts LIMIT 1');

  const segments: StateSegment[] = [];
  const push = (state: KeyState, a: number, b: number) => {
    const prev = segments[segments.length - 1];
    if (prev && prev.state === state) prev.to = b;
    else if (b > a || segments.length === 0) segments.push({ state, from: a, to: b });
  };
  let cursor = first.ts; // where the stretch not yet described starts
  for (let i = 0; i < failures.length; i++) {
    const f = failures[i]!;
    if (f.ts > cursor) push('ok', cursor, f.ts);
    // The run of this failure state continues while the very next reading is the next failure with the same state.
    let j = i;
    let after = next.get(accountPk, f.ts) as { ts: number; state: number } | undefined;
    while (after && j + 1 < failures.length && failures[j + 1]!.ts === after.ts && after.state === f.state) {
      j++;
      after = next.get(accountPk, after.ts) as { ts: number; state: number } | undefined;
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
