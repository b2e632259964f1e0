import path from 'node:path';

/** Where the log lives in a data folder: `<home>/logs/burnrate.<n>.log`. */
export const LOG_DIR_NAME = 'logs';
export const LOG_FILE_BASE = 'burnrate';
export const LOG_FILE_EXTENSION = '.log';

export function logDir(home: string): string {
  return path.join(home, LOG_DIR_NAME);
}
