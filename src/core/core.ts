import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase, DATABASE_FILE } from './store/database.ts';
import type { OpenedDatabase } from './store/database.ts';
import { AccountsRepo } from './store/accounts-repo.ts';
import { ReadingsRepo } from './store/readings-repo.ts';
import { SettingsRepo } from './store/settings-repo.ts';
import type { SecretStore } from './secrets/index.ts';
import { AccountService } from './accounts.ts';

export interface CoreOptions {
  /** The data directory (BURNRATE_HOME or the app's userData). */
  home: string;
  secrets: SecretStore;
  /** Injected clock (unix ms) so schedules and analytics are testable. */
  now?: () => number;
  fetch?: typeof globalThis.fetch;
}

/**
 * The engine, as the app, the CLI and the tests use it: one database, one keychain,
 * and the services built on them. Everything the UI shows comes through here.
 */
export interface Core {
  readonly home: string;
  readonly db: Database;
  readonly movedAside: OpenedDatabase['movedAside'];
  readonly now: () => number;
  readonly fetch: typeof globalThis.fetch;
  readonly secrets: SecretStore;
  readonly repos: { accounts: AccountsRepo; readings: ReadingsRepo; settings: SettingsRepo };
  readonly accounts: AccountService;
  close(): void;
}

export function openCore(options: CoreOptions): Core {
  const now = options.now ?? Date.now;
  const opened = openDatabase(path.join(options.home, DATABASE_FILE), { now: () => new Date(now()) });
  const db = opened.db;
  const repos = { accounts: new AccountsRepo(db), readings: new ReadingsRepo(db), settings: new SettingsRepo(db) };
  let closed = false;
  return {
    home: options.home,
    db,
    movedAside: opened.movedAside,
    now,
    fetch: options.fetch ?? globalThis.fetch,
    secrets: options.secrets,
    repos,
    accounts: new AccountService(repos.accounts, options.secrets, now),
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
