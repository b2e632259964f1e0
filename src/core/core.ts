import path from 'node:path';
import { openDatabase, DATABASE_FILE } from './store/database.ts';
import type { OpenedDatabase } from './store/database.ts';
import { createRepos } from './store/repos.ts';
import type { Repos } from './store/repos.ts';
import { providerQuotaResets } from './analytics/reset-policy.ts';
import type { SecretStore } from './secrets/index.ts';
import { AccountService } from './accounts.ts';
import type { StoredAccount } from './store/accounts-repo.ts';
import type { ReadingRecord, ReadingSource } from './store/readings-repo.ts';
import type { PollOutcome } from './providers/adapter.ts';
import { createHttpClient } from './net/http.ts';
import type { HostLookup, HttpClient } from './net/http.ts';
import { createAlertService } from './alerts/service.ts';
import type { AlertService, AlertServiceOptions } from './alerts/service.ts';
import { createChannelService } from './channels/service.ts';
import type { ChannelService, ChannelServiceOptions } from './channels/service.ts';

export interface CoreOptions {
  /** The data directory (BURNRATE_HOME or the app's userData). */
  home: string;
  secrets: SecretStore;
  /** Injected clock (unix ms) so schedules and analytics are testable. */
  now?: () => number;
  fetch?: typeof globalThis.fetch;
  /** Host-name resolver for the HTTP client's checks (tests give a fake one); DNS by default. */
  lookup?: HostLookup;
  /** Where the alert rules get their figures (tests inject synthetic ones). */
  alerts?: AlertServiceOptions;
  /** Alert channels' retries, deadlines and timers (tests shorten them). */
  channels?: ChannelServiceOptions;
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
  /** See CHECK_AT_OPEN_MAX_BYTES in store/database.ts (tests set it lower). */
  checkAtOpenMaxBytes?: number;
}

/**
 * The engine, as the app, the CLI and the tests use it: one database, one keychain,
 * and the services built on them. Everything the UI shows comes through here.
 */
export interface Core {
  readonly home: string;
  readonly movedAside: OpenedDatabase['movedAside'];
  /** See CoreOptions.deferRollupRebuilds. */
  readonly deferRollupRebuilds: boolean;
  readonly now: () => number;
  readonly fetch: typeof globalThis.fetch;
  readonly secrets: SecretStore;
  /** The repositories: every query of the database goes through them (see store/repos.ts). */
  readonly repos: Repos;
  readonly accounts: AccountService;
  /** The HTTP client every provider request goes through (injected fetch, deadlines, caps). */
  readonly http: HttpClient;
  /** Alert rules, episodes and history; evaluated after every stored reading (see alerts/service.ts). */
  readonly alerts: AlertService;
  /**
   * Alert channels (webhook, ntfy, Slack…): every alert the desktop would announce is also
   * sent there, from whichever process raised it. Call `channels.settle()` before close().
   */
  readonly channels: ChannelService;
  /**
   * The one way a reading enters history: stores it, then tells every listener (rollups,
   * alerts, the window). Returns the stored record, or null if the account already had a
   * reading at that instant. A poll's reading (`fromPoll`) older than the account's newest is
   * kept but marked late: never read as a top-up.
   */
  recordReading(
    account: StoredAccount,
    outcome: PollOutcome,
    at: number,
    options?: { source?: ReadingSource; fromPoll?: boolean },
  ): ReadingRecord | null;
  /** Called after each stored reading, in this process. Returns an unsubscribe function. */
  onReading(listener: ReadingListener): () => void;
  close(): void;
}

export type ReadingListener = (account: StoredAccount, record: ReadingRecord) => void;

/** What one poll learned, as the row the store keeps for an account at `at`. */
export function readingRecord(
  accountPk: number,
  outcome: PollOutcome,
  at: number,
  source: ReadingSource = 'poll',
): ReadingRecord {
  return {
    accountPk,
    source,
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
    ...(options.checkAtOpenMaxBytes !== undefined ? { checkAtOpenMaxBytes: options.checkAtOpenMaxBytes } : {}),
  });
  const db = opened.db;
  const repos = createRepos(db, { providerResets: providerQuotaResets });
  let closed = false;
  const listeners = new Set<ReadingListener>();
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let alerts: AlertService | null = null;
  let channels: ChannelService | null = null;
  const core: Core = {
    home: options.home,
    movedAside: opened.movedAside,
    deferRollupRebuilds: options.deferRollupRebuilds ?? false,
    now,
    fetch: fetchImpl,
    secrets: options.secrets,
    repos,
    accounts: new AccountService(repos.accounts, options.secrets, now, repos.settings),
    http: createHttpClient({ fetch: fetchImpl, ...(options.lookup ? { lookup: options.lookup } : {}) }),
    get alerts() {
      return alerts!;
    },
    get channels() {
      return channels!;
    },
    recordReading(account, outcome, at, recordOptions = {}) {
      const record = readingRecord(account.pk, outcome, at, recordOptions.source ?? 'poll');
      if (!repos.readings.insert(record, { markLate: recordOptions.fromPoll ?? false })) return null;
      if (outcome.billing) repos.accounts.setBilling(account.pk, outcome.billing);
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
  channels = createChannelService(
    {
      repo: repos.channels,
      secrets: options.secrets,
      // Receivers get no redirects followed (a moved webhook is a configuration to fix, and a
      // redirect must not carry a token header elsewhere) and send short replies.
      http: createHttpClient({ fetch: fetchImpl, maxRedirects: 0, maxBytes: 64 * 1024 }),
      now,
      alerts,
    },
    options.channels,
  );
  databases.set(core, db);
  return core;
}

const databases = new WeakMap<Core, OpenedDatabase['db']>();

/**
 * The connection under a core, for tests and the benchmark only (to set up a state no
 * command makes, or to look at rows directly). Lint refuses it anywhere under src: the
 * engine reaches the database through core.repos.
 */
export function databaseForTests(core: Core): OpenedDatabase['db'] {
  const db = databases.get(core);
  if (!db) throw new Error('not a core opened by openCore');
  return db;
}
