import type { Readable } from 'node:stream';
import type { CliIO } from './io.ts';
import type { Core, openCore } from '../core/core.ts';
import type { resolveHome } from '../core/paths.ts';
import type { SecretStore, createKeychain } from '../core/secrets/index.ts';
import type { hasStaleImports, recoverImports } from '../core/analytics/import-apply.ts';
import type { Paint, Terminal } from './ui/terminal.ts';
import { painter, terminalOf } from './ui/terminal.ts';
import { jsonText, terminalText } from './output.ts';

export type { CliIO } from './io.ts';

/** Raised for bad flags and arguments: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The person pressed Ctrl-C during a job; it cleaned up, and the command exits 130. */
export class Interrupted extends Error {
  override name = 'Interrupted';
  constructor() {
    super('cancelled');
  }
}

export interface CliContext {
  io: CliIO;
  /** Where human output goes: a terminal or not, its width, whether to colour. */
  term: Terminal;
  /** Colours when `term.color`, plain text otherwise. */
  paint: Paint;
  /**
   * Loads the engine's code (the database, the keychain). Called before a command runs, not
   * for help, so `burnrate --help` does not load what it does not use.
   */
  loadEngine(): Promise<void>;
  /**
   * Opens the database (and keychain handle) on first use; commands that need neither stay
   * fast. `wrapSecrets` (first call only) puts a key source in front of the keychain
   * (`serve --key-file`).
   */
  core(options?: { wrapSecrets?: (keychain: SecretStore) => SecretStore }): Core;
  /** The clock: `BURNRATE_NOW` when set (tests, demos, screenshots), else the real one. */
  now(): number;
  /**
   * Wait for alert deliveries this run queued (at most BURNRATE_CHANNEL_SETTLE_MS, default
   * 15 s; those left are recorded as not delivered). Instant when there are none.
   */
  settle(): Promise<void>;
  close(): void;
  /** Human output, made terminal-safe (see output.ts). */
  print(text: string): void;
  /**
   * Lines built by src/cli/ui (tables, detail views): every piece of provider or user text in
   * them was made plain (ui/text.ts) before colours were added, so they are written as they are.
   */
  show(lines: readonly string[]): void;
  /** JSON output; characters a terminal would act on are written as \\u escapes. */
  printJson(value: unknown): void;
}

interface Engine {
  openCore: typeof openCore;
  resolveHome: typeof resolveHome;
  createKeychain: typeof createKeychain;
  hasStaleImports: typeof hasStaleImports;
  recoverImports: typeof recoverImports;
}

export function createContext(io: CliIO, secrets?: SecretStore): CliContext {
  let core: Core | null = null;
  let engine: Engine | null = null;
  const term = terminalOf(io);
  const now = clockFromEnv(io.env);
  return {
    io,
    term,
    paint: painter(term),
    async loadEngine() {
      if (engine) return;
      const [{ openCore }, { resolveHome }, { createKeychain }, { hasStaleImports, recoverImports }] =
        await Promise.all([
          import('../core/core.ts'),
          import('../core/paths.ts'),
          import('../core/secrets/index.ts'),
          import('../core/analytics/import-apply.ts'),
        ]);
      engine = { openCore, resolveHome, createKeychain, hasStaleImports, recoverImports };
    },
    core(options = {}) {
      if (!core) {
        if (!engine) throw new Error('the engine is not loaded (loadEngine before core)');
        const keychain = secrets ?? engine.createKeychain();
        core = engine.openCore({
          home: engine.resolveHome(io.env),
          secrets: options.wrapSecrets?.(keychain) ?? keychain,
          now,
        });
        // An import a crash cut short is taken back before anything reads half of it.
        if (engine.hasStaleImports(core)) engine.recoverImports(core);
        if (core.movedAside) {
          io.stderr.write(
            `burnrate: ${core.movedAside.reason}; moved it to ${core.movedAside.to} and started a new database\n`,
          );
        }
      }
      return core;
    },
    now,
    async settle() {
      if (core) await core.channels.settle(settleMs(io.env.BURNRATE_CHANNEL_SETTLE_MS));
    },
    close() {
      core?.close();
      core = null;
    },
    print(text) {
      const safe = terminalText(text);
      io.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
    },
    show(lines) {
      if (lines.length) io.stdout.write(`${lines.join('\n')}\n`);
    },
    printJson(value) {
      io.stdout.write(`${jsonText(value, 2)}\n`);
    },
  };
}

/** Read all of stdin as text (for --key-stdin), without ever echoing it. */
export async function readStdin(stdin: Readable, maxBytes = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) throw new UsageError('stdin is too large to be an API key');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * For tests, demos and screenshots: `BURNRATE_NOW` (an ISO 8601 time) stops the clock there,
 * so figures and relative times ("in 2 days") come out the same on every run.
 */
export const NOW_ENV = 'BURNRATE_NOW';

function clockFromEnv(env: NodeJS.ProcessEnv): () => number {
  const raw = env[NOW_ENV]?.trim();
  if (!raw) return Date.now;
  const at = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(at))
    throw new UsageError(`${NOW_ENV} must be an ISO 8601 time such as 2026-03-01T12:00:00Z`);
  return () => at;
}

const DEFAULT_SETTLE_MS = 15_000;

function settleMs(value: string | undefined): number {
  const ms = Number(value);
  return value && Number.isInteger(ms) && ms >= 0 ? ms : DEFAULT_SETTLE_MS;
}
