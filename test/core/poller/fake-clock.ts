import type { Timers } from '../../../src/core/poller/scheduler.ts';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock and timers that move only when told. `advance` fires due timers in time order,
 * setting `now` to each timer's instant, and lets the promise work they start settle
 * before the next one fires, so schedules are checked to the millisecond without waiting.
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
    for (;;) {
      let next: [number, Pending] | null = null;
      for (const entry of this.pending) {
        if (
          entry[1].at <= target &&
          (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].seq < next[1].seq))
        )
          next = entry;
      }
      if (!next) break;
      this.pending.delete(next[0]);
      this.now = Math.max(this.now, next[1].at);
      next[1].fn();
      await settle();
    }
    this.now = target;
  }
}

/** Let every queued promise callback run (they are microtasks; one macrotask turn drains them). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Seeded "random" numbers, so schedules are the same on every run. */
export { seededRandom as seeded } from '../../../src/core/seeded-random.ts';
