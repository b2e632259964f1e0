import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';

/**
 * The layer allow-lists in eslint.config.js, proven on fixtures: for each layer a file
 * placed in that layer with one import it must not make fails with that layer's message,
 * and the same file with imports it may make passes. The fixtures are linted as if they
 * sat at their paths (nothing is written into the tree), with the repository's own config;
 * only type-aware parsing is off, since a fixture is in no tsconfig program.
 */

interface LayerRule {
  why: string;
}
const config = (await import(pathToFileURL(path.join(REPO_ROOT, 'eslint.config.js')).href)) as {
  LAYERS: Record<string, LayerRule>;
  packageClassificationProblems(packageJson: {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  }): string[];
};

interface Fixture {
  layer: string;
  file: string;
  /** One import the layer must not make, and the specifier the message names. */
  wrong: { code: string; names: string };
  /** Imports the layer may make. */
  right: string;
}

const FIXTURES: Fixture[] = [
  {
    layer: 'shared',
    file: 'src/shared/fixture.ts',
    wrong: { code: `import fs from 'node:fs';\nexport const a = fs;`, names: 'node:fs' },
    right: `import { z } from 'zod';\nimport { KEY_STATES } from './states.ts';\nexport const a = [z, KEY_STATES];`,
  },
  {
    layer: 'store',
    file: 'src/core/store/fixture-repo.ts',
    wrong: {
      code: `import { getProvider } from '../providers/registry.ts';\nexport const a = getProvider;`,
      names: '../providers/registry.ts',
    },
    right: `import fs from 'node:fs';\nimport Database from 'better-sqlite3';\nimport { z } from 'zod';\nimport { KEY_STATES } from '../../shared/states.ts';\nimport { log } from '../log/log.ts';\nimport { scrubSecrets } from '../secrets/scrub.ts';\nimport { SettingsRepo } from './settings-repo.ts';\nexport const a = [fs, Database, z, KEY_STATES, log, scrubSecrets, SettingsRepo];`,
  },
  {
    layer: 'core',
    file: 'src/core/fixture.ts',
    wrong: { code: `import Database from 'better-sqlite3';\nexport const a = Database;`, names: 'better-sqlite3' },
    right: `import fs from 'node:fs';\nimport { z } from 'zod';\nimport { KEY_STATES } from '../shared/states.ts';\nimport { SettingsRepo } from './store/settings-repo.ts';\nimport { newId } from './ids.ts';\nexport const a = [fs, z, KEY_STATES, SettingsRepo, newId];`,
  },
  {
    layer: 'cli',
    file: 'src/cli/fixture.ts',
    wrong: { code: `import Database from 'better-sqlite3';\nexport const a = Database;`, names: 'better-sqlite3' },
    right: `import { parseArgs } from 'node:util';\nimport { openCore } from '../core/core.ts';\nimport { KEY_STATES } from '../shared/states.ts';\nimport { run } from './run.ts';\nexport const a = [parseArgs, openCore, KEY_STATES, run];`,
  },
  {
    layer: 'main',
    file: 'src/main/fixture.ts',
    wrong: { code: `import { run } from '../cli/run.ts';\nexport const a = run;`, names: '../cli/run.ts' },
    right: `import path from 'node:path';\nimport { app } from 'electron';\nimport { openCore } from '../core/core.ts';\nimport { mainPaths } from './paths.ts';\nexport const a = [path, app, openCore, mainPaths];`,
  },
  {
    layer: 'preload',
    file: 'src/preload/fixture.ts',
    // A value from ipc.ts would bundle zod into the sandboxed preload.
    wrong: {
      code: `import { accountIdSchema } from '../shared/ipc.ts';\nexport const a = accountIdSchema;`,
      names: '../shared/ipc.ts',
    },
    right: `import { contextBridge } from 'electron';\nimport type { BurnrateApi } from '../shared/ipc.ts';\nimport { isInvokeChannel } from '../shared/channels.ts';\nexport const a: [unknown, BurnrateApi | null, unknown] = [contextBridge, null, isInvokeChannel];`,
  },
  {
    layer: 'renderer',
    file: 'src/renderer/src/fixture.ts',
    wrong: {
      code: `import { openCore } from '../../core/core.ts';\nexport const a = openCore;`,
      names: '../../core/core.ts',
    },
    right: `import { useState } from 'react';\nimport uPlot from 'uplot';\nimport { KEY_STATES } from '../../shared/states.ts';\nimport { useApp } from './store/app.ts';\nexport const a = [useState, uPlot, KEY_STATES, useApp];`,
  },
  {
    layer: 'test',
    file: 'test/fixture.test.ts',
    wrong: { code: `import { useState } from 'react';\nexport const a = useState;`, names: 'react' },
    right: `import { expect } from 'vitest';\nimport { openCore } from '../src/core/core.ts';\nimport { run } from '../src/cli/run.ts';\nimport { mainPaths } from '../src/main/paths.ts';\nimport { tempDir } from './helpers/tmp.ts';\nexport const a = [expect, openCore, run, mainPaths, tempDir];`,
  },
  {
    layer: 'scripts',
    file: 'scripts/fixture.ts',
    wrong: {
      code: `import { openCore } from '../src/core/core.ts';\nexport const a = openCore;`,
      names: '../src/core/core.ts',
    },
    right: `import fs from 'node:fs';\nimport { chromium } from 'playwright-core';\nexport const a = [fs, chromium];`,
  },
  {
    layer: 'bench',
    file: 'bench/fixture.ts',
    wrong: {
      code: `import { mainPaths } from '../src/main/paths.ts';\nexport const a = mainPaths;`,
      names: '../src/main/paths.ts',
    },
    right: `import Database from 'better-sqlite3';\nimport { openCore } from '../src/core/core.ts';\nimport { tempDir } from '../test/helpers/tmp.ts';\nimport { dataset } from './generate.ts';\nexport const a = [Database, openCore, tempDir, dataset];`,
  },
];

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: REPO_ROOT, overrideConfig: [tseslint.configs.disableTypeChecked] });
});

async function lint(code: string, file: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return result!.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

describe('layers as allow-lists (eslint.config.js)', () => {
  it('has a fixture for every layer', () => {
    expect(FIXTURES.map((f) => f.layer).sort()).toEqual(Object.keys(config.LAYERS).sort());
  });

  for (const fixture of FIXTURES) {
    it(`${fixture.layer}: a wrong import fails with the layer's message, allowed imports pass`, async () => {
      const wrong = await lint(fixture.wrong.code, fixture.file);
      expect(wrong).toEqual([
        {
          rule: 'boundaries/dependencies',
          message: `${config.LAYERS[fixture.layer]!.why} (${fixture.wrong.names} is not allowed)`,
        },
      ]);
      expect(await lint(fixture.right, fixture.file)).toEqual([]);
    });
  }

  it('build configuration may import build packages only', async () => {
    expect(
      await lint(`import { defineConfig } from 'vitest/config';\nexport default defineConfig({});`, 'x.config.ts'),
    ).toEqual([]);
    const wrong = await lint(`import { z } from 'zod';\nexport default z;`, 'x.config.ts');
    expect(wrong.map((m) => m.message)).toEqual([expect.stringContaining('(zod is not allowed)')]);
  });

  it('refuses a package no layer lists, however it is loaded', async () => {
    const code = `import a from 'left-pad';\nexport { b } from 'left-pad';\nexport const c = await import('left-pad');\nexport const d = [a];`;
    const messages = await lint(code, 'src/core/fixture.ts');
    expect(messages.map((m) => m.rule)).toEqual(Array(3).fill('boundaries/dependencies'));
    for (const m of messages) expect(m.message).toContain('(left-pad is not allowed)');
  });

  it('refuses a file that belongs to no layer', async () => {
    expect(await lint(`export const a = 1;`, 'src/elsewhere/fixture.ts')).toEqual([
      { rule: 'boundaries/no-unknown-files', message: expect.stringContaining('does not belong to any known element') },
    ]);
  });

  it('keeps raw ipcMain and ipcRenderer in src/main/ipc.ts and src/preload/index.ts', async () => {
    const importIt = `import { ipcMain } from 'electron';\nexport const a = ipcMain;`;
    const reachIt = `import electron from 'electron';\nexport const a = electron.ipcMain;`;
    expect((await lint(importIt, 'src/main/window.ts')).map((m) => m.rule)).toEqual(['no-restricted-imports']);
    expect((await lint(reachIt, 'src/main/window.ts')).map((m) => m.rule)).toEqual(['no-restricted-properties']);
    expect(await lint(importIt, 'src/main/ipc.ts')).toEqual([]);
    const bridge = `import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;`;
    expect(await lint(bridge, 'src/preload/index.ts')).toEqual([]);
    expect((await lint(bridge, 'src/preload/fixture.ts')).map((m) => m.rule)).toEqual(['no-restricted-imports']);
  });

  it('keeps .prepare( under src/core/store', async () => {
    const query = `import type { Database } from 'better-sqlite3';\nexport const count = (db: Database) => db.prepare('SELECT count(*) FROM readings').get();`;
    expect(await lint(query, 'src/core/store/fixture-repo.ts')).toEqual([]);
    // Without the package import (the layer rule would refuse it first): the call alone fails.
    const call = `export const count = (db: { prepare(sql: string): unknown }) => db.prepare('SELECT count(*) FROM readings');`;
    for (const file of ['src/core/retention.ts', 'src/core/analytics/fixture.ts', 'src/core/window/fixture.ts']) {
      expect(await lint(call, file)).toEqual([
        {
          rule: 'no-restricted-syntax',
          message: expect.stringContaining('SQL lives in a repository under src/core/store'),
        },
      ]);
    }
  });

  it('keeps the database under a core to tests and the benchmark', async () => {
    const reach = (from: string) => `import { databaseForTests } from '${from}';\nexport const a = databaseForTests;`;
    expect(await lint(reach('../core.ts'), 'src/core/window/fixture.ts')).toEqual([
      { rule: 'no-restricted-imports', message: expect.stringContaining('core.repos') },
    ]);
    expect(await lint(reach('../../core/core.ts'), 'src/cli/commands/fixture.ts')).toEqual([
      { rule: 'no-restricted-imports', message: expect.stringContaining('core.repos') },
    ]);
    expect(await lint(reach('../src/core/core.ts'), 'test/fixture.test.ts')).toEqual([]);
  });

  it('classifies every package in package.json, and nothing else', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(config.packageClassificationProblems(pkg)).toEqual([]);
    expect(
      config.packageClassificationProblems({
        ...pkg,
        devDependencies: { ...pkg.devDependencies, 'left-pad': '^1.3.0' },
      }),
    ).toEqual(['left-pad is in package.json but not classified in eslint.config.js (PACKAGES)']);
    const { zod: _zod, ...withoutZod } = pkg.dependencies;
    expect(config.packageClassificationProblems({ ...pkg, dependencies: withoutZod })).toEqual([
      'zod is classified in eslint.config.js (PACKAGES) but not in package.json',
    ]);
  });
});
