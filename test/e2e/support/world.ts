import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCore } from '../../../src/core/core.ts';
import type { Core } from '../../../src/core/core.ts';
import { testApi } from '../../helpers/api.ts';
import type { Invoke } from '../../../src/core/api.ts';
import { createPoller } from '../../../src/core/poller/index.ts';
import type { Poller } from '../../../src/core/poller/index.ts';
import { startFakeServer } from '../../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../../src/core/providers/fake/server.ts';
import { MemorySecrets } from '../../helpers/memory-secrets.ts';
import type { Bridge } from './browser.ts';

/**
 * One app's worth of engine for a browser test, in this process: a real core on SQLite in
 * a temporary BURNRATE_HOME, the real poller, the fake provider server on 127.0.0.1, and
 * the same dispatcher main uses. Keys go to a test-only in-memory store (the keychain itself
 * is tested in test/core/secrets).
 */
export interface World {
  home: string;
  core: Core;
  secrets: MemorySecrets;
  fake: FakeServer;
  poller: Poller;
  invoke: Invoke;
  bridge: Bridge;
  /** What the "save as" and "open" dialogs answer next (null = the person cancelled). */
  dialogs: { exportPath: string | null; importPath: string | null };
  /** Every event sent to the window, in order. */
  events: Array<{ event: string; payload: unknown }>;
  /** Every page core asked main to open in the browser (docs, billing pages), in order. */
  opened: string[];
  /** Folders the window asked to show in the file manager (the log folder). */
  openedFolders: string[];
  close(): Promise<void>;
}

export async function createWorld(options: { startPoller?: boolean; systemLocale?: string } = {}): Promise<World> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-e2e-'));
  const secrets = new MemorySecrets();
  const core = openCore({ home, secrets });
  const fake = await startFakeServer();
  const poller = createPoller(core, { timeoutMs: 5000 });
  const deliver = new Set<(event: string, payload: unknown) => Promise<void>>();
  const dialogs: World['dialogs'] = { exportPath: null, importPath: null };
  const opened: string[] = [];
  const openedFolders: string[] = [];
  const { invoke, events, close } = testApi({
    core,
    version: '0.0.0-e2e',
    platform: process.platform,
    poller,
    // The OS's locale as main reads it (app.getLocale()); English unless a test says otherwise.
    systemLocale: options.systemLocale ?? 'en-US',
    demoHome: path.join(home, 'demo'),
    onEvent: (event, payload) => {
      for (const d of deliver) void d(event, payload);
    },
    dialogs: {
      chooseExportPath: async () => dialogs.exportPath,
      chooseImportPath: async () => dialogs.importPath,
    },
    openExternal: (url) => void opened.push(url),
    openFolder: (folder) => void openedFolders.push(folder),
  });
  if (options.startPoller ?? true) poller.start();
  return {
    home,
    core,
    secrets,
    fake,
    poller,
    invoke,
    dialogs,
    events,
    opened,
    openedFolders,
    bridge: {
      invoke: (channel, payload) => invoke(channel, payload),
      attach(fn) {
        deliver.add(fn);
        return () => deliver.delete(fn);
      },
    },
    async close() {
      await close();
      await fake.close();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
