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
        if (entry[1].at <= target && (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].seq < next[1].seq))) next = entry;
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

/** A small seeded PRNG (mulberry32), so "random" schedules are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
