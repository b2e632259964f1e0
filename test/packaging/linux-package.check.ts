import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as Fuses from '@electron/fuses';
import asar from '@electron/asar';
import { Arch, Platform, build } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { launchMain, MAIN_BUNDLE } from '../helpers/main-app.ts';
import { keyringAvailable, SKIP_REASON, testService } from '../helpers/keyring.ts';
import { startFakeServer } from '../../src/core/providers/fake/server.ts';
import type { FakeServer } from '../../src/core/providers/fake/server.ts';
import { INVOKE_CHANNELS } from '../../src/shared/channels.ts';

/**
 * `npm run dist:check`: the Linux package as electron-builder makes it from
 * electron-builder.yml (`--linux dir`), with a stand-in Electron distribution (the binary
 * cannot be downloaded here): a file that only carries Electron's fuse wire, so
 * electron-builder's fuse step runs on it as on the real one. Then the packaged main runs
 * from the extracted app.asar under the fake electron, as a packaged app: a file missing
 * from `files`, a module that cannot load from the package, or another platform's binary in
 * it fails here.
 */

const require = createRequire(import.meta.url);
const { FuseV1Options, FuseVersion, getCurrentFuseWire } = require('@electron/fuses') as typeof Fuses;
const { FuseState, SENTINEL } = require('@electron/fuses/dist/constants') as {
  FuseState: { DISABLE: number; ENABLE: number };
  SENTINEL: string;
};

/** ELF e_machine of the host's arch: the only native code a package for this host may carry. */
const ELF_MACHINE: Partial<Record<NodeJS.Architecture, number>> = { x64: 62, arm64: 183 };
const hostMachine = ELF_MACHINE[process.arch];

let work: string;
let unpacked: string;
let resources: string;
let extracted: string;
const sizes: Record<string, number> = {};

/** A stand-in for Electron's Linux distribution: `electron` with the fuse wire in Electron's defaults. */
function standInElectron(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  const wire = [
    FuseState.ENABLE, // run as node
    FuseState.DISABLE, // cookie encryption
    FuseState.ENABLE, // NODE_OPTIONS
    FuseState.ENABLE, // --inspect
    FuseState.DISABLE, // asar integrity
    FuseState.DISABLE, // only load from asar
    FuseState.DISABLE, // browser process from the asar
    FuseState.ENABLE, // file:// privileges
  ];
  fs.writeFileSync(
    path.join(dir, 'electron'),
    Buffer.concat([
      Buffer.from('\x7fELF stand-in for the Electron binary\n'),
      Buffer.from(SENTINEL),
      Buffer.from([Number(FuseVersion.V1), wire.length, ...wire]),
      Buffer.from('\n'),
    ]),
    { mode: 0o755 },
  );
}

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const sizeOf = (dir: string) => filesUnder(dir).reduce((sum, f) => sum + fs.statSync(f).size, 0);

beforeAll(async () => {
  if (!fs.existsSync(MAIN_BUNDLE)) throw new Error(`${MAIN_BUNDLE} is missing: run \`npm run build\` first`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-dist-'));
  standInElectron(path.join(work, 'electron-dist'));
  const arch = Arch[process.arch as keyof typeof Arch];
  if (arch === undefined) throw new Error(`electron-builder has no arch ${process.arch}`);
  await build({
    projectDir: REPO_ROOT,
    targets: Platform.LINUX.createTarget('dir', arch),
    config: { electronDist: path.join(work, 'electron-dist'), directories: { output: path.join(work, 'dist') } },
    publish: 'never',
  });
  unpacked = path.join(work, 'dist', arch === Arch.x64 ? 'linux-unpacked' : `linux-${process.arch}-unpacked`);
  resources = path.join(unpacked, 'resources');
  // Outside the checkout, so nothing resolves from the repository's node_modules.
  extracted = path.join(work, 'app');
  asar.extractAll(path.join(resources, 'app.asar'), extracted);
  sizes['app.asar'] = fs.statSync(path.join(resources, 'app.asar')).size;
  sizes['app.asar.unpacked'] = sizeOf(path.join(resources, 'app.asar.unpacked'));
  console.log(
    `packaged: app.asar ${megabytes(sizes['app.asar'])} MB, app.asar.unpacked ${megabytes(sizes['app.asar.unpacked'])} MB`,
  );
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('the packaged Linux app (npm run dist:check)', () => {
  it('is the built bundles and the production packages, with the fuses flipped', async () => {
    const entries = asar.listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((e) => e.slice(1));
    for (const file of ['package.json', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'])
      expect(entries, file).toContain(file);
    // Nothing from the checkout but out/ and package.json: no sources, tests, docs or maps.
    expect(entries.filter((e) => !/^(out|node_modules)(\/|$)|^package\.json$/.test(e))).toEqual([]);
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
    for (const name of ['better-sqlite3', 'keytar', 'zod', 'prom-client', '@opentelemetry/api'])
      expect(entries, name).toContain(`node_modules/${name}/package.json`);
    // The OpenTelemetry SDK is the command's (serve --otlp-endpoint), not the app's.
    for (const name of ['electron', 'vitest', 'react', 'typescript', '@opentelemetry/sdk-metrics'])
      expect(entries, name).not.toContain(`node_modules/${name}/package.json`);
    expect(entries.filter((e) => /^node_modules\/@opentelemetry\/(?!api(\/|$))/.test(e))).toEqual([]);
    // Tray icons beside app.asar, where main looks for them in a packaged app.
    for (const icon of ['ok.png', 'warning.png', 'critical.png', 'stale.png', 'paused.png'])
      expect(fs.existsSync(path.join(resources, 'tray', icon)), icon).toBe(true);

    const wire = (await getCurrentFuseWire(path.join(unpacked, 'burnrate'))) as unknown as Record<number, number>;
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
  });

  it(`carries native code for linux-${process.arch} only, and none of better-sqlite3's sources`, () => {
    expect(hostMachine, `no ELF machine known for ${process.arch}`).toBeDefined();
    const unpackedFiles = filesUnder(path.join(resources, 'app.asar.unpacked'));
    const native = unpackedFiles.filter((f) => f.endsWith('.node'));
    expect(native.map((f) => path.relative(resources, f)).sort()).toEqual([
      `app.asar.unpacked/node_modules/better-sqlite3/prebuilds/linux-${process.arch}.node`,
      'app.asar.unpacked/node_modules/keytar/build/Release/keytar.node',
    ]);
    // By content, not by name: every binary is an ELF file for this machine.
    for (const file of native) {
      const head = Buffer.alloc(20);
      const fd = fs.openSync(file, 'r');
      fs.readSync(fd, head, 0, 20, 0);
      fs.closeSync(fd);
      expect(head.subarray(0, 4).toString('latin1'), file).toBe('\x7fELF');
      expect(head.readUInt16LE(18), file).toBe(hostMachine);
    }
    const sqlite = path.join(resources, 'app.asar.unpacked/node_modules/better-sqlite3');
    expect(fs.readdirSync(sqlite).sort()).toEqual(['LICENSE', 'lib', 'package.json', 'prebuilds']);
    // Was 28 MB with every platform's binary and the sources.
    expect(megabytes(sizes['app.asar.unpacked']!)).toBeLessThan(8);
  });

  it('starts from the extracted app.asar as a packaged app: IPC, window, renderer, tray; quits cleanly', async () => {
    const app = launchMain(
      { BURNRATE_HOME: fs.mkdtempSync(path.join(work, 'home-')), FAKE_ELECTRON_RESOURCES_PATH: resources },
      { bundle: path.join(extracted, 'out/main/index.js'), cwd: extracted },
    );
    try {
      await app.ready();
      const state = await app.send<{
        ipcChannels: string[];
        windows: Array<{ url: string; webPreferences: { preload: string } }>;
        tray: { icon: string };
      }>('state');
      expect(state.ipcChannels).toEqual([...INVOKE_CHANNELS].sort());
      expect(state.windows[0]!.url).toBe('burnrate://app/index.html');
      expect(state.windows[0]!.webPreferences.preload).toBe(path.join(extracted, 'out/preload/index.cjs'));
      expect(fs.existsSync(state.windows[0]!.webPreferences.preload)).toBe(true);
      expect(state.tray.icon).toBe(path.join(resources, 'tray/ok.png'));

      // The renderer is served from the package: the page and every script and stylesheet it names.
      const page = await app.send<{ status: number; body: string }>('protocol-fetch', {
        scheme: 'burnrate',
        url: 'burnrate://app/index.html',
      });
      expect(page.status).toBe(200);
      const assets = [...page.body.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
      expect(assets.length).toBeGreaterThan(0);
      for (const asset of assets) {
        const reply = await app.send<{ status: number }>('protocol-fetch', {
          scheme: 'burnrate',
          url: `burnrate://app/${asset}`,
        });
        expect(reply.status, asset).toBe(200);
      }

      // The engine answers through the real handlers (the database opened: better-sqlite3 loaded).
      expect(await app.invoke('accounts:list')).toEqual({ ok: true, value: [] });
      expect(await app.invoke('app:info')).toMatchObject({ ok: true });

      await app.send('quit');
      expect(await app.exited).toBe(0);
      expect(app.stderr).toBe('');
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
    }
  });

  it.skipIf(!keyringAvailable)(
    'loads keytar from the package: a key goes to the keychain, is polled with, and leaves',
    async () => {
      const fake: FakeServer = await startFakeServer();
      const app = launchMain(
        {
          BURNRATE_HOME: fs.mkdtempSync(path.join(work, 'home-')),
          BURNRATE_KEYCHAIN_SERVICE: testService(),
          FAKE_ELECTRON_RESOURCES_PATH: resources,
        },
        { bundle: path.join(extracted, 'out/main/index.js'), cwd: extracted },
      );
      try {
        fake.setAccount('custom', { key: 'packaged-secret', balance: '12345', scenario: 'ok' });
        await app.ready();
        const added = await app.invoke('accounts:add', {
          provider: 'custom',
          label: 'relay',
          baseUrl: fake.baseUrl('custom'),
          options: { path: '/api/balance', balancePath: 'data.balance', divisor: '100', unit: 'USD' },
          key: 'packaged-secret',
        });
        expect(added).toMatchObject({ ok: true });
        const id = (added.value as { id: string }).id;
        const polled = await app.invoke('poller:refresh', { accountId: id });
        expect(polled).toMatchObject({
          ok: true,
          value: [{ state: 'ok', balance: { amount: '123.45', unit: 'USD' } }],
        });
        expect(await app.invoke('accounts:remove', { id, purge: true })).toEqual({
          ok: true,
          value: { removed: true },
        });
        await app.send('quit');
        expect(await app.exited).toBe(0);
        expect(app.stderr).toBe('');
      } finally {
        if (app.child.exitCode === null) app.child.kill('SIGKILL');
        await fake.close();
      }
    },
  );
  if (!keyringAvailable) console.log(`skipped the packaged keytar check: ${SKIP_REASON}`);
});
