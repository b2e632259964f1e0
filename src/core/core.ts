import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase, DATABASE_FILE } from './store/database.ts';
import type { OpenedDatabase } from './store/database.ts';
import { AccountsRepo } from './store/accounts-repo.ts';
import { ReadingsRepo } from './store/readings-repo.ts';
import { SettingsRepo } from './store/settings-repo.ts';
import type { SecretStore } from './secrets/index.ts';
import { AccountService } from './accounts.ts';
import type { StoredAccount } from './store/accounts-repo.ts';
import type { ReadingRecord } from './store/readings-repo.ts';
import type { PollOutcome } from './providers/adapter.ts';
import { createHttpClient } from './net/http.ts';
import type { HttpClient } from './net/http.ts';
import { createAlertService } from './alerts/service.ts';
import type { AlertService, AlertServiceOptions } from './alerts/service.ts';

export interface CoreOptions {
  /** The data directory (BURNRATE_HOME or the app's userData). */
  home: string;
  secrets: SecretStore;
  /** Injected clock (unix ms) so schedules and analytics are testable. */
  now?: () => number;
  fetch?: typeof globalThis.fetch;
  /** Where the alert rules get their figures (tests inject synthetic ones). */
  alerts?: AlertServiceOptions;
  /**
   * A second connection to a database this app already opened and checked (a worker
   * thread's): see OpenDatabaseOptions.attach.
   */
  attach?: boolean;
  /**
   * Leave pending rollup rebuilds (after an upgrade) to a worker instead of doing them
   * before the first read in this thread (the app). Reads meanwhile see the rollups as they are.
   */
  deferRollupRebuilds?: boolean;
}

/**
 * The engine, as the app, the CLI and the tests use it: one database, one keychain,
 * and the services built on them. Everything the UI shows comes through here.
 */
export interface Core {
  readonly home: string;
  readonly db: Database;
  readonly movedAside: OpenedDatabase['movedAside'];
  /** See CoreOptions.deferRollupRebuilds. */
  readonly deferRollupRebuilds: boolean;
  readonly now: () => number;
  readonly fetch: typeof globalThis.fetch;
  readonly secrets: SecretStore;
  readonly repos: { accounts: AccountsRepo; readings: ReadingsRepo; settings: SettingsRepo };
  readonly accounts: AccountService;
  /** The HTTP client every provider request goes through (injected fetch, deadlines, caps). */
  readonly http: HttpClient;
  /** Alert rules, episodes and history; evaluated after every stored reading (see alerts/service.ts). */
  readonly alerts: AlertService;
  /**
   * The one way a reading enters history: stores it, then tells every listener (rollups,
   * alerts, the window). Returns the stored record, or null if the account already had a
   * reading at that instant.
   */
  recordReading(account: StoredAccount, outcome: PollOutcome, at: number): ReadingRecord | null;
  /** Called after each stored reading, in this process. Returns an unsubscribe function. */
  onReading(listener: ReadingListener): () => void;
  close(): void;
}

export type ReadingListener = (account: StoredAccount, record: ReadingRecord) => void;

/** What one poll learned, as the row the store keeps for an account at `at`. */
export function readingRecord(accountPk: number, outcome: PollOutcome, at: number): ReadingRecord {
  return {
    accountPk,
    ts: at,
    state: outcome.state,
    balance: outcome.balance?.micros ?? null,
    unit: outcome.balance?.unit ?? null,
    httpStatus: outcome.httpStatus,
    retryAfterSeconds: outcome.retryAfterSeconds,
    cap: outcome.cap,
    keyExpiresAt: outcome.keyExpiresAt,
    message: outcome.message,
  };
}

export function openCore(options: CoreOptions): Core {
  const now = options.now ?? Date.now;
  const opened = openDatabase(path.join(options.home, DATABASE_FILE), {
    now: () => new Date(now()),
    ...(options.attach ? { attach: true } : {}),
  });
  const db = opened.db;
  const repos = { accounts: new AccountsRepo(db), readings: new ReadingsRepo(db), settings: new SettingsRepo(db) };
  let closed = false;
  const listeners = new Set<ReadingListener>();
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let alerts: AlertService | null = null;
  const core: Core = {
    home: options.home,
    db,
    movedAside: opened.movedAside,
    deferRollupRebuilds: options.deferRollupRebuilds ?? false,
    now,
    fetch: fetchImpl,
    secrets: options.secrets,
    repos,
    accounts: new AccountService(repos.accounts, options.secrets, now),
    http: createHttpClient({ fetch: fetchImpl }),
    get alerts() {
      return alerts!;
    },
    recordReading(account, outcome, at) {
      const record = readingRecord(account.pk, outcome, at);
      if (!repos.readings.insert(record)) return null;
      for (const listener of listeners) listener(account, record);
      return record;
    },
    onReading(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
  // Every process that stores readings (app, poll, watch) raises the same alerts.
  alerts = createAlertService(core, options.alerts);
  listeners.add(alerts.onReading);
  return core;
}
