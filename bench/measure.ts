/** Timing helpers: warm up, repeat, report percentiles in milliseconds. */
export interface Timing {
  p50: number;
  p95: number;
  runs: number;
}

export function time(fn: () => unknown, runs = 30, warmup = 3): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { p50: at(0.5), p95: at(0.95), runs };
}

/** One run of something slow (an import): its wall time in ms. */
export function once(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

export const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
