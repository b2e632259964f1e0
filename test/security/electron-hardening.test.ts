import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { openCore } from '../../src/core/core.ts';
import { INVOKE_CHANNELS, EVENT_CHANNELS } from '../../src/shared/channels.ts';
import { isSameAppOrigin } from '../../src/main/app-protocol-paths.ts';
import { launchMain, MAIN_BUNDLE } from '../helpers/main-app.ts';
import type { MainApp } from '../helpers/main-app.ts';

/**
 * Electron's security checklist, asserted on the built bundles (out/main, out/preload,
 * out/renderer from `npm run build`), not on the sources: main runs in plain Node with the
 * fake `electron` (test/main/fake-electron), and each probe asks main's real handlers what
 * they do when the page tries something.
 */

const APP_URL = 'burnrate://app/index.html';
let app: MainApp;
let accountId: string;
let home: string;

beforeAll(async () => {
  expect(fs.existsSync(MAIN_BUNDLE), `${MAIN_BUNDLE} is missing: run \`npx electron-vite build\` first`).toBe(true);
  // Not tempDir(): that is emptied after each test, and this app runs for the whole file.
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-hardening-'));
  const setup = openCore({ home, secrets: new MemorySecrets() });
  // No key and an unreachable base URL: nothing in this file needs the keychain or a poll.
  accountId = (
    await setup.accounts.add({
      provider: 'custom',
      label: 'relay',
      baseUrl: 'http://127.0.0.1:9',
      options: { path: '/api/balance', balancePath: 'data.balance' },
    })
  ).id;
  setup.close();
  app = launchMain({ BURNRATE_HOME: home });
  await app.ready();
});

afterAll(async () => {
  expect(await app.quit()).toBe(0);
  expect(app.stderr).toBe('');
  fs.rmSync(home, { recursive: true, force: true });
});

interface WindowSnapshot {
  url: string | null;
  webPreferences: Record<string, unknown>;
  hasOpenHandler: boolean;
}

describe('every window', () => {
  it('is created with context isolation, the sandbox, no Node, web security and no webviews', async () => {
    const { windows } = await app.send<{ windows: WindowSnapshot[] }>('state');
    expect(windows.length).toBeGreaterThan(0);
    for (const win of windows) {
      expect(win.url).toBe(APP_URL);
      expect(win.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
      });
      expect(win.webPreferences).not.toHaveProperty('enableBlinkFeatures');
      expect(fs.existsSync(win.webPreferences.preload as string)).toBe(true);
      expect(win.hasOpenHandler).toBe(true);
    }
  });

  it('is the only kind of window main can create (one BrowserWindow construction in the bundle)', () => {
    const bundle = fs.readFileSync(MAIN_BUNDLE, 'utf8');
    expect(bundle.match(/new (?:\w+\.)?BrowserWindow\(/g)).toHaveLength(1);
    expect(bundle).not.toMatch(
      /nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/,
    );
  });
});

describe('navigation and new windows', () => {
  const foreign = [
    'https://evil.example/',
    'http://127.0.0.1:8080/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'burnrate://evil/index.html',
    'burnrate://app.evil.example/index.html',
    'about:blank',
    'not a url',
  ];

  it.each(foreign)('will-navigate and will-redirect to %s are prevented', async (url) => {
    expect(await app.send('navigate', { event: 'will-navigate', url })).toEqual({ prevented: true });
    expect(await app.send('navigate', { event: 'will-redirect', url })).toEqual({ prevented: true });
  });

  it('moving within our own page (hash routes) is allowed', async () => {
    expect(await app.send('navigate', { event: 'will-navigate', url: `${APP_URL}#/settings` })).toEqual({
      prevented: false,
    });
  });

  it.each([...foreign, APP_URL, 'https://openrouter.ai/docs/api-reference/limits'])(
    'window.open(%s) is denied',
    async (url) => {
      expect(await app.send('open-window', { url })).toEqual({ action: 'deny' });
    },
  );

  it('webviews cannot be attached', async () => {
    expect(await app.send('attach-webview')).toEqual({ prevented: true });
  });
});

describe('permissions', () => {
  const permissions = [
    'media',
    'geolocation',
    'notifications',
    'midi',
    'midiSysex',
    'pointerLock',
    'fullscreen',
    'openExternal',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'idle-detection',
    'window-management',
    'hid',
    'serial',
    'usb',
    'storage-access',
    'unknown',
  ];

  it.each(permissions)('a request for %s is denied, and so is a check', async (permission) => {
    expect(await app.send('permission-request', { permission })).toEqual({ granted: false });
    expect(await app.send('permission-check', { permission })).toEqual({ granted: false });
  });
});

describe('the app protocol serving the renderer', () => {
  interface Fetched {
    status: number;
    headers: Record<string, string>;
    body: string;
  }
  const fetchApp = (url: string) => app.send<Fetched>('protocol-fetch', { scheme: 'burnrate', url });

  it('sends a strict Content-Security-Policy header with the page and every asset', async () => {
    const page = await fetchApp(APP_URL);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const assets = [...page.body.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const response of [page, ...(await Promise.all(assets.map((a) => fetchApp(`burnrate://app/${a}`))))]) {
      expect(response.status).toBe(200);
      const csp = parseCsp(response.headers['content-security-policy'] ?? '');
      expect(csp.get('default-src')).toEqual(["'none'"]);
      expect(csp.get('script-src')).toEqual(["'self'"]);
      expect(csp.get('style-src')).toEqual(["'self'"]);
      expect(csp.get('connect-src')).toEqual(["'none'"]);
      expect(csp.get('object-src')).toEqual(["'none'"]);
      expect(csp.get('base-uri')).toEqual(["'none'"]);
      expect(csp.get('form-action')).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      // Nothing in any directive loosens it: no inline code, no eval, no wildcard, no remote host.
      for (const [directive, sources] of csp) {
        for (const source of sources) expect(source, directive).toMatch(/^('none'|'self'|data:)$/);
      }
    }
  });

  it('the built page has no inline script or style the policy would have to allow', async () => {
    const html = fs.readFileSync(path.join(REPO_ROOT, 'out/renderer/index.html'), 'utf8');
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\ssrc="\.\//);
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
    expect(html).not.toMatch(/<style\b|\son[a-z]+=/i);
  });

  it.each([
    'burnrate://app/../../../../etc/passwd',
    'burnrate://app/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    'burnrate://app/..%2f..%2f..%2fetc%2fpasswd',
    'burnrate://app/assets/..%5c..%5cmain%5cindex.js',
    'burnrate://app/%00index.html',
    'burnrate://other/index.html',
    'burnrate://app/no-such-file.js',
  ])('answers 404 for %s (nothing outside the renderer folder)', async (url) => {
    const response = await fetchApp(url);
    expect(response.status).toBe(404);
    expect(response.body).toBe('not found');
  });
});

describe('which URLs count as our page', () => {
  it('compares scheme and host, since Node gives burnrate:, file:, data: and about: URLs the same "null" origin', () => {
    expect(new URL(APP_URL).origin).toBe(new URL('file:///etc/passwd').origin);
    expect(isSameAppOrigin(`${APP_URL}#/history`, APP_URL)).toBe(true);
    expect(isSameAppOrigin('burnrate://app/assets/index.js', APP_URL)).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'about:blank',
      'data:text/html,x',
      'javascript:alert(1)',
      'burnrate://evil/',
      'burnrate://user@app/',
      'https://app/',
      'nonsense',
    ]) {
      expect(isSameAppOrigin(url, APP_URL), url).toBe(false);
    }
    // The dev server (electron-vite) is an http origin: its port counts.
    expect(isSameAppOrigin('http://localhost:5173/src/main.tsx', 'http://localhost:5173/')).toBe(true);
    expect(isSameAppOrigin('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
    // A start URL main would never use matches nothing.
    expect(isSameAppOrigin('file:///x', 'file:///x')).toBe(false);
  });
});

describe('IPC', () => {
  const foreignFrames = [
    { frameUrl: 'https://evil.example/' },
    { frameUrl: 'file:///tmp/evil.html' },
    { frameUrl: 'burnrate://evil/index.html' },
    { frameUrl: 'http://127.0.0.1:5173/' },
    { frameUrl: 'about:blank' },
    // Our own origin, but inside a frame: only the top-level page may call.
    { frameUrl: APP_URL, subframe: true },
    // The sending frame navigated away or was destroyed before the handler ran.
    { noFrame: true },
  ];

  it('registers exactly the contract channels', async () => {
    const { ipcChannels } = await app.send<{ ipcChannels: string[] }>('state');
    expect(ipcChannels).toEqual([...INVOKE_CHANNELS].sort());
  });

  it.each(foreignFrames)('refuses every channel to a sender that is not our page: %j', async (frame) => {
    for (const channel of INVOKE_CHANNELS) {
      const payload =
        channel === 'accounts:remove'
          ? { id: accountId, purge: true }
          : channel === 'app:openDocs'
            ? { provider: 'openrouter' }
            : undefined;
      expect(await app.invoke(channel, payload, frame), channel).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'IPC from an unexpected frame' },
      });
    }
    // Nothing happened on their behalf: the account is still there, no page was opened.
    expect(await app.invoke('accounts:list')).toMatchObject({ ok: true, value: [{ id: accountId }] });
    expect((await app.send<{ openedExternal: string[] }>('state')).openedExternal).toEqual([]);
  });

  it('answers our own page', async () => {
    expect(await app.invoke('accounts:list')).toMatchObject({ ok: true, value: [{ id: accountId, label: 'relay' }] });
  });
});

describe('opening web pages (shell.openExternal)', () => {
  it('opens a provider’s documentation from the registry, and nothing the page names', async () => {
    expect(await app.invoke('app:openDocs', { provider: 'openrouter' })).toEqual({
      ok: true,
      value: { opened: 'https://openrouter.ai/docs/api-reference/limits' },
    });
    // The page cannot hand main a URL: unknown fields are refused before anything runs.
    for (const payload of [
      { provider: 'openrouter', url: 'https://evil.example/' },
      { url: 'https://evil.example/' },
      { provider: 'https://evil.example/' },
      { provider: '../../etc/passwd' },
      'https://evil.example/',
    ]) {
      expect(await app.invoke('app:openDocs', payload)).toMatchObject({ ok: false, error: { code: 'validation' } });
    }
    // A provider without a documentation link, or one that does not exist, opens nothing.
    expect(await app.invoke('app:openDocs', { provider: 'custom' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await app.invoke('app:openDocs', { provider: 'nosuchprovider' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect((await app.send<{ openedExternal: string[] }>('state')).openedExternal).toEqual([
      'https://openrouter.ai/docs/api-reference/limits',
    ]);
  });

  it('is called nowhere in main but through core’s allowlist', () => {
    const bundle = fs.readFileSync(MAIN_BUNDLE, 'utf8');
    const calls = bundle.match(/shell\.openExternal\(/g) ?? [];
    // One call: the ApiContext.openExternal main passes to createApi (core checks the URL first).
    expect(calls).toHaveLength(1);
    expect(bundle).toMatch(/openExternal: \(url\) => (?:\w+\.)?shell\.openExternal\(url\)/);
  });
});

describe('the built preload', () => {
  /** Run out/preload/index.cjs against a fake electron, as the sandboxed preload runs. */
  function loadPreload() {
    const exposed = new Map<string, unknown>();
    const invoked: Array<[string, unknown]> = [];
    const listening: string[] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (name: string, value: unknown) => exposed.set(name, value) },
      ipcRenderer: {
        invoke: async (channel: string, payload: unknown) => {
          invoked.push([channel, payload]);
          return { ok: true, value: null };
        },
        on: (channel: string) => listening.push(channel),
        removeListener: () => undefined,
      },
    };
    const source = fs.readFileSync(path.join(REPO_ROOT, 'out/preload/index.cjs'), 'utf8');
    const required: string[] = [];
    const fakeRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return fakeElectron;
      throw new Error(`the preload required ${name}`);
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', source)(fakeRequire, module, module.exports);
    return { exposed, invoked, listening, required };
  }

  it('exposes one object with invoke and on, for contract channels only', async () => {
    const { exposed, invoked, listening, required } = loadPreload();
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['api']);
    const api = exposed.get('api') as {
      invoke: (c: unknown, p: unknown) => Promise<unknown>;
      on: (e: unknown, l: () => void) => () => void;
    };
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    for (const channel of ['ipc:raw', 'ELECTRON_BROWSER_REQUIRE', '__proto__', 'constructor', '', 42, null]) {
      expect(await api.invoke(channel, {})).toEqual({
        ok: false,
        error: { code: 'validation', message: 'unknown channel' },
      });
    }
    expect(invoked).toEqual([]);
    await api.invoke('accounts:list', undefined);
    expect(invoked).toEqual([['accounts:list', undefined]]);
    for (const event of ['ipc:raw', 'ELECTRON_BROWSER_REQUIRE', 'accounts:list'])
      expect(() => api.on(event, () => undefined)).toThrow('unknown event');
    for (const event of EVENT_CHANNELS) expect(typeof api.on(event, () => undefined)).toBe('function');
    expect(listening).toEqual([...EVENT_CHANNELS]);
  });
});

function parseCsp(header: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}
