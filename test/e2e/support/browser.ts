import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../src/shared/channels.ts';

/** Debian's Chromium; `npx playwright install` cannot download browsers here or in CI. */
export const CHROMIUM = process.env.BURNRATE_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** The engine side of the bridge: what main does with ipcMain, and how it sends events. */
export interface Bridge {
  invoke(channel: unknown, payload: unknown): Promise<unknown>;
  /** Called with a function that delivers an event to this page. */
  attach(deliver: (event: string, payload: unknown) => Promise<void>): () => void;
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and CSP violations seen so far: tests assert it stays empty. */
  problems: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  colorScheme?: 'light' | 'dark';
  /** The OS's locale (the page's and core's): "zh-CN" runs the app as on a Chinese system. */
  locale?: string;
  hash?: string;
  viewport?: { width: number; height: number };
}

/**
 * Open the built renderer with `window.api` bridged to a real core in this process.
 * The init script runs before the page's own scripts and gives `window.api` exactly the
 * preload's shape: `invoke` answers unknown channels with a validation envelope, `on`
 * throws for unknown events and returns an unsubscribe function. Replies cross as JSON, as
 * they would cross Electron's structured clone (no functions, no prototypes).
 */
export async function openApp(
  browser: Browser,
  origin: string,
  bridge: Bridge,
  options: OpenOptions = {},
): Promise<AppPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'en-US',
    timezoneId: 'UTC',
    viewport: options.viewport ?? { width: 1280, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  await page.exposeBinding('__burnrateInvoke', async (_source, channel: unknown, payload: unknown) => {
    const reply = await bridge.invoke(channel, payload);
    return JSON.parse(JSON.stringify(reply)) as unknown;
  });
  await page.exposeBinding('__burnrateViolation', (_source, text: string) => {
    problems.push(`CSP: ${text}`);
  });
  await page.addInitScript(installBridge, {
    invokeChannels: [...INVOKE_CHANNELS] as string[],
    eventChannels: [...EVENT_CHANNELS] as string[],
  });

  const detach = bridge.attach(async (event, payload) => {
    if (page.isClosed()) return;
    await page
      .evaluate(([e, p]) => (globalThis as unknown as PageGlobals).__burnrateEmit?.(e, p), [event, payload] as const)
      .catch(() => undefined);
  });
  await page.goto(`${origin}/index.html${options.hash ?? ''}`);
  return {
    context,
    page,
    problems,
    async close() {
      detach();
      await context.close();
    },
  };
}

/** What the init script touches in the page (this file is type-checked without the DOM lib). */
interface PageGlobals {
  __burnrateInvoke: (channel: unknown, payload: unknown) => Promise<unknown>;
  __burnrateViolation: (text: string) => Promise<void>;
  __burnrateEmit?: (event: string, payload: unknown) => void;
  document: {
    addEventListener(
      type: 'securitypolicyviolation',
      listener: (e: { violatedDirective: string; blockedURI: string; sourceFile: string; lineNumber: number }) => void,
    ): void;
  };
}

/** Runs in the page before its scripts: the preload's `window.api`, over the bindings. */
function installBridge({ invokeChannels, eventChannels }: { invokeChannels: string[]; eventChannels: string[] }): void {
  const g = globalThis as unknown as PageGlobals;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api = {
    invoke(channel: unknown, payload: unknown) {
      if (typeof channel !== 'string' || !invokeChannels.includes(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'validation', message: 'unknown channel' } });
      }
      return g.__burnrateInvoke(channel, payload);
    },
    on(event: string, listener: (payload: unknown) => void) {
      if (!eventChannels.includes(event)) throw new Error('unknown event');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  };
  Object.defineProperty(globalThis, 'api', { value: Object.freeze(api), writable: false, configurable: false });
  Object.defineProperty(globalThis, '__burnrateEmit', {
    value: (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload)),
  });
  g.document.addEventListener('securitypolicyviolation', (e) => {
    void g.__burnrateViolation(
      `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
    );
  });
}
