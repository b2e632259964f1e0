import { defineConfig } from 'vitest/config';

/**
 * `npm run dist:check`: packs the Linux app with electron-builder and runs the packaged main
 * (see linux-package.check.ts). Apart from the unit suite: it needs `npm run build` first and
 * takes a few seconds of electron-builder.
 */
export default defineConfig({
  test: {
    root: import.meta.dirname + '/../..',
    include: ['test/packaging/**/*.check.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default'],
  },
});
