import path from 'node:path';
import { BrowserWindow } from 'electron';
import { lockNavigation } from './security.ts';

export interface WindowOptions {
  preloadFile: string;
  url: string;
  isOwnUrl: (url: string) => boolean;
  iconFile?: string;
  /** While this says so, closing the window hides it (the app lives on in the tray). */
  hideOnClose?: () => boolean;
}

/** The one window, with Electron's secure defaults spelled out. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1180,
    height: 780,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Burnrate',
    autoHideMenuBar: true,
    ...(options.iconFile ? { icon: options.iconFile } : {}),
    webPreferences: {
      preload: path.resolve(options.preloadFile),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      // Middle-click on a link would otherwise open a new window, bypassing will-navigate.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  lockNavigation(win.webContents, options.isOwnUrl);
  win.on('close', (event) => {
    if (!options.hideOnClose?.()) return;
    event.preventDefault();
    win.hide();
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(options.url);
  return win;
}
