/**
 * What the IPC handlers work with: the options the app (or a test) gives `createApi`, the
 * data the window is looking at, and the shape every handler group has.
 */
import type { z } from 'zod';
import type { AppInfo, EventChannel, EventPayloads, InvokeChannel, InvokeResponses } from '../../shared/ipc.ts';
import type { invokeChannels, ThemeChoice } from '../../shared/ipc.ts';
import type { Core } from '../core.ts';
import type { Poller } from '../poller/index.ts';
import type { DemoSession } from '../demo.ts';
import type { JobRunner } from '../jobs/runner.ts';
import type { KeychainNotice } from '../window/keychain-notice.ts';
import { UserError } from '../errors.ts';

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
export interface Session {
  core: Core;
  poller: Poller | null;
  demo: DemoSession | null;
}

/** What every handler group is given. */
export interface HandlerContext {
  ctx: ApiContext;
  /** The session as it is now (a demo switch replaces it between calls). */
  session(): Session;
  /** Tell the window, when there is one. */
  emit: Emit;
  keychain: KeychainNotice;
  jobs: JobRunner;
  /** Show the demo's data (or, with null, the user's own again); serialised. */
  switchTo(demo: DemoSession | null): Promise<AppInfo>;
}

/** One channel's handler: its payload as the schema parsed it, its reply as the contract types it. */
type Handler<C extends InvokeChannel> = (
  payload: z.output<(typeof invokeChannels)[C]>,
) => Promise<InvokeResponses[C]> | InvokeResponses[C];

/** A namespace's handlers: exactly the channels of its schema group (`keyof typeof accountsChannels`). */
export type HandlerGroup<K extends InvokeChannel> = { [C in K]: Handler<C> };

export type Handlers = HandlerGroup<InvokeChannel>;

/**
 * An account of the session by id only: analytics also accept labels (for the CLI), but
 * the window always names accounts by id, and a label must not reach another account.
 */
export function requireId(s: Session, accountId: string): string {
  return s.core.accounts.require(accountId).id;
}

/** Like requireId, but a removed account's id is fine: its history is kept and shown. */
export function requireKnownId(s: Session, accountId: string): string {
  const account = s.core.repos.accounts.get(accountId);
  if (!account) throw new UserError('not_found', `no account with id ${JSON.stringify(accountId)}`);
  return account.id;
}

/** The window's lists changed: the poller reloads its accounts and the window is told. */
export function accountsChanged(h: HandlerContext): void {
  h.session().poller?.reload();
  h.emit('accounts:changed', null);
}
