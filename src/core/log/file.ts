import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import pinoRoll from 'pino-roll';
import type { LogRecord, LogSink } from './log.ts';
import { scrubLogText } from './redact.ts';
import { LOG_FILE_BASE, LOG_FILE_EXTENSION, logDir } from './paths.ts';

export { logDir } from './paths.ts';

/**
 * The log file: JSON lines in `<data folder>/logs/burnrate.<n>.log`, written with pino
 * through pino-roll, which starts a new numbered file when the current one reaches
 * MAX_FILE_BYTES and deletes the oldest beyond KEEP_FILES, so the log never holds more than
 * about (KEEP_FILES + 1) × MAX_FILE_BYTES. The app and the CLI may write at once: each
 * appends whole lines (O_APPEND) to the newest file, and each rolls on its own count, so a
 * file can run a little over the size before both have moved on.
 *
 * Lines are written synchronously: the log is for what went wrong, and a line that is still
 * in a buffer when the process dies is the one that mattered. It is a few lines a minute.
 */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const KEEP_FILES = 4;

export interface LogFile extends LogSink {
  readonly dir: string;
  /** Flush and close the file. */
  close(): void;
}

export interface LogFileOptions {
  /** Which process writes: `app` (Electron main and its workers) or `cli`. */
  proc: 'app' | 'cli';
  /** Lines below this level are not written (default info; BURNRATE_LOG_LEVEL=debug for more). */
  level?: 'error' | 'warn' | 'info' | 'debug';
  maxFileBytes?: number;
  keepFiles?: number;
}

/** Open (creating the folder, 0700, and files, 0600) the log of the data folder `home`. */
export async function openLogFile(home: string, options: LogFileOptions): Promise<LogFile> {
  const dir = logDir(home);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') fs.chmodSync(dir, 0o700);
  const stream = await pinoRoll({
    file: path.join(dir, LOG_FILE_BASE),
    extension: LOG_FILE_EXTENSION,
    size: `${Math.round((options.maxFileBytes ?? MAX_FILE_BYTES) / 1024)}k`,
    limit: { count: options.keepFiles ?? KEEP_FILES },
    sync: true,
    mode: 0o600,
  });
  // A disk that fills up or a folder that vanishes must not take the app down with it.
  stream.on('error', () => undefined);
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { proc: options.proc, pid: process.pid },
      timestamp: false,
      formatters: { level: (label) => ({ level: label }) },
      // Errors arrive already turned into scrubbed plain data (log.ts); keep them as they are.
      serializers: { err: (value: unknown) => value },
      // The last guard: whatever reached the line, nothing shaped like a key is written.
      hooks: { streamWrite: (line) => scrubLogText(line) },
    },
    stream,
  );
  return {
    dir,
    write(record: LogRecord) {
      logger[record.level]({ time: new Date(record.time).toISOString(), ...record.fields }, record.msg);
    },
    close() {
      try {
        stream.flushSync();
      } catch {
        /* nothing buffered, or the file is gone */
      }
      stream.end();
    },
  };
}
