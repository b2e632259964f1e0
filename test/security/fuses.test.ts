import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as Fuses from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

/**
 * Electron's fuses are flipped in the packaged binary by electron-builder, from
 * electron-builder.yml's `electronFuses`. The Electron binary is not installed here, so this
 * checks the chain up to the binary: the YAML says what we want, every name is one
 * electron-builder knows (a typo would be silently ignored), and electron-builder's own
 * fuse mapping, applied by @electron/fuses to a fuse wire laid out like Electron's, leaves
 * each fuse in the state we want.
 */
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } = require('@electron/fuses') as typeof Fuses;
const { FuseState, SENTINEL } = require('@electron/fuses/dist/constants') as {
  FuseState: { DISABLE: number; ENABLE: number };
  SENTINEL: string;
};

const config = yaml.load(fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8')) as {
  electronFuses?: Record<string, boolean>;
};
const fuses = config.electronFuses ?? {};

/** What each fuse must be in a shipped Burnrate. */
const WANTED = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

describe('Electron fuses in the packaged build', () => {
  it('electron-builder.yml turns off running as Node, NODE_OPTIONS and --inspect, and turns on cookie encryption and asar integrity', () => {
    expect(fuses).toMatchObject(WANTED);
  });

  it('names only fuses electron-builder knows', () => {
    const scheme = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    const known = Object.keys(scheme.definitions.FuseOptionsV1.properties);
    for (const name of Object.keys(fuses)) expect(known, name).toContain(name);
  });

  it('comes out of electron-builder’s fuse step with each fuse in the wanted state', async () => {
    const { PlatformPackager } = require('app-builder-lib') as {
      PlatformPackager: {
        prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string | number, unknown>> };
      };
    };
    const fuseConfig = await PlatformPackager.prototype.generateFuseConfig.call({}, fuses);

    // A stand-in for the Electron binary: the sentinel, wire version 1, and one byte per fuse
    // in Electron's defaults (run-as-node, NODE_OPTIONS and inspect on; the rest off).
    const wire = [
      FuseState.ENABLE,
      FuseState.DISABLE,
      FuseState.ENABLE,
      FuseState.ENABLE,
      FuseState.DISABLE,
      FuseState.DISABLE,
      FuseState.DISABLE,
      FuseState.ENABLE,
    ];
    const binary = path.join(tempDir(), 'electron');
    fs.writeFileSync(
      binary,
      Buffer.concat([
        Buffer.from('\x7fELF…'),
        Buffer.from(SENTINEL),
        Buffer.from([Number(FuseVersion.V1), wire.length, ...wire]),
        Buffer.from('…'),
      ]),
    );
    await flipFuses(binary, fuseConfig as Parameters<typeof flipFuses>[1]);
    const flipped = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;

    const state = (on: boolean) => (on ? FuseState.ENABLE : FuseState.DISABLE);
    expect(flipped[FuseV1Options.RunAsNode]).toBe(state(WANTED.runAsNode));
    expect(flipped[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(
      state(WANTED.enableNodeOptionsEnvironmentVariable),
    );
    expect(flipped[FuseV1Options.EnableNodeCliInspectArguments]).toBe(state(WANTED.enableNodeCliInspectArguments));
    expect(flipped[FuseV1Options.EnableCookieEncryption]).toBe(state(WANTED.enableCookieEncryption));
    expect(flipped[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(
      state(WANTED.enableEmbeddedAsarIntegrityValidation),
    );
    expect(flipped[FuseV1Options.OnlyLoadAppFromAsar]).toBe(state(WANTED.onlyLoadAppFromAsar));
    expect(flipped[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(
      state(WANTED.grantFileProtocolExtraPrivileges),
    );
  });
});
