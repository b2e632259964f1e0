import fs from 'node:fs';
import path from 'node:path';
import { LOG_FILE_BASE, LOG_FILE_EXTENSION, logDir } from './paths.ts';

/** Reading the log back (`burnrate logs`): its files oldest first, lines as written or for a person. */

const FILE_RE = new RegExp(`^${LOG_FILE_BASE}\\.(\\d+)${LOG_FILE_EXTENSION.replace('.', '\\.')}$`);

/** The log's files, oldest first. */
export function logFiles(home: string): string[] {
  const dir = logDir(home);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .map((name) => ({ name, n: Number(FILE_RE.exec(name)?.[1] ?? NaN) }))
    .filter((f) => Number.isInteger(f.n))
    .sort((a, b) => a.n - b.n)
    .map((f) => path.join(dir, f.name));
}

/** The last `count` lines of the log across its files (every line when count is null). */
export function lastLogLines(home: string, count: number | null): string[] {
  const out: string[] = [];
  const files = logFiles(home);
  for (let i = files.length - 1; i >= 0; i--) {
    const lines = readLines(files[i]!);
    out.unshift(...lines);
    if (count !== null && out.length >= count) return out.slice(out.length - count);
  }
  return out;
}

function readLines(file: string): string[] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
  } catch {
    return [];
  }
}

/**
 * Follow the log as it grows, across new files: calls `onLine` for each whole line written
 * after the call, until `signal` aborts. Polls (the log is written by other processes too,
 * which file watchers report unreliably across platforms).
 */
export async function followLog(
  home: string,
  onLine: (line: string) => void,
  signal: AbortSignal,
  intervalMs = 250,
): Promise<void> {
  let file = logFiles(home).at(-1) ?? null;
  let offset = file ? size(file) : 0;
  let partial = '';
  const readNew = () => {
    if (!file) return;
    const end = size(file);
    if (end <= offset) return;
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(end - offset);
      fs.readSync(fd, buf, 0, buf.length, offset);
      offset = end;
      const text = partial + buf.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line);
    } finally {
      fs.closeSync(fd);
    }
  };
  while (!signal.aborted) {
    readNew();
    const newest = logFiles(home).at(-1) ?? null;
    if (newest && newest !== file) {
      readNew();
      file = newest;
      offset = 0;
      partial = '';
      readNew();
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });
  }
}

function size(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** One JSON line as a person reads it: time, level, process, message, fields, then the stack indented. */
export function formatLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { time, level, proc, pid, msg, err, ...rest } = record;
  delete rest.hostname;
  const fields = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  let out = `${String(time ?? '')} ${String(level ?? '').toUpperCase()} ${String(proc ?? '')}[${String(pid ?? '')}] ${String(msg ?? '')}`;
  if (fields) out += `  ${fields}`;
  const e = err as { type?: string; message?: string; stack?: string } | undefined;
  if (e && typeof e === 'object') {
    const stack = typeof e.stack === 'string' && e.stack ? e.stack : `${e.type ?? 'Error'}: ${e.message ?? ''}`;
    out += `\n${stack
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}`;
  }
  return out;
}
