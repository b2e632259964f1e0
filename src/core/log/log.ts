import { scrubLogText } from './redact.ts';

/**
 * The engine's log, as every part of it writes to it: `log.error('…', { err, accountId })`.
 * Where the lines go is the process's choice (see `setLogSink`): the app and the CLI write a
 * rotated file in the data folder (file.ts), a worker hands its lines to the thread that
 * started it (jobs/worker.ts), and tests may collect them. With no sink (a library caller,
 * most tests) lines are dropped.
 *
 * Every line is scrubbed before it leaves this module: the message, every string field and
 * an error's message and stack, of the secrets the caller names (`secrets`, never written)
 * and of anything shaped like a key.
 */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogFields {
  /** An error to record with its type, message and stack (and its cause's). */
  err?: unknown;
  /** Values to redact from this line (a request's payload values, an account's key); never written. */
  secrets?: ReadonlyArray<string | null | undefined>;
  [field: string]: unknown;
}

/** A line ready to write: scrubbed, plain data (it may cross a thread). */
export interface LogRecord {
  level: LogLevel;
  msg: string;
  fields: Record<string, unknown>;
  /** Unix ms when it was logged (a worker's line keeps its own time). */
  time: number;
}

export interface LogSink {
  write(record: LogRecord): void;
}

let sink: LogSink | null = null;

/** Where this process's log lines go from now on; null drops them. Returns the previous sink. */
export function setLogSink(next: LogSink | null): LogSink | null {
  const previous = sink;
  sink = next;
  return previous;
}

export function currentLogSink(): LogSink | null {
  return sink;
}

const MAX_STRING = 8_000;
const MAX_DEPTH = 4;

/** Plain, scrubbed data for a field value: errors become {type, message, stack, code, cause}. */
function clean(value: unknown, secrets: ReadonlyArray<string | null | undefined>, depth = 0): unknown {
  if (typeof value === 'string')
    return scrubLogText(value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value, secrets);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return String(value);
    return value;
  }
  if (depth >= MAX_DEPTH) return '[nested too deeply]';
  if (value instanceof Error) {
    const out: Record<string, unknown> = {
      type: value.name,
      message: clean(value.message, secrets, depth + 1),
      stack: clean(value.stack ?? '', secrets, depth + 1),
    };
    const code = (value as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') out.code = code;
    if (value.cause !== undefined) out.cause = clean(value.cause, secrets, depth + 1);
    return out;
  }
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => clean(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, 50)) out[k] = clean(v, secrets, depth + 1);
  return out;
}

/** Build the scrubbed record for a line (exported for sinks that receive raw calls, and tests). */
export function logRecord(level: LogLevel, msg: string, fields: LogFields = {}, time = Date.now()): LogRecord {
  const { secrets = [], ...rest } = fields;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) out[k] = clean(v, secrets);
  return { level, msg: scrubLogText(msg, secrets), fields: out, time };
}

function write(level: LogLevel, msg: string, fields?: LogFields): void {
  const target = sink;
  if (!target) return;
  try {
    target.write(logRecord(level, msg, fields));
  } catch {
    // Logging must never be why something else fails.
  }
}

export const log = {
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  debug: (msg: string, fields?: LogFields) => write('debug', msg, fields),
};

/**
 * A sink that keeps lines until `target` is ready, then writes them and everything after.
 * Lets a process log from its first instant (migrations at start-up) while the file opens
 * asynchronously, and lets a short command that logs nothing never open the file at all:
 * `open` is called on the first line (or by `start`).
 */
export function deferredSink(open: () => Promise<LogSink & { close(): void }>): LogSink & {
  /** Open now (a long-running process that wants its file from the start). */
  start(): void;
  /** Wait for the file (when one was opened), write what is pending, close it. */
  close(): Promise<void>;
} {
  const pending: LogRecord[] = [];
  let target: (LogSink & { close(): void }) | null = null;
  let opening: Promise<void> | null = null;
  let failed = false;
  const start = () => {
    opening ??= open().then(
      (opened) => {
        target = opened;
        for (const record of pending.splice(0)) opened.write(record);
      },
      () => {
        failed = true;
        pending.length = 0;
      },
    );
  };
  return {
    write(record) {
      if (target) return target.write(record);
      if (failed) return;
      if (pending.length < 10_000) pending.push(record);
      start();
    },
    start,
    async close() {
      await opening;
      target?.close();
      target = null;
    },
  };
}
