import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { launchMain, MAIN_BUNDLE } from '../helpers/main-app.ts';
import { tempDir } from '../helpers/tmp.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { openCore } from '../../src/core/core.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { INVOKE_CHANNELS } from '../../src/shared/channels.ts';

/**
 * The built main bundle (out/main/index.js, from `npm run build`) run in plain Node with a
 * fake `electron` (test/main/fake-electron): the Electron binary is not installed here, so
 * this is how main is exercised. It must register every IPC handler, serve the renderer,
 * create the tray and the window, poll, notify, pause on sleep, hide on close, and on quit
 * stop polling and close the database so the process ends on its own.
 */

interface Snapshot {
  ready: boolean;
  quit: boolean;
  singleInstanceLock: boolean;
  schemes: Array<{ scheme: string }>;
  protocolHandled: string[];
  permissionHandlers: number;
  ipcChannels: string[];
  trays: number;
  tray: { icon: string; tooltip: string; destroyed: boolean; menu: string[] } | undefined;
  windows: Array<{
    url: string | null;
    visible: boolean;
    destroyed: boolean;
    webPreferences: Record<string, unknown>;
    sent: Array<[string, unknown]>;
    hasOpenHandler: boolean;
  }>;
  notifications: Array<{ title: string; body: string; urgency: string; shown: boolean }>;
  theme: string;
  dialogsShown: Array<{ kind: 'save' | 'open'; filters: Array<{ name: string; extensions: string[] }> }>;
}

/** The app in a child process, with the fake's remote control and a typed snapshot. */
function launch(env: NodeJS.ProcessEnv) {
  const app = launchMain(env);
  return { ...app, state: () => app.send<Snapshot>('state') };
}

let fake: FakeServer;
beforeAll(async () => {
  fake = await startFakeServer();
});
afterAll(() => fake.close());

describe('the built main bundle with a fake electron', () => {
  it('exists (npm test builds it before the tests)', () => {
    expect(fs.existsSync(MAIN_BUNDLE), `${MAIN_BUNDLE} is missing: run \`npx electron-vite build\` first`).toBe(true);
  });

  it('registers IPC, serves the renderer, draws the tray, polls, notifies, pauses on sleep, hides on close and shuts down cleanly', async () => {
    // An account that needs no keychain: a custom endpoint polled without a key, which the
    // fake server rejects (401), so the first poll raises a key_invalid alert.
    const home = tempDir();
    const setup = openCore({ home, secrets: new MemorySecrets() });
    const account = await setup.accounts.add({
      provider: 'custom',
      label: 'relay',
      baseUrl: fake.baseUrl('custom'),
      options: { path: '/api/balance', balancePath: 'data.balance' },
    });
    setup.close();

    const app = launch({ BURNRATE_HOME: home });
    try {
      await app.until(
        'ready',
        async () => app.seen,
        (seen) => seen.includes('ready'),
      );
      const s = await app.state();
      expect(s.singleInstanceLock).toBe(true);
      expect(s.schemes).toEqual([{ scheme: 'burnrate', privileges: { standard: true, secure: true } }]);
      expect(s.protocolHandled).toEqual(['burnrate']);
      expect(s.permissionHandlers).toBe(2);
      expect(s.ipcChannels).toEqual([...INVOKE_CHANNELS].sort());

      // The window: our page, secure preferences, new windows denied.
      expect(s.windows).toHaveLength(1);
      expect(s.windows[0]).toMatchObject({ url: 'burnrate://app/index.html', hasOpenHandler: true });
      expect(s.windows[0]!.webPreferences).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
      });
      expect(fs.existsSync(s.windows[0]!.webPreferences.preload as string)).toBe(true);

      // The tray: a real icon file, the account in the menu.
      expect(s.trays).toBe(1);
      expect(s.tray!.icon).toBe(path.join(REPO_ROOT, 'resources/tray/ok.png'));
      expect(fs.existsSync(s.tray!.icon)).toBe(true);
      expect(s.tray!.menu).toEqual([
        '✓  Custom endpoint · relay — no reading yet',
        '---',
        'Not updated yet (disabled)',
        'Refresh now',
        'Pause for 1 hour',
        '---',
        'Open Burnrate',
        'Quit',
      ]);
      expect(s.tray!.tooltip).toBe('Burnrate — 1 account');

      // IPC: the real handlers answer our page and refuse anything else.
      expect(await app.send('invoke', { channel: 'accounts:list', payload: undefined })).toMatchObject({
        ok: true,
        value: [{ id: account.id, label: 'relay' }],
      });
      expect(
        await app.send('invoke', { channel: 'accounts:list', payload: undefined, frameUrl: 'https://evil.example/' }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });

      // The theme setting reaches Electron's native parts at once.
      expect(s.theme).toBe('system');
      await app.send('invoke', { channel: 'settings:set', payload: { theme: 'dark' } });
      expect((await app.state()).theme).toBe('dark');

      // Polling: "Refresh now" polls, the 401 raises an alert, the alert a notification,
      // and the tray turns critical.
      await app.send('tray-click', { label: 'Refresh now' });
      const alerted = await app.until(
        'a notification',
        app.state,
        (v) => v.notifications.length > 0 && v.tray!.icon.endsWith('critical.png'),
      );
      expect(alerted.notifications).toEqual([
        {
          title: 'Custom endpoint · relay',
          body: 'The API key was rejected (invalid or revoked); replace it to keep polling',
          urgency: 'critical',
          shown: true,
        },
      ]);
      expect(alerted.tray!.menu[0]).toBe('✖  Custom endpoint · relay — key rejected');

      // Clicking the notification shows the window on that account.
      await app.send('notification-click', { index: 0 });
      const shown = await app.state();
      expect(shown.windows.at(-1)!.sent).toContainEqual(['app:showAccount', { accountId: account.id }]);

      // Sleep pauses polling (the tray says so); waking resumes it.
      await app.send('power', { event: 'suspend' });
      await app.until('the paused icon', app.state, (v) => v.tray!.icon.endsWith('paused.png'));
      await app.send('power', { event: 'resume' });

      // Closing the window hides it: the app lives on in the tray, and a second launch shows it.
      await app.send('close-window');
      let after = await app.state();
      expect(after.windows.at(-1)).toMatchObject({ destroyed: false, visible: false });
      await app.send('second-instance');
      after = await app.state();
      expect(after.windows).toHaveLength(1);
      expect(after.windows[0]!.visible).toBe(true);

      // Quit from the tray: everything stops, the database closes, the process ends by itself.
      await app.send('tray-click', { label: 'Quit' });
      const code = await Promise.race([app.exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))]);
      expect(code).toBe(0);
      expect(app.seen).toContain('quit');
      expect(app.stderr).toBe('');
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
    }

    // What the app stored: the reading and the alert (shown, so marked notified), and a
    // database closed properly (SQLite removes the WAL file when the last connection closes).
    expect(fs.existsSync(path.join(home, 'burnrate.db-wal'))).toBe(false);
    const check = openCore({ home, secrets: new MemorySecrets() });
    const stored = check.accounts.require(account.id);
    expect(check.repos.readings.latest(stored.pk)?.state).toBe('invalid_key');
    expect(check.alerts.history().map((e) => [e.kind, e.silenced])).toEqual([['key_invalid', null]]);
    expect(check.alerts.pendingNotifications(0)).toEqual([]);
    check.close();
  });

  it('names the file dialogs’ filter in the language the app speaks (the OS’s, else Settings → Language)', async () => {
    const app = launch({ BURNRATE_HOME: tempDir() });
    try {
      await app.ready();
      // Cancelled dialogs (the fake's default): nothing is exported or imported.
      await app.invoke('export:run', { format: 'csv' });
      await app.invoke('settings:set', { language: 'zh-CN' });
      await app.invoke('import:run');
      expect((await app.state()).dialogsShown).toEqual([
        { kind: 'save', filters: [{ name: 'CSV or JSON', extensions: ['csv', 'json'] }] },
        { kind: 'open', filters: [{ name: 'CSV 或 JSON', extensions: ['csv', 'json'] }] },
      ]);
      expect(await app.quit()).toBe(0);
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
    }
  });
});
