import { Menu, Tray, nativeImage } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayPort } from '../core/desktop/desktop.ts';
import type { TrayAction, TrayMenuItem } from '../core/desktop/tray-model.ts';

/** The model's menu as Electron's template: items, separators and submenus (the alerts' actions). */
function toTemplate(items: TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item) => {
    if (item.type === 'separator') return { type: 'separator' };
    if (item.type === 'submenu') return { label: item.label, submenu: toTemplate(item.items, onAction) };
    const action = item.action;
    return { label: item.label, enabled: item.enabled, click: action ? () => onAction(action) : undefined };
  });
}

/**
 * The tray over Electron's Tray and Menu. What to show is decided in core
 * (desktop/tray-model.ts); this only translates it.
 */
export function createElectronTray(iconFile: string, platform: string, onClick: () => void): TrayPort {
  const image = (file: string) => {
    const img = nativeImage.createFromPath(file);
    // macOS: *Template.png is drawn in the menu bar's own colour (light or dark).
    if (platform === 'darwin') img.setTemplateImage(true);
    return img;
  };
  const tray = new Tray(image(iconFile));
  // macOS opens the menu on click; elsewhere a click is the quickest way to the window.
  if (platform !== 'darwin') tray.on('click', onClick);
  return {
    setIcon: (file) => tray.setImage(image(file)),
    setToolTip: (text) => tray.setToolTip(text),
    setTitle: (text) => {
      if (platform === 'darwin') tray.setTitle(text);
    },
    setMenu(items, onAction) {
      tray.setContextMenu(Menu.buildFromTemplate(toTemplate(items, onAction)));
    },
    destroy: () => tray.destroy(),
  };
}
