import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Burnrate';

/**
 * The data directory: BURNRATE_HOME when set, otherwise the same folder Electron uses as
 * the app's userData, so the CLI and the app share one database.
 */
export function resolveHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const explicit = env.BURNRATE_HOME?.trim();
  if (explicit) return path.resolve(explicit);
  return path.join(appDataDir(env, platform), APP_DIR_NAME);
}

/** Electron's `appData`: where `userData` (= appData/productName) lives on each OS. */
export function appDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  const home = env.HOME || os.homedir();
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support');
    case 'win32':
      return env.APPDATA || path.join(home, 'AppData', 'Roaming');
    default:
      return env.XDG_CONFIG_HOME || path.join(home, '.config');
  }
}
