import type { Readable, Writable } from 'node:stream';
import type { Core } from '../core/core.ts';
import { openCore } from '../core/core.ts';
import { resolveHome } from '../core/paths.ts';
import { createKeychain } from '../core/secrets/index.ts';
import { hasStaleImports, recoverImports } from '../core/analytics/import-apply.ts';
import type { SecretStore } from '../core/secrets/index.ts';
import { jsonText, terminalText } from './output.ts';

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
}

/** Raised for bad flags and arguments: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliContext {
  io: CliIO;
  /**
   * Opens the database (and keychain handle) on first use; commands that need neither stay
   * fast. `wrapSecrets` (first call only) puts a key source in front of the keychain
   * (`serve --key-file`).
   */
  core(options?: { wrapSecrets?: (keychain: SecretStore) => SecretStore }): Core;
  /**
   * Wait for alert deliveries this run queued (at most BURNRATE_CHANNEL_SETTLE_MS, default
   * 15 s; those left are recorded as not delivered). Instant when there are none.
   */
  settle(): Promise<void>;
  close(): void;
  /** Human output, made terminal-safe (see output.ts). */
  print(text: string): void;
  /** JSON output; characters a terminal would act on are written as \\u escapes. */
  printJson(value: unknown): void;
}

export function createContext(io: CliIO, secrets?: SecretStore): CliContext {
  let core: Core | null = null;
  return {
    io,
    core(options = {}) {
      if (!core) {
        const keychain = secrets ?? createKeychain();
        core = openCore({ home: resolveHome(io.env), secrets: options.wrapSecrets?.(keychain) ?? keychain });
        // An import a crash cut short is taken back before anything reads half of it.
        if (hasStaleImports(core)) recoverImports(core);
        if (core.movedAside) {
          io.stderr.write(
            `burnrate: ${core.movedAside.reason}; moved it to ${core.movedAside.to} and started a new database\n`,
          );
        }
      }
      return core;
    },
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

const DEFAULT_SETTLE_MS = 15_000;

function settleMs(value: string | undefined): number {
  const ms = Number(value);
  return value && Number.isInteger(ms) && ms >= 0 ? ms : DEFAULT_SETTLE_MS;
}
