import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindow } from 'electron';
import { Notification, app, nativeTheme, net, powerMonitor, session, shell } from 'electron';
import { openCore } from '../core/core.ts';
import { checkDatabaseAfterStart } from '../core/database-check.ts';
import { databaseDamageNotice } from '../core/desktop/database-notice.ts';
import type { Core } from '../core/core.ts';
import { createApi } from '../core/api.ts';
import type { Invoke } from '../core/api.ts';
import { createKeychain } from '../core/secrets/index.ts';
import { createPoller } from '../core/poller/index.ts';
import { createDesktop } from '../core/desktop/desktop.ts';
import type { Desktop } from '../core/desktop/desktop.ts';
import { applyLaunchAtLogin, startedAtLogin } from '../core/desktop/login-item.ts';
import { readLocale, readSettings } from '../core/window/settings.ts';
import { createAppMetricsEndpoint } from '../core/metrics/app-endpoint.ts';
import type { AppMetricsEndpoint } from '../core/metrics/app-endpoint.ts';
import { registerAppScheme, serveRenderer } from './app-protocol.ts';
import { APP_ORIGIN, isSameAppOrigin } from './app-protocol-paths.ts';
import { denyPermissions } from './security.ts';
import { registerIpc, send, sendShowAccount } from './ipc.ts';
import { createMainWindow } from './window.ts';
import { createElectronTray } from './tray.ts';
import { createElectronNotification } from './notification.ts';
import { electronDialogs } from './dialogs.ts';
import { mainPaths } from './paths.ts';
import { log } from '../core/log/log.ts';
import { startProcessLog } from '../core/log/process-log.ts';
import { workerJobRunner } from '../core/jobs/runner.ts';
import type { JobRunner } from '../core/jobs/runner.ts';
import { hasStaleImports } from '../core/analytics/import-apply.ts';
import { UserError } from '../core/errors.ts';
import { JobCancelled } from '../core/jobs/control.ts';

// Glue only: every decision lives in src/core, which runs (and is tested) without Electron.

const here = path.dirname(fileURLToPath(import.meta.url));
const paths = mainPaths({
  mainDir: here,
  appPath: app.getAppPath(),
  resourcesPath: process.resourcesPath,
  packaged: app.isPackaged,
});
const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const startUrl = !app.isPackaged && devServerUrl ? devServerUrl : `${APP_ORIGIN}/index.html`;
const isOwnUrl = (url: string): boolean => isSameAppOrigin(url, startUrl);

let core: Core | null = null;
let logFile: ReturnType<typeof startProcessLog> | null = null;
let jobs: JobRunner | null = null;
let desktop: Desktop | null = null;
let metrics: AppMetricsEndpoint | null = null;
let invoke: Invoke | null = null;
let unregisterIpc: (() => void) | null = null;
let win: BrowserWindow | null = null;
/** Set once quitting starts: from then on closing the window really closes it. */
let quitting = false;
let stopping = false;
let shutDown = false;

function showWindow(accountId?: string): void {
  if (!win || win.isDestroyed()) {
    win = createMainWindow({ preloadFile: paths.preload, url: startUrl, isOwnUrl, hideOnClose: () => !quitting });
    win.on('closed', () => (win = null));
  } else {
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }
  if (accountId !== undefined) sendShowAccount(win.webContents, accountId);
}

/** Stop polling (letting polls in flight be stored), then close the database, then quit. */
async function shutdown(): Promise<void> {
  try {
    await metrics?.stop();
    await desktop?.stop();
    await invoke?.close();
    // Alerts the last polls raised go out to the channels (a short wait: the app is quitting).
    await core?.channels.settle(3000);
    // Jobs in flight are cancelled and have cleaned up (no partial export, no half import).
    await jobs?.close();
  } finally {
    unregisterIpc?.();
    core?.close();
    log.info('stopped');
    await logFile?.close();
    desktop = invoke = unregisterIpc = core = metrics = jobs = logFile = null;
  }
}

function start(): void {
  const home = process.env.BURNRATE_HOME?.trim() || app.getPath('userData');
  // The log opens in the background; lines until then (migrations, a database moved aside)
  // are kept and written first. Without a log the app still works.
  logFile = startProcessLog(home, 'app', { eager: true });
  log.info('starting', { version: app.getVersion(), platform: process.platform });
  // Heavy work (export, import, pruning, rollup rebuilds, deep history pages) runs in worker
  // threads with their own connections: this thread keeps the window, tray and poller going.
  const runner = workerJobRunner({ workerUrl: paths.jobsWorker });
  jobs = runner;
  const opened = openCore({ home, secrets: createKeychain(), deferRollupRebuilds: true });
  core = opened;
  denyPermissions(session.defaultSession);
  serveRenderer(paths.renderer);
  const onError = (error: unknown) => log.error('internal error', { err: error });
  const background = (request: Parameters<JobRunner['start']>[1]) =>
    void runner.start(opened, request).result.catch((error: unknown) => {
      if (error instanceof JobCancelled) return;
      log.error(`${request.kind} in the background failed`, { err: error });
    });
  if (hasStaleImports(opened)) background({ kind: 'recover-imports' });
  if (opened.repos.readings.rollups.hasPending()) background({ kind: 'rollups' });
  const poller = createPoller(opened, { onError });
  nativeTheme.themeSource = readSettings(opened).theme;
  metrics = createAppMetricsEndpoint(opened, { poller, onError });
  invoke = createApi({
    jobs: runner,
    openFolder: async (folder) => {
      const problem = await shell.openPath(folder);
      if (problem) throw new UserError('unsupported', `the folder could not be opened: ${problem}`);
    },
    core: opened,
    version: app.getVersion(),
    platform: process.platform,
    demo: false,
    poller,
    dialogs: electronDialogs(
      () => win,
      () => readLocale(opened, app.getLocale()),
    ),
    setLaunchAtLogin: (enabled) =>
      applyLaunchAtLogin(enabled, {
        platform: process.platform,
        setLoginItemSettings: (s) => app.setLoginItemSettings(s),
        env: process.env,
        execPath: process.execPath,
        homeDir: os.homedir(),
      }),
    emit: (event, payload) => send(win?.webContents, event, payload),
    setTheme: (theme) => (nativeTheme.themeSource = theme),
    // The language follows the OS's unless Settings chose one; the tray redraws in it at once.
    systemLocale: app.getLocale(),
    setLocale: () => desktop?.redraw(),
    // Core has already checked the URL against its allowlist (src/core/external-links.ts).
    openExternal: (url) => shell.openExternal(url),
    metrics,
  });
  unregisterIpc = registerIpc(invoke, isOwnUrl);
  const notifications = { isSupported: () => Notification.isSupported(), create: createElectronNotification };
  desktop = createDesktop({
    core: opened,
    poller,
    platform: process.platform,
    createTray: (icon) => createElectronTray(icon, process.platform, () => showWindow()),
    iconFile: (name) => path.join(paths.tray, name),
    notifications,
    power: powerMonitor,
    isOnline: () => net.isOnline(),
    showWindow,
    quit: () => app.quit(),
    locale: app.getLocale(),
    onError,
    // Retention prunes in a worker; quitting cancels it between batches.
    prune: ({ now, signal }) => {
      const job = runner.start(opened, { kind: 'prune', now });
      signal.addEventListener('abort', () => job.cancel(), { once: true });
      // Stopped between batches: the next run finishes the job.
      return job.result.catch((error: unknown) => {
        if (error instanceof JobCancelled) return { retentionDays: null, before: null, accounts: 0, deleted: 0 };
        throw error;
      });
    },
  });
  desktop.start();
  void metrics.start();
  // A database too large to check at every open is checked in full in a worker.
  checkDatabaseAfterStart(opened, { runner, onDamage: databaseDamageNotice(opened, notifications, app.getLocale()) });
  if (!startedAtLogin(process.argv, process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin))
    showWindow();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.on('second-instance', () => showWindow());
  // Closing the last window leaves the app in the tray, polling; Quit is in the tray menu.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => showWindow());
  app.on('before-quit', (event) => {
    quitting = true;
    if (shutDown) return;
    event.preventDefault();
    if (stopping) return;
    stopping = true;
    void shutdown()
      .catch((error: unknown) => {
        log.error('shutting down failed', { err: error });
        console.error(`burnrate: shutting down: ${String(error)}`);
      })
      .finally(() => {
        shutDown = true;
        app.quit();
      });
  });
  void app.whenReady().then(start);
}
