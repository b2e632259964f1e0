import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { launchBrowser, openApp } from './browser.ts';
import type { AppPage, OpenOptions } from './browser.ts';
import { ensureRendererBuilt } from './renderer.ts';
import { serveRenderer } from './static-server.ts';
import type { StaticServer } from './static-server.ts';
import { createWorld } from './world.ts';
import type { World } from './world.ts';

/**
 * Per test file: one browser and one static server; per test: a fresh world (home, core,
 * fake server) and page. After each test the page must have logged no errors and broken
 * no CSP rule.
 */
export function useBrowser() {
  let browser: Browser;
  let server: StaticServer;
  const open: Array<{ world: World; app: AppPage }> = [];

  beforeAll(async () => {
    const root = ensureRendererBuilt();
    server = await serveRenderer(root);
    browser = await launchBrowser();
  });
  afterEach(async () => {
    const problems = open.flatMap(({ app }) => app.problems);
    while (open.length) {
      const { world, app } = open.pop()!;
      await app.close();
      await world.close();
    }
    expect(problems, 'the page logged errors or broke its CSP').toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    async start(
      options: OpenOptions & {
        startPoller?: boolean;
        prepare?: (world: World) => Promise<void> | void;
      } = {},
    ) {
      const world = await createWorld({
        startPoller: options.startPoller,
        ...(options.locale ? { systemLocale: options.locale } : {}),
      });
      await options.prepare?.(world);
      const app = await openApp(browser, server.origin, world.bridge, options);
      open.push({ world, app });
      return { world, page: app.page, app };
    },
    /** Another page on the same world (e.g. the dark variant for screenshots). */
    async reopen(world: World, options: OpenOptions = {}) {
      const app = await openApp(browser, server.origin, world.bridge, options);
      open.push({ world: { ...world, close: async () => undefined }, app });
      return app.page;
    },
  };
}
