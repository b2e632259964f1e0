import type { Timers } from '../../src/core/poller/scheduler.ts';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * The one fake clock for tests: an instant that moves only when told, and the `Timers`
 * (setTimeout/clearTimeout) that the poller, the alert checks and the desktop take.
 *
 * - `now` is the instant: pass `now: () => clock.now` to the core; set or add to it to
 *   move time without firing anything.
 * - `advance(ms)` moves time and fires due timers in time order, setting `now` to each
 *   timer's instant and letting the promise work it starts settle before the next fires,
 *   so schedules are checked to the millisecond without waiting.
 * - `advanceSync(ms)` does the same without settling, for code whose timers do only
 *   synchronous work (the desktop's tray and notifications).
 */
export class FakeClock implements Timers {
  now: number;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  constructor(start: number) {
    this.now = start;
  }

  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.pending.set(id, { at: this.now + Math.max(0, ms), seq: id, fn });
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  /** Timers still waiting. */
  get timerCount(): number {
    return this.pending.size;
  }

  async advance(ms: number, settle: () => Promise<void> = flush): Promise<void> {
    const target = this.now + ms;
    await settle();
    for (let due = this.takeDue(target); due; due = this.takeDue(target)) {
      due.fn();
      await settle();
    }
    this.now = target;
  }

  advanceSync(ms: number): void {
    const target = this.now + ms;
    for (let due = this.takeDue(target); due; due = this.takeDue(target)) due.fn();
    this.now = target;
  }

  /** The earliest timer due by `target` (first set first on a tie), removed, with `now` moved to it. */
  private takeDue(target: number): Pending | null {
    let next: [number, Pending] | null = null;
    for (const entry of this.pending) {
      const [, p] = entry;
      if (p.at <= target && (!next || p.at < next[1].at || (p.at === next[1].at && p.seq < next[1].seq))) next = entry;
    }
    if (!next) return null;
    this.pending.delete(next[0]);
    this.now = Math.max(this.now, next[1].at);
    return next[1];
  }
}

/** Let every queued promise callback run (they are microtasks; one macrotask turn drains them). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
