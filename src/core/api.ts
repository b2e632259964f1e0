/**
 * The API behind IPC, put together: the session the window looks at (the user's data or
 * the demo's), the handler groups (ipc/handlers/<namespace>.ts) joined into one table, and
 * the dispatcher (ipc/dispatcher.ts) in front of them. Main and the tests call `createApi`.
 */
import type { AppInfo, IpcResult } from '../shared/ipc.ts';
import type { DemoSession } from './demo.ts';
import { workerJobRunner } from './jobs/runner.ts';
import { placedJobRunner } from './jobs/placement.ts';
import { createKeychainNotice } from './window/keychain-notice.ts';
import type { KeychainNotice } from './window/keychain-notice.ts';
import type { ApiContext, Emit, HandlerContext, Handlers, Session } from './ipc/context.ts';
import { createDispatcher } from './ipc/dispatcher.ts';
import { appHandlers, appInfo } from './ipc/handlers/app.ts';
import { accountsHandlers } from './ipc/handlers/accounts.ts';
import { overviewHandlers } from './ipc/handlers/overview.ts';
import { historyHandlers } from './ipc/handlers/history.ts';
import { packsHandlers } from './ipc/handlers/packs.ts';
import { pricingHandlers } from './ipc/handlers/pricing.ts';
import { alertsHandlers } from './ipc/handlers/alerts.ts';
import { alertChannelsHandlers } from './ipc/handlers/alert-channels.ts';
import { settingsHandlers } from './ipc/handlers/settings.ts';
import { pollerHandlers, pollerStatus } from './ipc/handlers/poller.ts';
import { demoHandlers } from './ipc/handlers/demo.ts';

export type { ApiContext, Dialogs } from './ipc/context.ts';

export type Invoke = ((channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>) & {
  /** Stop the demo if it runs and drop event subscriptions. */
  close(): Promise<void>;
};

/** Every channel's handler, one group per namespace (a missing channel fails to compile). */
function handlers(h: HandlerContext): Handlers {
  return {
    ...appHandlers(h),
    ...accountsHandlers(h),
    ...overviewHandlers(h),
    ...historyHandlers(h),
    ...packsHandlers(h),
    ...pricingHandlers(h),
    ...alertsHandlers(h),
    ...alertChannelsHandlers(h),
    ...settingsHandlers(h),
    ...pollerHandlers(h),
    ...demoHandlers(h),
  };
}

/**
 * The API behind IPC (and the browser tests' bridge): one function that takes a channel
 * and an untrusted payload and answers in an envelope (see ipc/dispatcher.ts for what is
 * checked), over whichever data the window shows. `close()` stops the demo and long jobs.
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
  const emit: Emit = (event, payload) => ctx.emit?.(event, payload);
  const table = handlers({ ctx, session: () => session, emit, keychain, jobs, switchTo });
  const dispatch = createDispatcher(table, {
    onUserError: (error) => {
      if (error.code === 'keychain_unavailable') keychain.failed(error.message);
    },
  });
  return Object.assign((channel: unknown, payload: unknown) => dispatch(channel, payload), {
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
