import path from 'node:path';

/**
 * Where main finds its files: the bundles next to out/main, and the tray icons in the
 * checkout (development) or next to app.asar (packaged; electron-builder.yml extraResources).
 */
export function mainPaths(options: { mainDir: string; appPath: string; resourcesPath: string; packaged: boolean }) {
  return {
    preload: path.join(options.mainDir, '../preload/index.cjs'),
    renderer: path.join(options.mainDir, '../renderer'),
    tray: options.packaged ? path.join(options.resourcesPath, 'tray') : path.join(options.appPath, 'resources/tray'),
  };
}
