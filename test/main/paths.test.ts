import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainPaths } from '../../src/main/paths.ts';

describe('mainPaths', () => {
  it('finds the tray icons in the checkout while developing and next to app.asar when packaged', () => {
    const dev = mainPaths({
      mainDir: '/repo/out/main',
      appPath: '/repo',
      resourcesPath: '/electron/resources',
      packaged: false,
    });
    expect(dev).toEqual({
      preload: path.normalize('/repo/out/preload/index.cjs'),
      renderer: path.normalize('/repo/out/renderer'),
      jobsWorker: path.normalize('/repo/out/main/jobs-worker.js'),
      tray: path.normalize('/repo/resources/tray'),
    });
    const packaged = mainPaths({
      mainDir: '/app.asar/out/main',
      appPath: '/app.asar',
      resourcesPath: '/Burnrate/resources',
      packaged: true,
    });
    expect(packaged.tray).toBe(path.normalize('/Burnrate/resources/tray'));
  });
});
