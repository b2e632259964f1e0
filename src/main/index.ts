import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow} from 'electron';
import { app, session } from 'electron';
import { openCore } from '../core/core.ts';
import type { Core } from '../core/core.ts';
import { createApi } from '../core/api.ts';
import { createKeychain } from '../core/secrets/index.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { APP_ORIGIN } from './app-protocol-paths.ts';
import { denyPermissions } from './security.ts';
import { registerIpc, send } from './ipc.ts';
import { createMainWindow } from './window.ts';

// Glue only: every decision lives in src/core, which runs (and is tested) without Electron.
const here = path.dirname(fileURLToPath(import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const startUrl = !app.isPackaged && devServerUrl ? devServerUrl : `${APP_ORIGIN}/index.html`;
const ownOrigin = new URL(startUrl).origin;
const isOwnUrl = (url: string): boolean => {
  try {
    return new URL(url).origin === ownOrigin;
  } catch {
    return false;
  }
};

let core: Core | null = null;
let win: BrowserWindow | null = null;

function showWindow(): void {
  if (!win || win.isDestroyed()) {
    win = createMainWindow({ preloadFile: path.join(here, '../preload/index.cjs'), url: startUrl, isOwnUrl });
    win.on('closed', () => (win = null));
    return;
  }
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', showWindow);
  app.on('will-quit', () => core?.close());

  void app.whenReady().then(() => {
    const home = process.env.BURNRATE_HOME?.trim() || app.getPath('userData');
    core = openCore({ home, secrets: createKeychain() });
    denyPermissions(session.defaultSession);
    serveRenderer(path.join(here, '../renderer'));
    const invoke = createApi({
      core,
      version: app.getVersion(),
      platform: process.platform,
      demo: false,
      emit: (event, payload) => send(win?.webContents, event, payload),
    });
    registerIpc(invoke, isOwnUrl);
    showWindow();
  });
}
