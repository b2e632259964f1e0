import type { Readable, Writable } from 'node:stream';
import type { Core } from '../core/core.ts';
import { openCore } from '../core/core.ts';
import { resolveHome } from '../core/paths.ts';
import { createKeychain } from '../core/secrets/index.ts';
import { hasStaleImports, recoverImports } from '../core/analytics/import-apply.ts';
import type { SecretStore } from '../core/secrets/index.ts';

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
  /** Opens the database (and keychain handle) on first use; commands that need neither stay fast. */
  core(): Core;
  close(): void;
  print(text: string): void;
  printJson(value: unknown): void;
}

export function createContext(io: CliIO, secrets?: SecretStore): CliContext {
  let core: Core | null = null;
  return {
    io,
    core() {
      if (!core) {
        core = openCore({ home: resolveHome(io.env), secrets: secrets ?? createKeychain() });
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
    close() {
      core?.close();
      core = null;
    },
    print(text) {
      io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    printJson(value) {
      io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
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
