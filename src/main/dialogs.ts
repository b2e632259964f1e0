import { dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import type { Dialogs } from '../core/api.ts';
import { translator } from '../shared/i18n.ts';

/**
 * Export/import file pickers: the renderer never names a path itself, main's dialog does.
 * `locale`: the language the app speaks now (the filter's name is said in it).
 */
export function electronDialogs(parent: () => BrowserWindow | null, locale: () => string): Dialogs {
  const filters = () => [{ name: translator(locale())('dialog.csvOrJson'), extensions: ['csv', 'json'] }];
  return {
    async chooseExportPath(suggestedName) {
      const options = { defaultPath: suggestedName, filters: filters() };
      const win = parent();
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async chooseImportPath() {
      const options = {
        properties: ['openFile' as const],
        filters: filters(),
      };
      const win = parent();
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };
}
