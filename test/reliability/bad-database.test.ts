import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.ts';
import { waitFor } from '../helpers/wait.ts';
import { largeDatabase } from '../helpers/large-database.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { tempDir } from '../helpers/tmp.ts';
import { testApi } from '../helpers/api.ts';
import { openCore, databaseForTests } from '../../src/core/core.ts';
import { CHECK_FAILED_SUFFIX, DATABASE_FILE } from '../../src/core/store/database.ts';
import { LATEST_SCHEMA_VERSION } from '../../src/core/store/migrations/index.ts';
import { launchMain } from '../helpers/main-app.ts';

/**
 * A database file Burnrate cannot use at start-up — not SQLite at all, SQLite with damaged
 * pages, or written by a newer Burnrate — is moved aside with a timestamp and a fresh one
 * is started. Never deleted: the moved file keeps every byte. Both faces say so: the CLI
 * prints one line on stderr, the window gets it in app:info (and shows a banner: see
 * test/e2e/safety-notices.e2e.test.ts).
 */

const MOVED_NAME = /^burnrate\.db\.unusable-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z(-\d+)?$/;

function garbage(home: string): Buffer {
  const bytes = Buffer.concat([Buffer.from('this is not a database\n'), crypto.randomBytes(64 * 1024)]);
  fs.writeFileSync(path.join(home, DATABASE_FILE), bytes);
  return bytes;
}

/** A real Burnrate database, then its schema version set beyond what this build knows. */
function fromTheFuture(home: string): Buffer {
  const core = openCore({ home, secrets: new MemorySecrets() });
  databaseForTests(core).exec("CREATE TABLE from_the_future (x TEXT); INSERT INTO from_the_future VALUES ('keep me')");
  databaseForTests(core).pragma(`user_version = ${LATEST_SCHEMA_VERSION + 7}`);
  core.close();
  return fs.readFileSync(path.join(home, DATABASE_FILE));
}

/** A real database whose pages past the header were overwritten (a disk or sync tool gone wrong). */
function damaged(home: string): Buffer {
  const core = openCore({ home, secrets: new MemorySecrets() });
  const insert = databaseForTests(core).prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  for (let i = 0; i < 2000; i++) insert.run(`filler.${i}`, JSON.stringify('x'.repeat(200)));
  core.close();
  const file = path.join(home, DATABASE_FILE);
  const bytes = fs.readFileSync(file);
  crypto.randomFillSync(bytes, 4096, bytes.length - 8192);
  fs.writeFileSync(file, bytes);
  return bytes;
}

const kinds = [
  ['not SQLite at all', garbage, /the file is not a SQLite database/],
  [
    'from a newer Burnrate',
    fromTheFuture,
    new RegExp(
      `schema version ${LATEST_SCHEMA_VERSION + 7}, newer than this Burnrate understands \\(${LATEST_SCHEMA_VERSION}\\)`,
    ),
  ],
  ['damaged inside', damaged, /integrity check|could not be (read|opened)|malformed/],
] as const;

function movedFiles(home: string): string[] {
  return fs.readdirSync(home).filter((name) => MOVED_NAME.test(name));
}

describe('an unusable database at start-up', () => {
  it.each(kinds)(
    '%s: the CLI moves it aside, says so in one line, and carries on with a fresh one',
    async (_kind, make, reason) => {
      const home = tempDir();
      const original = make(home);
      const env = { BURNRATE_HOME: home };

      const first = await runCli(['status', '--json'], { env });
      expect(first.code).toBe(0);
      const lines = first.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(reason);
      const [moved] = movedFiles(home);
      expect(moved, fs.readdirSync(home).join(', ')).toBeDefined();
      expect(lines[0]!.startsWith('burnrate: ')).toBe(true);
      expect(lines[0]!.endsWith(`; moved it to ${path.join(home, moved!)} and started a new database`)).toBe(true);
      // Never deleted: every byte is still there under the new name.
      expect(fs.readFileSync(path.join(home, moved!)).equals(original)).toBe(true);
      expect(JSON.parse(first.stdout)).toMatchObject({ accounts: [] });

      // The fresh database works, and the next run has nothing to say.
      const added = await runCli(['accounts', 'add', '--provider', 'gptimage2', '--label', 'after', '--json'], { env });
      expect(added).toMatchObject({ code: 0, stderr: '' });
      const again = await runCli(['accounts', 'list', '--json'], { env });
      expect(again.stderr).toBe('');
      expect(JSON.parse(again.stdout)).toMatchObject([{ label: 'after' }]);
      expect(movedFiles(home)).toEqual([moved]);
    },
  );

  it('takes the file’s -wal and -shm companions along, and a second bad file gets its own name', async () => {
    const home = tempDir();
    garbage(home);
    fs.writeFileSync(path.join(home, `${DATABASE_FILE}-wal`), 'stale wal');
    fs.writeFileSync(path.join(home, `${DATABASE_FILE}-shm`), 'stale shm');
    const t = Date.parse('2026-05-01T10:00:00Z');
    openCore({ home, secrets: new MemorySecrets(), now: () => t }).close();
    const first = `${DATABASE_FILE}.unusable-2026-05-01T10-00-00-000Z`;
    expect(fs.readFileSync(path.join(home, `${first}-wal`), 'utf8')).toBe('stale wal');
    expect(fs.readFileSync(path.join(home, `${first}-shm`), 'utf8')).toBe('stale shm');

    garbage(home);
    openCore({ home, secrets: new MemorySecrets(), now: () => t }).close();
    expect(movedFiles(home).sort()).toEqual([first, `${first}-2`]);
  });

  it('the newer database is moved intact: a newer Burnrate can still open it', async () => {
    const home = tempDir();
    fromTheFuture(home);
    openCore({ home, secrets: new MemorySecrets() }).close();
    const [moved] = movedFiles(home);
    const db = new BetterSqlite3(path.join(home, moved!), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 7);
    expect(db.prepare('SELECT x FROM from_the_future').pluck().get()).toBe('keep me');
    db.close();
  });

  it.each(kinds)('%s: the window is told through app:info', async (_kind, make, reason) => {
    const home = tempDir();
    make(home);
    const { invoke, close } = testApi({ coreOptions: { home } });
    const reply = await invoke('app:info', undefined);
    expect(reply).toMatchObject({
      ok: true,
      value: {
        movedAside: {
          from: path.join(home, DATABASE_FILE),
          to: path.join(home, movedFiles(home)[0]!),
          reason: expect.stringMatching(reason),
        },
      },
    });
    await close();

    // Once started fresh, later starts have nothing to report.
    const next = openCore({ home, secrets: new MemorySecrets() });
    expect(await testApi({ core: next }).invoke('app:info', undefined)).toMatchObject({
      ok: true,
      value: { movedAside: null },
    });
    next.close();
  });

  it('the built app tells its window too (main bundle, fake electron)', async () => {
    const home = tempDir();
    garbage(home);
    const app = launchMain({ BURNRATE_HOME: home });
    try {
      await app.ready();
      const reply = await app.invoke('app:info');
      expect(reply).toMatchObject({
        ok: true,
        value: {
          movedAside: { reason: 'the file is not a SQLite database', to: path.join(home, movedFiles(home)[0]!) },
        },
      });
      expect(await app.quit()).toBe(0);
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
    }
  });

  it('a large database damaged inside: the built app opens it at once, finds the damage in a worker, says so; the next start moves it aside', async () => {
    const home = tempDir();
    const file = path.join(home, DATABASE_FILE);
    const bytes = largeDatabase(home, { damaged: true });

    const app = launchMain({ BURNRATE_HOME: home });
    try {
      await app.ready();
      expect(await app.invoke('app:info')).toMatchObject({ ok: true, value: { movedAside: null } });
      const told = await app.until(
        'the notification',
        () => app.send<{ notifications: Array<{ title: string; body: string }> }>('state'),
        (v) => v.notifications.length > 0,
        30_000,
      );
      expect(told.notifications).toEqual([
        {
          title: 'Burnrate’s database is damaged',
          body: expect.stringMatching(/^A full check found damage in its file .*Quit and start Burnrate again/),
          urgency: 'critical',
          shown: true,
        },
      ]);
      expect(fs.existsSync(file + CHECK_FAILED_SUFFIX)).toBe(true);
      expect(await app.quit()).toBe(0);
    } finally {
      if (app.child.exitCode === null) app.child.kill('SIGKILL');
    }
    expect(movedFiles(home)).toEqual([]);

    const next = await runCli(['status', '--json'], { env: { BURNRATE_HOME: home } });
    expect(next.code).toBe(0);
    // One line, whichever way SQLite reports the damage this time.
    expect(next.stderr).toMatch(
      /^burnrate: the database (failed its integrity check \(.+\)|could not be read \(.+\)); moved it to \S+ and started a new database\n$/,
    );
    const [moved] = movedFiles(home);
    expect(fs.readFileSync(path.join(home, moved!)).equals(bytes)).toBe(true);
    expect(fs.existsSync(path.join(home, moved! + CHECK_FAILED_SUFFIX))).toBe(true);
  }, 60_000);

  it('a large database damaged inside: `watch` finds it in a worker and says so in one line, and stops cleanly', async () => {
    const home = tempDir();
    largeDatabase(home, { damaged: true });
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'src/cli/main.ts'), 'watch', '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, BURNRATE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitFor(() => stderr.includes('\n'), { timeoutMs: 20_000, what: () => `a line on stderr: ${stderr}` });
      expect(stderr).toMatch(
        /^burnrate: the database (failed its integrity check|could not be read) \(.+\); start burnrate again to move the database aside and begin a new one \(the log has the details\)\n$/,
      );
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(fs.existsSync(path.join(home, DATABASE_FILE + CHECK_FAILED_SUFFIX))).toBe(true);
  }, 60_000);
});
