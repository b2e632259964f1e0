import { Menu, Tray, nativeImage } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayPort } from '../core/desktop/desktop.ts';

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
      const template: MenuItemConstructorOptions[] = items.map((item) =>
        item.type === 'separator'
          ? { type: 'separator' }
          : { label: item.label, enabled: item.enabled, click: item.action ? () => onAction(item.action!) : undefined },
      );
      tray.setContextMenu(Menu.buildFromTemplate(template));
    },
    destroy: () => tray.destroy(),
  };
}
