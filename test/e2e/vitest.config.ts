import { defineConfig } from 'vitest/config';

/**
 * The renderer end-to-end suite: Debian's Chromium driven by Playwright against the built
 * renderer, with window.api bridged to a real core in the test process. One file at a time
 * (each starts a browser; CI machines have two cores).
 */
export default defineConfig({
  test: {
    root: import.meta.dirname + '/../..',
    include: ['test/e2e/**/*.e2e.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
    reporters: ['default'],
    // Clock times in messages ("resets in 9 h, 14:00") read in the computer's zone: one zone for every run.
    env: { TZ: 'UTC' },
  },
});
