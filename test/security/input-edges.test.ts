import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src/core/core.ts';
import { testApi } from '../helpers/api.ts';
import { REPO_ROOT } from '../helpers/cli.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { cliInProcess } from '../helpers/cli-inproc.ts';

/**
 * The edges of what a person (or script in the window) can type: each is refused in one line
 * that says why, with the exit code the README promises (2 for a usage mistake, 1 otherwise),
 * and nothing is stored.
 */

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});
function dir(mode = 0o700): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'burnrate-edges-'));
  fs.chmodSync(d, mode);
  dirs.push(d);
  return d;
}

/** The CLI in this process with an in-memory keychain (what is tested is the command, not the keyring). */
const cli = (args: string[], home: string, secrets: MemorySecrets, stdin = '') =>
  cliInProcess(args, { home, secrets, stdin });

const oneLine = (text: string) => text.trim().split('\n').length === 1;

describe('keys: printable ASCII, no whitespace inside', () => {
  it.each([
    ['a NUL (the keychain would cut the key there)', 'sk-abc\u0000defghijklmnop', /NUL character at character 7/],
    ['a zero-width space pasted with it', 'sk-abc\u200bdefghijklmnop', /invisible control character \(U\+200B\)/],
    ['a BEL', 'sk-abc\u0007defghijklmnop', /invisible control character \(U\+0007\)/],
    ['an escape sequence', 'sk-abc\u001b[31mdef', /invisible control character \(U\+001B\)/],
    ['a space inside', 'sk-abc defghijklmnop', /spaces or line breaks/],
    ['a line break inside', 'sk-abc\ndefghijklmnop', /spaces or line breaks/],
    ['a non-ASCII letter', 'sk-abcdéfghijklmnop', /outside printable ASCII at character 8/],
  ])('refuses a key with %s: CLI and window, nothing stored', async (_name, key, why) => {
    const home = dir();
    const secrets = new MemorySecrets();
    const added = await cli(
      ['accounts', 'add', '--provider', 'cheapai', '--label', 'main', '--key-stdin'],
      home,
      secrets,
      key,
    );
    expect(added.code).toBe(1);
    expect(oneLine(added.stderr)).toBe(true);
    expect(added.stderr).toMatch(why);
    expect(added.stderr).not.toContain('defghijklmnop');
    expect(secrets.entries.size).toBe(0);

    const { core, invoke } = testApi({ coreOptions: { home, secrets } });
    try {
      expect(core.accounts.list()).toEqual([]);
      expect(await invoke('accounts:add', { provider: 'cheapai', label: 'main', key })).toMatchObject({
        ok: false,
        error: { code: 'validation', message: expect.stringMatching(why) },
      });
      const ok = await invoke('accounts:add', { provider: 'cheapai', label: 'ok', key: 'sk-good-0123456789abcdef' });
      const id = (ok as { value: { id: string } }).value.id;
      expect(await invoke('accounts:setKey', { id, key })).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(why) },
      });
      expect(secrets.entries.get(id)).toBe('sk-good-0123456789abcdef');
    } finally {
      await invoke.close();
      core.close();
    }
  });
});

describe('numbers and dates within bounds', () => {
  it('an interval of 10^21 seconds is a usage error, not 1e+21 stored', async () => {
    const home = dir();
    const secrets = new MemorySecrets();
    for (const interval of ['999999999999999999999', '604801', '9007199254740993']) {
      const r = await cli(
        ['accounts', 'add', '--provider', 'cheapai', '--label', 'x', '--interval-seconds', interval],
        home,
        secrets,
      );
      expect(r.code, interval).toBe(2);
      expect(r.stderr).toMatch(/--interval-seconds must be at most 604800/);
    }
    const watch = await cli(['watch', '--interval-seconds', '999999999999999999999'], home, secrets);
    expect(watch.code).toBe(2);
    const core = openCore({ home, secrets });
    try {
      expect(core.accounts.list()).toEqual([]);
      await expect(core.accounts.add({ provider: 'cheapai', label: 'x', pollIntervalSeconds: 1e21 })).rejects.toThrow(
        /from 30 to 604800/,
      );
    } finally {
      core.close();
    }
  });

  it('balance set --at takes only real calendar dates', async () => {
    const home = dir();
    const secrets = new MemorySecrets();
    expect((await cli(['accounts', 'add', '--provider', 'gptimage2', '--label', 'img'], home, secrets)).code).toBe(0);
    for (const at of ['2026-02-30', '2026-02-29', '2025-04-31T10:00:00Z', '2026-13-01', '2026-01-01T24:00:00Z']) {
      const r = await cli(['balance', 'set', 'img', '100', '--at', at], home, secrets);
      expect(r.code, at).toBe(2);
      expect(r.stderr).toMatch(/--at is not a real date/);
    }
    const good = await cli(['balance', 'set', 'img', '100', '--at', '2024-02-29', '--json'], home, secrets);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ at: '2024-02-29T00:00:00.000Z' });
  });

  it('prune --days beyond 100 years is a usage error, not an internal one', async () => {
    const home = dir();
    for (const days of ['99999999999999999999', '36501']) {
      const r = await cli(['prune', '--days', days], home, new MemorySecrets());
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--days must be at most 36500/);
    }
  });
});

describe('exit codes as the README promises', () => {
  it('an export the OS refuses (no such folder, a folder, no permission) exits 1 with the reason', async () => {
    const home = dir();
    const secrets = new MemorySecrets();
    const missing = await cli(
      ['export', '--format', 'csv', '--out', path.join(home, 'no', 'such', 'x.csv')],
      home,
      secrets,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file or folder \(ENOENT\)/);
    expect(missing.stderr).not.toMatch(/internal error/);
    const folder = await cli(['export', '--format', 'csv', '--out', dir()], home, secrets);
    expect([1, 2]).toContain(folder.code);
    expect(oneLine(folder.stderr)).toBe(true);
    expect(folder.stderr).not.toMatch(/internal error/);
  });

  it.skipIf(process.getuid?.() !== 0)('EACCES, as another local user (run as root: setpriv to a throwaway uid)', () => {
    const base = dir(0o755);
    const home = path.join(base, 'home');
    fs.mkdirSync(home, { mode: 0o700 });
    fs.chownSync(home, 54321, 54321);
    const r = spawnSync(
      'setpriv',
      [
        '--reuid',
        '54321',
        '--regid',
        '54321',
        '--clear-groups',
        process.execPath,
        path.join(REPO_ROOT, 'src/cli/main.ts'),
        'export',
        '--format',
        'csv',
        '--out',
        path.join(base, 'x.csv'),
      ],
      { cwd: REPO_ROOT, env: { ...process.env, BURNRATE_HOME: home }, encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/permission denied \(EACCES\)/);
  });
});

describe('the data folder is tightened to 0700 when opened', () => {
  it.skipIf(process.getuid?.() !== 0)(
    'a 0755 folder left by an older version: another local user can no longer list it after any command',
    () => {
      const base = dir(0o755);
      const home = path.join(base, 'data');
      const core = openCore({ home, secrets: new MemorySecrets() });
      core.close();
      fs.chmodSync(home, 0o755);
      fs.writeFileSync(path.join(home, 'export-2026-01.csv'), 'account,balance\n', { mode: 0o644 });
      const asOther = (cmd: string[]) =>
        spawnSync('setpriv', ['--reuid', '54321', '--regid', '54321', '--clear-groups', ...cmd], { encoding: 'utf8' });
      expect(asOther(['ls', home]).status).toBe(0); // the attack works on a 0755 folder

      execFileSync(process.execPath, [path.join(REPO_ROOT, 'src/cli/main.ts'), 'status', '--json'], {
        cwd: REPO_ROOT,
        env: { ...process.env, BURNRATE_HOME: home },
      });
      expect(fs.statSync(home).mode & 0o777).toBe(0o700);
      const listed = asOther(['ls', home]);
      expect(listed.status).not.toBe(0);
      expect(listed.stderr).toMatch(/Permission denied/);
      expect(asOther(['cat', path.join(home, 'export-2026-01.csv')]).status).not.toBe(0);
    },
  );

  it('never tightens a shared folder named by mistake (sticky /tmp-like, not ours)', () => {
    const shared = dir(0o1777);
    const core = openCore({ home: shared, secrets: new MemorySecrets() });
    core.close();
    expect(fs.statSync(shared).mode & 0o7777).toBe(0o1777);
  });
});
