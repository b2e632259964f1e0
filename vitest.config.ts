import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    // Native modules (better-sqlite3, keytar) and child processes: separate processes are the safe pool.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ['default'],
    // Clock times in messages ("resets in 9 h, 14:00") read in the computer's zone: one zone for every run.
    env: { TZ: 'UTC' },
  },
});
