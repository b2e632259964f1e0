import fs from 'node:fs';
import path from 'node:path';

/** The flag a login launch carries, so the app starts in the tray without a window. */
export const HIDDEN_FLAG = '--hidden';

export interface LoginItemDeps {
  platform: string;
  /** Electron's app.setLoginItemSettings (macOS and Windows only). */
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  env: NodeJS.ProcessEnv;
  /** The executable to start (Electron's process.execPath). */
  execPath: string;
  homeDir: string;
}

/**
 * Launch at login. macOS and Windows have it built in (app.setLoginItemSettings); on Linux
 * Electron has none, so an XDG autostart entry is written (or removed) instead. An AppImage
 * is started through its own file ($APPIMAGE), not the extracted binary that vanishes.
 */
export function applyLaunchAtLogin(enabled: boolean, deps: LoginItemDeps): void {
  if (deps.platform === 'darwin' || deps.platform === 'win32') {
    deps.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_FLAG] });
    return;
  }
  const file = autostartFile(deps.env, deps.homeDir);
  if (!enabled) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, autostartEntry(deps.env.APPIMAGE || deps.execPath), { mode: 0o644 });
}

export function autostartFile(env: NodeJS.ProcessEnv, homeDir: string): string {
  const config = env.XDG_CONFIG_HOME || path.join(homeDir, '.config');
  return path.join(config, 'autostart', 'burnrate.desktop');
}

/** A Desktop Entry that starts Burnrate in the tray; Exec quoted per the spec. */
export function autostartEntry(exec: string): string {
  const quoted = `"${exec.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Burnrate',
    'Comment=Watch what your prepaid AI API accounts cost',
    `Exec=${quoted} ${HIDDEN_FLAG}`,
    'X-GNOME-Autostart-enabled=true',
    'Terminal=false',
    '',
  ].join('\n');
}

/** Whether this launch came from the login item (start in the tray, no window). */
export function startedAtLogin(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return wasOpenedAtLogin || argv.includes(HIDDEN_FLAG);
}
