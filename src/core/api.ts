import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import type {
  AppInfo,
  EventChannel,
  EventPayloads,
  InvokeChannel,
  InvokeResponses,
  IpcError,
  IpcResult,
  PollResult,
  PollerStatus,
  ThemeChoice,
} from '../shared/ipc.ts';
import { invokeChannels, isInvokeChannel } from '../shared/ipc.ts';
import { toReading } from './store/readings-repo.ts';
import type { Core } from './core.ts';
import { UserError } from './errors.ts';
import type { Poller } from './poller/index.ts';
import { pollAccount } from './poll-account.ts';
import { recordManualBalance } from './manual.ts';
import { computeStatus } from './analytics/status.ts';
import { startDemo } from './demo.ts';
import type { DemoSession } from './demo.ts';
import { accountDetail, overview } from './window/overview.ts';
import { balanceSeries, dailySpendSeries } from './analytics/series.ts';
import { addPack, listPacks, removePack } from './analytics/packs.ts';
import { providerInfos } from './window/providers.ts';
import { readSettings, writeSettings } from './window/settings.ts';
import { stateSegments } from './window/states.ts';
import { queryHistory } from './analytics/history.ts';
import { ImportError } from './analytics/import.ts';
import type { ImportReport } from './analytics/import.ts';
import { workerJobRunner } from './jobs/runner.ts';
import { placedJobRunner } from './jobs/placement.ts';
import type { JobRunner } from './jobs/runner.ts';
import { JobCancelled } from './jobs/control.ts';
import type { JobProgress } from '../shared/jobs.ts';
import { log } from './log/log.ts';
import { logDir } from './log/paths.ts';
import { testConnection } from './window/connection-test.ts';
import { createKeychainNotice } from './window/keychain-notice.ts';
import type { KeychainNotice } from './window/keychain-notice.ts';
import { providerBillingUrl, providerDocsUrl } from './external-links.ts';
import { refreshSiteSettings } from './site-settings.ts';
import { addAccountChecked } from './key-check.ts';
import { accountBuys, accountEstimate, accountPackOffers, accountSetPrice, removeOwnPrice } from './window/pricing.ts';
import { scrubSecrets } from './secrets/scrub.ts';

type Handlers = {
  [C in InvokeChannel]: (
    payload: z.output<(typeof invokeChannels)[C]>,
  ) => Promise<InvokeResponses[C]> | InvokeResponses[C];
};

export type Emit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;

/**
 * Native pieces the window needs but core cannot provide: file pickers. Main implements
 * them with Electron's dialogs; the browser tests with fixed paths. The renderer never
 * names a path itself (it is untrusted): it asks, and main's picker answers.
 */
export interface Dialogs {
  /** Where to write an export; null when the person cancelled. */
  chooseExportPath(suggestedName: string): Promise<string | null>;
  /** Which file to import; null when the person cancelled. */
  chooseImportPath(): Promise<string | null>;
}

export interface ApiContext {
  core: Core;
  version: string;
  platform: string;
  /** The whole app runs on demo data (set by main for a demo build; the window's own demo is separate). */
  demo: boolean;
  /** Told after anything that changes what the window shows. */
  emit?: Emit;
  /** The poller over `core` in this process; "refresh" polls directly when there is none. */
  poller?: Poller | null;
  dialogs?: Dialogs;
  /** Apply "launch at login" to the OS (main: app.setLoginItemSettings). */
  setLaunchAtLogin?: (enabled: boolean) => void | Promise<void>;
  /** Apply the theme setting to native parts (main: nativeTheme.themeSource: menus, title bar, dialogs). */
  setTheme?: (theme: ThemeChoice) => void;
  /** The OS's locale (main: app.getLocale()): the language when Settings says "system". */
  systemLocale?: string;
  /** The language setting changed: the tray and notifications speak `locale` now. */
  setLocale?: (locale: string) => void;
  /** Where the demo keeps its own database; default `<home>/demo`. Wiped on each demo start. */
  demoHome?: string;
  /**
   * Open a web page in the person's browser (main: shell.openExternal). Only ever called
   * with a URL core has checked against its allowlist (external-links.ts).
   */
  openExternal?: (url: string) => Promise<void> | void;
  /** The app's optional /metrics endpoint (metrics/app-endpoint.ts): told when its settings change. */
  metrics?: { apply(settings: { enabled: boolean; port: number }): Promise<void> };
  /** Show a folder of ours in the file manager (main: shell.openPath); only the log folder is asked for. */
  openFolder?: (folder: string) => Promise<void> | void;
  /**
   * Where long work runs (export, import, deep history pages): by default a worker thread
   * per job, so this thread keeps answering. Closed by the dispatcher's close().
   */
  jobs?: JobRunner;
}

/** The data the window is looking at: the user's own, or the demo's while it runs. */
interface Session {
  core: Core;
  poller: Poller | null;
  demo: DemoSession | null;
}

/** History pages deeper than this many rows per account are read in a worker (each account walks offset + limit rows). */
const DEEP_HISTORY_ROWS = 5000;

function handlers(
  ctx: ApiContext,
  session: () => Session,
  switchTo: (demo: DemoSession | null) => Promise<AppInfo>,
  keychain: KeychainNotice,
  jobs: JobRunner,
): Handlers {
  const emit: Emit = (event, payload) => ctx.emit?.(event, payload);
  const progress = (p: JobProgress) => emit('jobs:progress', p);
  const info = (): AppInfo => appInfo(ctx, session());
  const accountsChanged = () => {
    session().poller?.reload();
    emit('accounts:changed', null);
  };
  return {
    'app:info': info,
    'providers:list': () => providerInfos(),
    'accounts:list': () => session().core.accounts.list(),
    'accounts:add': async ({ check, ...input }) => {
      const { core } = session();
      const added = await addAccountChecked(core, input, { check: check ?? false });
      const account = check ? { ...added.account, check: added.check } : added.account;
      if (input.key) keychain.worked();
      // A self-hosted site's units (new-api's /api/status), read now without holding up the reply.
      void refreshSiteSettings(core, core.accounts.require(account.id), { force: true }).catch(() => null);
      accountsChanged();
      return account;
    },
    'accounts:update': ({ id, ...changes }) => {
      const account = session().core.accounts.update(id, changes);
      accountsChanged();
      return account;
    },
    'accounts:remove': async ({ id, purge }) => {
      await session().core.accounts.remove(id, purge ?? false);
      accountsChanged();
      return { removed: true as const };
    },
    'accounts:setKey': async ({ id, key }) => {
      const account = await session().core.accounts.setKey(id, key);
      keychain.worked();
      accountsChanged();
      return account;
    },
    'accounts:test': ({ id }) => testConnection(session().core, id),
    'accounts:recordBalance': ({ id, amount }) => {
      const { core } = session();
      const account = core.accounts.require(id);
      return toReading(recordManualBalance(core, account, amount, core.now()), account.id);
    },
    'status:get': () => computeStatus(session().core),
    'overview:get': () => {
      const s = session();
      const schedule = s.poller?.status().accounts ?? [];
      return overview(s.core, { nextPollAt: (id) => schedule.find((a) => a.accountId === id)?.nextAt ?? null });
    },
    'account:detail': ({ id }) => accountDetail(session().core, id),
    'series:balance': ({ accountId, from, to, maxPoints }) =>
      balanceSeries(session().core, requireId(session(), accountId), { from, to, maxPoints }),
    'series:dailySpend': ({ accountId, from, to }) =>
      dailySpendSeries(session().core, requireId(session(), accountId), { from, to }),
    'series:states': ({ accountId, from, to }) => {
      const { core } = session();
      return stateSegments(core, core.accounts.require(accountId).pk, from, to);
    },
    'history:range': ({ accountIds, ...query }) => {
      const s = session();
      const request = {
        ...query,
        ...(accountIds ? { accountIds: accountIds.map((id) => requireKnownId(s, id)) } : {}),
      };
      if ((query.offset ?? 0) + query.limit <= DEEP_HISTORY_ROWS) return queryHistory(s.core, request);
      return jobs.start(s.core, { kind: 'history', query: request }).result;
    },
    'export:run': async ({ format, ...filter }) => {
      const s = session();
      if (!ctx.dialogs)
        throw new UserError('unsupported', 'exporting needs a file dialog, which this window does not have');
      const file = await ctx.dialogs.chooseExportPath(
        `burnrate-${s.demo ? 'demo-' : ''}history-${new Date(s.core.now()).toISOString().slice(0, 10)}.${format}`,
      );
      if (file === null) return { status: 'cancelled' as const };
      try {
        const job = jobs.start(s.core, { kind: 'export', file, options: { format, ...filter } }, progress);
        const summary = await job.result;
        return { status: 'written' as const, path: file, rows: summary.readings };
      } catch (error) {
        if (error instanceof JobCancelled) return { status: 'cancelled' as const };
        throw error;
      }
    },
    'import:run': async () => {
      const s = session();
      if (!ctx.dialogs)
        throw new UserError('unsupported', 'importing needs a file dialog, which this window does not have');
      const file = await ctx.dialogs.chooseImportPath();
      if (file === null) return { status: 'cancelled' as const };
      let report: ImportReport;
      try {
        report = await jobs.start(s.core, { kind: 'import', file }, progress).result;
      } catch (error) {
        if (error instanceof JobCancelled) return { status: 'cancelled' as const };
        if (!(error instanceof UserError)) throw error;
        const problems =
          error instanceof ImportError ? error.problems.map((p) => ({ where: p.where, message: p.message })) : [];
        return { status: 'rejected' as const, rejection: { file, message: error.message, problems } };
      }
      s.poller?.reload();
      emit('accounts:changed', null);
      return { status: 'imported' as const, report: { file, ...report } };
    },
    'packs:list': ({ accountId }) => listPacks(session().core, requireId(session(), accountId)),
    'packs:add': (input) => {
      const pack = addPack(session().core, { ...input, accountId: requireId(session(), input.accountId) });
      emit('readings:changed', { accountId: pack.accountId });
      return pack;
    },
    'packs:remove': ({ id }) => {
      removePack(session().core, id);
      emit('readings:changed', { accountId: null });
      return { removed: true as const };
    },
    'alerts:list': ({ accountId, limit }) => {
      const { core } = session();
      if (accountId !== undefined) core.accounts.require(accountId);
      return { alerts: core.alerts.history({ accountId, limit: limit ?? 200 }) };
    },
    'alerts:active': ({ accountId }) => {
      const { core } = session();
      if (accountId !== undefined) core.accounts.require(accountId);
      return { alerts: core.alerts.active({ accountId }) };
    },
    'alerts:snooze': (input) => session().core.alerts.snoozeFor(input),
    'alerts:unsnooze': ({ accountId, kind }) => {
      session().core.alerts.unsnooze(accountId, kind);
      return { unsnoozed: true as const };
    },
    'alerts:dismiss': (input) => session().core.alerts.dismiss(input),
    'alerts:mute': (input) => session().core.alerts.mute(input),
    'alerts:accountSettings': ({ accountId }) => ({
      accountId,
      ...session().core.alerts.getAccountSettings(accountId),
    }),
    'alerts:setAccountSettings': ({ accountId, patch, inherit }) => {
      const { core } = session();
      core.alerts.setAccountSettings(accountId, patch, inherit);
      return { accountId, ...core.alerts.getAccountSettings(accountId) };
    },
    'channels:list': () => session().core.channels.list(),
    'channels:add': async (input) => {
      const channel = await session().core.channels.add(input);
      keychain.worked();
      return channel;
    },
    'channels:remove': async ({ id }) => {
      await session().core.channels.remove(id);
      return { removed: true as const };
    },
    'channels:test': ({ id }) => session().core.channels.test(id),
    'settings:get': () => readSettings(session().core, ctx.systemLocale, ctx.core),
    'settings:set': async (patch) => {
      const { core } = session();
      const before = readSettings(core, ctx.systemLocale, ctx.core);
      let after = writeSettings(core, patch, ctx.systemLocale, ctx.core);
      if (after.launchAtLogin !== before.launchAtLogin) await ctx.setLaunchAtLogin?.(after.launchAtLogin);
      if (after.theme !== before.theme) ctx.setTheme?.(after.theme);
      if (after.locale !== before.locale) ctx.setLocale?.(after.locale);
      if (after.metricsEnabled !== before.metricsEnabled || after.metricsPort !== before.metricsPort) {
        try {
          await ctx.metrics?.apply({ enabled: after.metricsEnabled, port: after.metricsPort });
        } catch (error) {
          // Not listening: the stored setting goes back to what runs, and the window says why.
          after = writeSettings(
            core,
            { metricsEnabled: before.metricsEnabled, metricsPort: before.metricsPort },
            ctx.systemLocale,
            ctx.core,
          );
          emit('settings:changed', after);
          throw error;
        }
      }
      emit('settings:changed', after);
      return after;
    },
    'poller:refresh': async ({ accountId }) => refresh(session(), accountId, keychain),
    'poller:status': () => pollerStatus(session(), keychain),
    'demo:start': async () => {
      if (session().demo) return info();
      const home = ctx.demoHome ?? path.join(ctx.core.home, 'demo');
      return switchTo(await startDemo({ home }));
    },
    'demo:stop': () => switchTo(null),
    'app:openDocs': async ({ provider }) => {
      const url = providerDocsUrl(provider);
      if (!ctx.openExternal) throw new UserError('unsupported', 'this window cannot open web pages');
      await ctx.openExternal(url);
      return { opened: url };
    },
    'app:openBilling': async ({ provider }) => {
      const url = providerBillingUrl(provider);
      if (!ctx.openExternal) throw new UserError('unsupported', 'this window cannot open web pages');
      await ctx.openExternal(url);
      return { opened: url };
    },
    'pricing:buys': ({ id }) => accountBuys(session().core, id),
    'pricing:estimate': (input) => accountEstimate(session().core, input),
    'prices:set': (input) => accountSetPrice(session().core, input),
    'prices:remove': ({ id }) => removeOwnPrice(session().core, id),
    'packs:catalog': ({ accountId }) => accountPackOffers(session().core, accountId),
    'jobs:cancel': ({ id }) => ({ cancelled: jobs.cancel(id) }),
    'app:openLogFolder': async () => {
      // The app's own log, whichever data the window shows (the demo has no log of its own).
      const folder = logDir(ctx.core.home);
      if (!ctx.openFolder) throw new UserError('unsupported', 'this window cannot open folders');
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      await ctx.openFolder(folder);
      return { opened: folder };
    },
  };
}

function appInfo(ctx: ApiContext, s: Session): AppInfo {
  return {
    version: ctx.version,
    platform: ctx.platform,
    home: s.core.home,
    demo: ctx.demo || s.demo !== null,
    movedAside: ctx.core.movedAside,
  };
}

/**
 * An account of the session by id only: analytics also accept labels (for the CLI), but
 * the window always names accounts by id, and a label must not reach another account.
 */
function requireId(s: Session, accountId: string): string {
  return s.core.accounts.require(accountId).id;
}

/** Like requireId, but a removed account's id is fine: its history is kept and shown. */
function requireKnownId(s: Session, accountId: string): string {
  const account = s.core.repos.accounts.get(accountId);
  if (!account) throw new UserError('not_found', `no account with id ${JSON.stringify(accountId)}`);
  return account.id;
}

/**
 * Poll now (one account or all) and answer with what each poll stored. Through the poller
 * when one runs, so its schedule and holds stay in step; directly otherwise.
 */
async function refresh(s: Session, accountId: string | undefined, keychain: KeychainNotice): Promise<PollResult[]> {
  const { core } = s;
  const targets =
    accountId === undefined ? core.repos.accounts.list().filter((a) => a.enabled) : [core.accounts.require(accountId)];
  const started = core.now();
  // A stopped poller schedules nothing, so it would ignore the request: poll directly then.
  if (s.poller && s.poller.status().state !== 'stopped') await s.poller.refresh(accountId);
  else {
    for (const account of targets) {
      const result = await pollAccount(core, account);
      if (result.kind === 'keychain_unavailable') keychain.failed(result.message);
      else if (result.kind === 'polled' && account.keyUpdatedAt) keychain.worked();
    }
  }
  const results: PollResult[] = [];
  for (const account of targets) {
    const latest = core.repos.readings.latest(account.pk);
    if (!latest || latest.ts < started) continue;
    const r = toReading(latest, account.id);
    results.push({
      accountId: account.id,
      at: r.at,
      state: r.state,
      balance: r.balance,
      httpStatus: r.httpStatus,
      message: r.message,
    });
  }
  return results;
}

function pollerStatus(s: Session, keychain: KeychainNotice): PollerStatus {
  const status = s.poller?.status() ?? null;
  const lastAt =
    status?.accounts.reduce<string | null>((max, a) => (a.lastAt && (!max || a.lastAt > max) ? a.lastAt : max), null) ??
    null;
  return {
    running: status?.state === 'running' || status?.state === 'paused',
    paused: status?.state === 'paused',
    lastPollAt: lastAt,
    keychain: keychain.current(),
  };
}

export type Invoke = ((channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>) & {
  /** Stop the demo if it runs and drop event subscriptions. */
  close(): Promise<void>;
};

/**
 * The one dispatcher behind IPC (and the browser tests' bridge): check the channel,
 * parse the untrusted payload with the contract's schema, call core, and answer in an
 * envelope. Error messages never carry payload values, so a key typed into the wrong
 * field cannot echo back.
 */
export function createApi(ctx: ApiContext): Invoke {
  let session: Session = { core: ctx.core, poller: ctx.poller ?? null, demo: null };
  const keychain = createKeychainNotice(ctx.core.now, () =>
    ctx.emit?.('poller:status', pollerStatus(session, keychain)),
  );
  let unsubscribe = subscribe(ctx, session, keychain);
  // Switching is serialised so a double click cannot start two demos.
  let switching: Promise<unknown> = Promise.resolve();
  const switchTo = (demo: DemoSession | null): Promise<AppInfo> => {
    const run = switching.then(async () => {
      const old = session.demo;
      unsubscribe();
      session = demo
        ? { core: demo.core, poller: demo.poller, demo }
        : { core: ctx.core, poller: ctx.poller ?? null, demo: null };
      unsubscribe = subscribe(ctx, session, keychain);
      if (old && old !== demo) await old.close();
      const info = appInfo(ctx, session);
      ctx.emit?.('demo:changed', info);
      return info;
    });
    switching = run.catch(() => undefined);
    return run;
  };
  const jobs = placedJobRunner(ctx.jobs ?? workerJobRunner());
  const table = handlers(ctx, () => session, switchTo, keychain, jobs);
  const invoke = async function invoke(channel: unknown, payload: unknown): Promise<IpcResult<unknown>> {
    if (!isInvokeChannel(channel)) return fail('validation', 'unknown channel');
    const shapeProblem = unsafeShape(payload);
    if (shapeProblem) return fail('validation', shapeProblem);
    const parsed = invokeChannels[channel].safeParse(payload);
    if (!parsed.success) return fail('validation', describeIssues(parsed.error));
    try {
      const handler = table[channel] as (p: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof UserError) {
        if (error.code === 'keychain_unavailable') keychain.failed(error.message);
        return fail(error.code, scrubSecrets(withoutPayloadValues(error.message, payload)));
      }
      // A bug or a failing disk: the window gets a plain sentence, the log gets the stack,
      // scrubbed of every value the payload carried (a key typed into a form among them).
      log.error(`${channel} failed`, { err: error, channel, secrets: payloadSecrets(payload) });
      return fail('internal', 'something went wrong inside Burnrate; see the log for details');
    }
  };
  return Object.assign(invoke, {
    async close() {
      unsubscribe();
      await jobs.close();
      await switching;
      if (session.demo) await session.demo.close();
      session = { core: ctx.core, poller: ctx.poller ?? null, demo: null };
    },
  });
}

/** Forward what core and the poller announce to the window, as contract events. */
function subscribe(ctx: ApiContext, s: Session, keychain: KeychainNotice): () => void {
  const emit = ctx.emit;
  const offs: Array<() => void> = [];
  if (s.poller) {
    // Whether keys can be read is tracked even with no window to tell (poller:status asks).
    offs.push(s.poller.on('keychain_unavailable', (e) => keychain.failed(e.message)));
    offs.push(
      s.poller.on('poll', (e) => {
        if (s.core.repos.accounts.get(e.accountId)?.keyUpdatedAt) keychain.worked();
      }),
    );
  }
  if (!emit) return () => offs.forEach((off) => off());
  offs.push(s.core.onReading((account) => emit('readings:changed', { accountId: account.id })));
  offs.push(s.core.alerts.on((event) => emit('alerts:new', event)));
  offs.push(s.core.alerts.onChanged((accountId) => emit('alerts:changed', { accountId })));
  if (s.poller) offs.push(s.poller.on('scheduler', () => emit('poller:status', pollerStatus(s, keychain))));
  return () => offs.forEach((off) => off());
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 8;
const MAX_NODES = 10_000;

/**
 * Checks that hold for every channel before its schema runs: no prototype-polluting keys
 * (a schema that rebuilds objects would silently drop them; we refuse instead), bounded
 * nesting and size, and plain data only. Electron's structured clone also carries Dates,
 * Maps, typed arrays, NaN and sparse arrays of any length; a schema would read a Date or a
 * Map as an empty object, and walk a sparse array element by element, so they stop here.
 */
function unsafeShape(payload: unknown): string | null {
  let nodes = 0;
  const walk = (value: unknown, depth: number): string | null => {
    if (++nodes > MAX_NODES) return 'payload is too large';
    if (typeof value === 'number' && !Number.isFinite(value)) return 'payload has a number that is not finite';
    if (value === null || typeof value !== 'object') return null;
    if (depth > MAX_DEPTH) return 'payload is nested too deeply';
    if (Array.isArray(value)) {
      if (value.length > MAX_NODES) return 'payload is too large';
    } else {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null)
        return 'payload must be plain data (objects, arrays, strings, numbers, booleans)';
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return `payload has a forbidden key ${JSON.stringify(key)}`;
      const problem = walk((value as Record<string, unknown>)[key], depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  return walk(payload, 0);
}

/**
 * Core's messages sometimes quote what they refused ("not a valid URL: \"…\""). A key pasted
 * into the wrong field would then come back to the window (and its logs), so any payload
 * string that could be a secret — 8+ characters, no spaces, not a URL — is replaced before
 * the message leaves.
 */
function withoutPayloadValues(message: string, payload: unknown): string {
  let out = message;
  for (const v of payloadSecrets(payload).sort((a, b) => b.length - a.length))
    out = out.split(v).join('(the value you entered)');
  return out;
}

/** The payload's strings that could be a secret: 8+ characters, no spaces, not a URL. */
function payloadSecrets(payload: unknown): string[] {
  const values: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.trim().length >= 8 && !/\s/.test(value.trim()) && !value.includes('://')) values.push(value.trim());
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(payload);
  return values;
}

function fail(code: string, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
