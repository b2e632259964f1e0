import type { StateSegment } from '../../shared/ipc.ts';
import { keyStateFromCode } from '../../shared/states.ts';
import type { Core } from '../core.ts';

/** Most segments a timeline can use; more changes than this are merged into their neighbours. */
const MAX_SEGMENTS = 2000;

/**
 * The key's state over [from, to) as runs of one state: only the readings where the state
 * changed are read (a window function in SQLite), so a year of minute readings that were
 * all `ok` comes back as one segment.
 */
export function stateSegments(core: Core, accountPk: number, from: number, to: number): StateSegment[] {
  const rows = core.db
    .prepare(
      `SELECT ts, state FROM (
         SELECT ts, state, LAG(state) OVER (ORDER BY ts) AS prev
         FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ?
       ) WHERE prev IS NULL OR prev <> state ORDER BY ts`,
    )
    .all(accountPk, from, to) as Array<{ ts: number; state: number }>;
  const last = core.db.prepare('SELECT max(ts) AS ts FROM readings WHERE account_pk = ? AND ts >= ? AND ts < ?').get(accountPk, from, to) as { ts: number | null };
  if (rows.length === 0 || last.ts === null) return [];
  const end = Math.min(to, Math.max(last.ts, core.now()));
  const segments: StateSegment[] = rows.map((r, i) => ({ state: keyStateFromCode(r.state), from: r.ts, to: rows[i + 1]?.ts ?? end }));
  if (segments.length <= MAX_SEGMENTS) return segments;
  // Keep every problem visible: drop the shortest `ok` runs first by merging them forward.
  const minOk = [...segments.filter((s) => s.state === 'ok').map((s) => s.to - s.from)].sort((a, b) => a - b)[segments.length - MAX_SEGMENTS] ?? 0;
  const out: StateSegment[] = [];
  for (const s of segments) {
    const prev = out[out.length - 1];
    if (prev && (prev.state === s.state || (s.state === 'ok' && s.to - s.from <= minOk))) prev.to = s.to;
    else out.push({ ...s });
  }
  return out;
}
