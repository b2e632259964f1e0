/**
 * A fake of the parts of Electron that src/main uses, for the smoke test of the built main
 * bundle. It records what main does (IPC handlers, the tray and its menu, windows,
 * notifications, protocol and permission handlers) and takes commands from the test over
 * the child-process IPC channel: read the state, invoke an IPC channel as the page would,
 * click a tray menu item or a notification, emit power events, close the window, quit.
 * Quitting follows Electron's order (before-quit, which may be prevented; windows close;
 * will-quit; quit), then the channel is closed so the process exits on its own only if
 * main left nothing running.
 */
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

type Listener = (...args: unknown[]) => unknown;
interface Command {
  id: number;
  cmd: string;
  [key: string]: unknown;
}

const APP_URL = 'burnrate://app/index.html';

/**
 * Set by the packaged-app check (test/packaging), which runs main from an extracted app.asar:
 * the package's resources folder. Main then sees a packaged app, as in Electron:
 * app.isPackaged and process.resourcesPath (where the tray icons are).
 */
const packagedResources = process.env.FAKE_ELECTRON_RESOURCES_PATH || null;
if (packagedResources) Object.assign(process, { resourcesPath: packagedResources });

/**
 * Set by the tray test: main runs as if on this platform (macOS: template icons and the
 * menu-bar title), so each platform's tray is checked from the built bundle on any host.
 */
const fakePlatform = process.env.FAKE_ELECTRON_PLATFORM || null;
if (fakePlatform) {
  // Native addons find their build by platform: load SQLite's for this host first.
  const BetterSqlite3 = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => { close(): void };
  new BetterSqlite3(':memory:').close();
  Object.defineProperty(process, 'platform', { value: fakePlatform });
}

export const state = {
  ready: false,
  quit: false,
  singleInstanceLock: false,
  schemes: [] as unknown[],
  protocolHandled: [] as string[],
  protocolHandlers: new Map<string, (request: Request) => Response | Promise<Response>>(),
  permissionHandlers: 0,
  permissionRequestHandler: null as
    null | ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void),
  permissionCheckHandler: null as
    null | ((contents: unknown, permission: string, origin: string, details: unknown) => boolean),
  openedExternal: [] as string[],
  openedPaths: [] as string[],
  /** What the next save/open dialogs answer (the test sets them; default: cancelled). */
  dialogAnswers: { save: null as string | null, open: null as string | null },
  /** The dialogs shown, with their file filters. */
  dialogsShown: [] as Array<{ kind: 'save' | 'open'; filters: Array<{ name: string; extensions: string[] }> }>,
  ipcHandlers: new Map<string, Listener>(),
  trays: [] as FakeTray[],
  windows: [] as FakeBrowserWindow[],
  notifications: [] as FakeNotification[],
  loginItem: null as unknown,
  online: true,
};

class Emitter extends EventEmitter {}

/* ------------------------------------------------------------------ app */

class FakeApp extends Emitter {
  isPackaged = packagedResources !== null;
  private readyResolve!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve));
  requestSingleInstanceLock() {
    state.singleInstanceLock = true;
    return true;
  }
  whenReady() {
    return this.readyPromise;
  }
  getPath(name: string) {
    return `/nonexistent/${name}`;
  }
  getAppPath() {
    return process.cwd();
  }
  getVersion() {
    return '0.0.0-smoke';
  }
  getLocale() {
    return 'en-US';
  }
  setLoginItemSettings(settings: unknown) {
    state.loginItem = settings;
  }
  getLoginItemSettings() {
    return { openAtLogin: false, wasOpenedAtLogin: false };
  }
  quit() {
    const event = preventable();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    for (const win of state.windows.filter((w) => !w.destroyed)) {
      const close = preventable();
      win.emit('close', close);
      if (close.defaultPrevented) return; // a window refused: Electron cancels the quit
      win.destroy();
    }
    this.emit('will-quit', preventable());
    state.quit = true;
    this.emit('quit');
    report({ type: 'quit' });
    // Main is done: let go of the test's channel. The process now exits only if main left
    // no timer, socket or handle behind.
    setImmediate(() => process.disconnect?.());
  }
  markReady() {
    this.readyResolve();
    state.ready = true;
  }
}

function preventable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export const app = new FakeApp();

/* ------------------------------------------------------------------ windows */

class FakeWebContents extends Emitter {
  sent: Array<[string, unknown]> = [];
  openHandler: unknown = null;
  destroyed = false;
  setWindowOpenHandler(handler: unknown) {
    this.openHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isLoading() {
    return false;
  }
}

export class FakeBrowserWindow extends Emitter {
  readonly options: Record<string, unknown>;
  readonly webContents = new FakeWebContents();
  url: string | null = null;
  visible = false;
  destroyed = false;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    state.windows.push(this);
    setImmediate(() => this.emit('ready-to-show'));
  }
  loadURL(url: string) {
    this.url = url;
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  hide() {
    this.visible = false;
  }
  focus() {}
  isMinimized() {
    return false;
  }
  restore() {}
  isDestroyed() {
    return this.destroyed;
  }
  /** The user closes the window (title bar ×): main may prevent it and hide instead. */
  userClose() {
    const event = preventable();
    this.emit('close', event);
    if (!event.defaultPrevented) this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.visible = false;
    this.emit('closed');
  }
}
export { FakeBrowserWindow as BrowserWindow };

/* ------------------------------------------------------------------ tray, menu, images */

interface MenuItem {
  submenu?: MenuItem[];
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
}

export const Menu = {
  buildFromTemplate(template: MenuItem[]) {
    return { items: template };
  },
};

export const nativeImage = {
  createFromPath(file: string) {
    return {
      file,
      template: false,
      setTemplateImage(v: boolean) {
        this.template = v;
      },
    };
  },
};

export class FakeTray extends Emitter {
  image: { file: string };
  tooltip = '';
  title = '';
  menu: { items: MenuItem[] } | null = null;
  destroyed = false;
  constructor(image: { file: string }) {
    super();
    this.image = image;
    state.trays.push(this);
  }
  setImage(image: { file: string }) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setTitle(text: string) {
    this.title = text;
  }
  setContextMenu(menu: { items: MenuItem[] }) {
    this.menu = menu;
  }
  destroy() {
    this.destroyed = true;
  }
}
export { FakeTray as Tray };

/* ------------------------------------------------------------------ notifications */

export class FakeNotification extends Emitter {
  static isSupported() {
    return true;
  }
  readonly options: Record<string, unknown>;
  shown = false;
  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    state.notifications.push(this);
  }
  show() {
    this.shown = true;
  }
}
export { FakeNotification as Notification };

/* ------------------------------------------------------------------ the rest */

export const ipcMain = {
  handle(channel: string, listener: Listener) {
    if (state.ipcHandlers.has(channel)) throw new Error(`a handler for ${channel} is already registered`);
    state.ipcHandlers.set(channel, listener);
  },
  removeHandler(channel: string) {
    state.ipcHandlers.delete(channel);
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    if (state.ready) throw new Error('schemes must be registered before app ready');
    state.schemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
    state.protocolHandled.push(scheme);
    state.protocolHandlers.set(scheme, handler);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: typeof state.permissionRequestHandler) {
      state.permissionHandlers++;
      state.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: typeof state.permissionCheckHandler) {
      state.permissionHandlers++;
      state.permissionCheckHandler = handler;
    },
  },
};

export const powerMonitor = new Emitter();

/** The theme main asks Electron for (the theme setting: system, light or dark). */
export const nativeTheme = { themeSource: 'system' as 'system' | 'light' | 'dark' };

export const net = {
  isOnline: () => state.online,
};

export const shell = {
  async openExternal(url: string) {
    state.openedExternal.push(url);
  },
  async openPath(path: string) {
    state.openedPaths.push(path);
    return '';
  },
};

/** Electron's dialogs take (window, options) or (options): the options, as shown. */
const dialogOptions = (a: unknown, b: unknown) =>
  (b ?? a) as { filters?: Array<{ name: string; extensions: string[] }> };

export const dialog = {
  showSaveDialog: async (a: unknown, b?: unknown) => {
    state.dialogsShown.push({ kind: 'save', filters: dialogOptions(a, b).filters ?? [] });
    return state.dialogAnswers.save === null
      ? { canceled: true, filePath: undefined }
      : { canceled: false, filePath: state.dialogAnswers.save };
  },
  showOpenDialog: async (a: unknown, b?: unknown) => {
    state.dialogsShown.push({ kind: 'open', filters: dialogOptions(a, b).filters ?? [] });
    return state.dialogAnswers.open === null
      ? { canceled: true, filePaths: [] }
      : { canceled: false, filePaths: [state.dialogAnswers.open] };
  },
};

export default {
  app,
  BrowserWindow: FakeBrowserWindow,
  Menu,
  nativeImage,
  Tray: FakeTray,
  Notification: FakeNotification,
  ipcMain,
  protocol,
  session,
  powerMonitor,
  nativeTheme,
  net,
  dialog,
  shell,
};

/* ------------------------------------------------------------------ the test's remote control */

function report(message: Record<string, unknown>): void {
  if (process.connected) process.send?.(message);
}

function snapshot() {
  const tray = state.trays.at(-1);
  return {
    ready: state.ready,
    quit: state.quit,
    singleInstanceLock: state.singleInstanceLock,
    schemes: state.schemes,
    protocolHandled: state.protocolHandled,
    permissionHandlers: state.permissionHandlers,
    ipcChannels: [...state.ipcHandlers.keys()].sort(),
    trays: state.trays.length,
    tray: tray && {
      icon: tray.image.file,
      tooltip: tray.tooltip,
      destroyed: tray.destroyed,
      title: tray.title,
      template: (tray.image as { template?: boolean }).template ?? false,
      menu:
        tray.menu?.items.map((i) =>
          i.type === 'separator'
            ? '---'
            : i.submenu
              ? `${i.label} ▸ ${i.submenu.map((x) => x.label).join(' | ')}`
              : `${i.label}${i.enabled === false ? ' (disabled)' : ''}`,
        ) ?? [],
    },
    windows: state.windows.map((w) => ({
      url: w.url,
      visible: w.visible,
      destroyed: w.destroyed,
      webPreferences: w.options.webPreferences,
      sent: w.webContents.sent,
      hasOpenHandler: w.webContents.openHandler !== null,
    })),
    notifications: state.notifications.map((n) => ({ ...n.options, shown: n.shown })),
    loginItem: state.loginItem,
    openedExternal: state.openedExternal,
    theme: nativeTheme.themeSource,
    openedPaths: state.openedPaths,
    dialogsShown: state.dialogsShown,
  };
}

/** The last window's web contents, for the security probes. */
function contents(): FakeWebContents {
  const win = state.windows.filter((w) => !w.destroyed).at(-1);
  if (!win) throw new Error('no window');
  return win.webContents;
}

async function run(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'state':
      return snapshot();
    case 'invoke': {
      const handler = state.ipcHandlers.get(command.channel as string);
      if (!handler) throw new Error(`no handler for ${String(command.channel)}`);
      const url = (command.frameUrl as string | undefined) ?? APP_URL;
      // A subframe has a parent frame; a frame that navigated away or was destroyed is null.
      const senderFrame = command.noFrame
        ? null
        : { url, parent: command.subframe ? { url: APP_URL, parent: null } : null };
      return handler({ senderFrame }, command.payload);
    }
    case 'invoke-timed': {
      // As `invoke`, also saying how long main took to answer from when the test sent the
      // command (`sentAt`, Date.now() in the test): the wait for main's event loop and the
      // handler itself, without the test process's own scheduling on the way back.
      const handler = state.ipcHandlers.get(command.channel as string);
      if (!handler) throw new Error(`no handler for ${String(command.channel)}`);
      const reply = await handler({ senderFrame: { url: APP_URL, parent: null } }, command.payload);
      return { reply, ms: Date.now() - (command.sentAt as number) };
    }
    // Security probes: what main's handlers answer when the page tries something.
    case 'navigate': {
      const event = preventable();
      contents().emit(command.event as string, event, command.url);
      return { prevented: event.defaultPrevented };
    }
    case 'open-window': {
      const handler = contents().openHandler as ((details: { url: string }) => unknown) | null;
      if (!handler) throw new Error('no window open handler');
      return handler({ url: command.url as string });
    }
    case 'attach-webview': {
      const event = preventable();
      contents().emit('will-attach-webview', event, {}, {});
      return { prevented: event.defaultPrevented };
    }
    case 'permission-request': {
      if (!state.permissionRequestHandler) throw new Error('no permission request handler');
      return new Promise((resolve) =>
        state.permissionRequestHandler!(
          contents(),
          command.permission as string,
          (granted) => resolve({ granted }),
          {},
        ),
      );
    }
    case 'permission-check':
      if (!state.permissionCheckHandler) throw new Error('no permission check handler');
      return { granted: state.permissionCheckHandler(contents(), command.permission as string, APP_URL, {}) };
    case 'protocol-fetch': {
      const handler = state.protocolHandlers.get(command.scheme as string);
      if (!handler) throw new Error(`no protocol handler for ${String(command.scheme)}`);
      const response = await handler(new Request(command.url as string));
      return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
    }
    case 'tray-click': {
      const item = state.trays.at(-1)?.menu?.items.find((i) => i.label === command.label);
      if (!item?.click) throw new Error(`no clickable tray item ${String(command.label)}`);
      item.click();
      return null;
    }
    case 'tray-click-sub': {
      const parent = state.trays
        .at(-1)
        ?.menu?.items.find((i) => i.submenu && i.label?.startsWith(command.parent as string));
      const item = parent?.submenu?.find((i) => i.label === command.label);
      if (!item?.click) throw new Error(`no clickable ${String(command.label)} under ${String(command.parent)}`);
      item.click();
      return null;
    }
    case 'notification-click': {
      const n = state.notifications[command.index as number];
      if (!n) throw new Error(`no notification ${String(command.index)}`);
      n.emit('click');
      return null;
    }
    case 'notification-action': {
      // As Electron 45 emits it: the details carry the button's index.
      const n = state.notifications[command.index as number];
      if (!n) throw new Error(`no notification ${String(command.index)}`);
      n.emit('action', { actionIndex: command.action as number }, command.action);
      return null;
    }
    case 'power':
      powerMonitor.emit(command.event as string);
      return null;
    case 'online':
      state.online = command.value as boolean;
      return null;
    case 'close-window':
      state.windows
        .filter((w) => !w.destroyed)
        .at(-1)
        ?.userClose();
      return null;
    case 'second-instance':
      app.emit('second-instance', {}, [], process.cwd());
      return null;
    case 'quit':
      app.quit();
      return null;
    case 'dialog-answers':
      state.dialogAnswers = {
        save: (command.save as string | null | undefined) ?? null,
        open: (command.open as string | null | undefined) ?? null,
      };
      return null;
    default:
      throw new Error(`unknown command ${command.cmd}`);
  }
}

process.on('message', (message: Command) => {
  run(message).then(
    (result) => report({ type: 'reply', id: message.id, result }),
    (error: unknown) =>
      report({ type: 'reply', id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});

// Electron fires `ready` after the main script's first turn; so does the fake.
setImmediate(() => {
  app.markReady();
  setImmediate(() => report({ type: 'ready' }));
});
