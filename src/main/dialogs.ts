import { dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import type { Dialogs } from '../core/api.ts';

/** Export/import file pickers: the renderer never names a path itself, main's dialog does. */
export function electronDialogs(parent: () => BrowserWindow | null): Dialogs {
  return {
    async chooseExportPath(suggestedName) {
      const options = { defaultPath: suggestedName, filters: [{ name: 'CSV or JSON', extensions: ['csv', 'json'] }] };
      const win = parent();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseImportPath() {
      const options = {
        properties: ['openFile' as const],
        filters: [{ name: 'CSV or JSON', extensions: ['csv', 'json'] }],
      };
      const win = parent();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
