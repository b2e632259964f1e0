import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { openCore } from '../../src/core/core.ts';
import type { Core } from '../../src/core/core.ts';
import { exportHistoryToFile } from '../../src/core/analytics/export.ts';
import { outcome } from '../../src/core/providers/adapter.ts';

/**
 * Issue 18 items 2 and 9, written as the attacks: another local user steering an export
 * through its temporary file, an export path that names a folder, and imports of a device
 * and of a FIFO.
 *
 * "Another local user" is uid 65534 (nobody), run with setpriv; the tests run as root. The
 * shared folder is 0777 without the sticky bit, so the kernel's protected_regular and
 * protected_symlinks guards (which only cover sticky world-writable folders) do not stand in
 * for the export's own care.
 */
const NOBODY = 65534;
const asNobody = (cmd: string, args: string[]) =>
  execFileSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', cmd, ...args]);
const canRunAsNobody =
  process.getuid?.() === 0 &&
  spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'true']).status === 0;
const nobodyReason = 'needs root and setpriv to act as a second local user (uid 65534)';

let core: Core;
let home: string;
beforeEach(async () => {
  home = tempDir();
  core = openCore({ home, secrets: new MemorySecrets() });
  const added = await core.accounts.add({ provider: 'cheapai', label: 'private', baseUrl: null, key: 'sk-test' });
  const account = core.accounts.require(added.id);
  const t0 = Date.parse('2026-03-01T00:00:00Z');
  for (let i = 0; i < 500; i++)
    core.recordReading(
      account,
      outcome({ state: 'ok', httpStatus: 200, balance: { micros: (1_000_000 - i) * 1_000_000, unit: 'credits' } }),
      t0 + i * 60_000,
    );
});
afterEach(() => core.close());

/** A folder anyone may write in (0777, not sticky), owned by root. */
function sharedFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-shared-'));
  fs.chmodSync(dir, 0o777);
  return dir;
}

describe('the export cannot be steered by another local user', () => {
  const dirs: string[] = [];
  afterEach(() => {
    while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
  });

  it.skipIf(!canRunAsNobody)(`ignores a temporary file planted at the name it used to use (${nobodyReason})`, () => {
    const dir = sharedFolder();
    dirs.push(dir);
    const out = path.join(dir, 'history.csv');
    // The name the export used to write through: <out>.<pid>.partial, opened with 'w'.
    const planted = `${out}.${process.pid}.partial`;
    asNobody('sh', ['-c', `umask 000 && : > '${planted}'`]);
    expect(fs.statSync(planted).uid).toBe(NOBODY);

    const summary = exportHistoryToFile(core, { format: 'csv' }, out);
    expect(summary.readings).toBe(500);
    const written = fs.statSync(out);
    expect(written.uid, 'the export is the user’s file, not the planted one').toBe(0);
    expect((written.mode & 0o777).toString(8)).toBe('600');
    expect(fs.readFileSync(out, 'utf8')).toContain(',private,');
    // The other user's file got nothing, and cannot be used to read the export.
    expect(fs.readFileSync(planted, 'utf8')).toBe('');
    expect(() => asNobody('cat', [out])).toThrow();
    // No temporary file of ours is left in the folder.
    expect(fs.readdirSync(dir).sort()).toEqual(['history.csv', path.basename(planted)].sort());
  });

  it.skipIf(!canRunAsNobody)(`never writes through a symlink planted at that name (${nobodyReason})`, () => {
    const dir = sharedFolder();
    dirs.push(dir);
    const victim = path.join(tempDir(), 'precious.txt');
    fs.writeFileSync(victim, 'keep me\n', { mode: 0o644 });
    const out = path.join(dir, 'history.json');
    const planted = `${out}.${process.pid}.partial`;
    asNobody('ln', ['-s', victim, planted]);
    expect(fs.lstatSync(planted).isSymbolicLink()).toBe(true);

    exportHistoryToFile(core, { format: 'json' }, out);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me\n');
    expect(fs.lstatSync(out).isFile()).toBe(true);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).readings).toHaveLength(500);
    expect(fs.lstatSync(planted).isSymbolicLink()).toBe(true);
  });

  it('creates its temporary file 0600 under a name nobody can guess, and leaves nothing when it fails', () => {
    const dir = tempDir();
    const out = path.join(dir, 'h.csv');
    const seen = new Set<string>();
    // Watch the folder while exporting: the temporary file exists only under a random name.
    for (let i = 0; i < 3; i++) {
      const watcher = fs.watch(dir, (_event, name) => name && name !== 'h.csv' && seen.add(name));
      exportHistoryToFile(core, { format: 'csv' }, out);
      watcher.close();
    }
    expect(fs.readdirSync(dir)).toEqual(['h.csv']);
    for (const name of seen) {
      expect(name).toMatch(/^\.h\.csv\.[0-9a-f]{24}\.partial$/);
      expect(name).not.toContain(String(process.pid));
    }
    // A folder that is not there: a clear reason, no file anywhere.
    const gone = path.join(tempDir(), 'gone');
    expect(() => exportHistoryToFile(core, { format: 'csv' }, path.join(gone, 'x.csv'))).toThrow(
      /cannot write .*x\.csv: no such file or folder/,
    );
  });
});

describe('export and import paths at the command line', () => {
  it('refuses --out naming a folder, and writes nothing beside it', async () => {
    core.close();
    const parent = tempDir();
    const folder = path.join(parent, 'exports');
    fs.mkdirSync(folder);
    for (const out of [`${folder}/`, folder]) {
      const res = await runCli(['export', '--format', 'csv', '--out', out], { env: { BURNRATE_HOME: home } });
      expect(res.code, res.stderr).toBe(1);
      expect(res.stderr).toMatch(/is a folder|names a folder/);
      expect(res.stderr).toMatch(/give a file name/);
      expect(fs.readdirSync(parent)).toEqual(['exports']);
      expect(fs.readdirSync(folder)).toEqual([]);
    }
    core = openCore({ home, secrets: new MemorySecrets() });
  });

  it('refuses to import /dev/zero at once, without reading it', async () => {
    core.close();
    const started = Date.now();
    const res = await runCli(['import', '/dev/zero'], { env: { BURNRATE_HOME: home }, timeoutMs: 10_000 });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toBe(
      'burnrate: /dev/zero is not a regular file (a device, pipe or socket); import reads only files\n',
    );
    expect(Date.now() - started).toBeLessThan(8_000);
    core = openCore({ home, secrets: new MemorySecrets() });
  });

  it('refuses to import a FIFO instead of waiting on it for ever', async () => {
    core.close();
    const fifo = path.join(tempDir(), 'history.csv');
    execFileSync('mkfifo', [fifo]);
    const res = await runCli(['import', fifo], { env: { BURNRATE_HOME: home }, timeoutMs: 10_000 });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stderr).toBe(
      `burnrate: ${fifo} is not a regular file (a device, pipe or socket); import reads only files\n`,
    );
    core = openCore({ home, secrets: new MemorySecrets() });
    expect(core.repos.readings.count(core.repos.accounts.list()[0]!.pk)).toBe(500);
  });

  it('refuses a file over the cap by what it reads, not by what stat says', async () => {
    const { readRegularFile } = await import('../../src/core/safe-files.ts');
    const file = path.join(tempDir(), 'big.csv');
    fs.writeFileSync(file, 'x'.repeat(5000));
    expect(() => readRegularFile(file, 4096)).toThrow(/larger than/);
    expect(readRegularFile(file, 5000).length).toBe(5000);
  });
});
