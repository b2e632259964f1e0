import path from 'node:path';

/**
 * Where main finds its files: the bundles next to out/main (the jobs worker is a second
 * entry of the main bundle, electron.vite.config.ts), and the tray icons in the checkout
 * (development) or next to app.asar (packaged; electron-builder.yml extraResources).
 */
export function mainPaths(options: { mainDir: string; appPath: string; resourcesPath: string; packaged: boolean }) {
  return {
    preload: path.join(options.mainDir, '../preload/index.cjs'),
    renderer: path.join(options.mainDir, '../renderer'),
    jobsWorker: path.join(options.mainDir, 'jobs-worker.js'),
    tray: options.packaged ? path.join(options.resourcesPath, 'tray') : path.join(options.appPath, 'resources/tray'),
  };
}
