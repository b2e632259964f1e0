import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';
import { largeDatabase } from '../helpers/large-database.ts';
import { MemorySecrets } from '../helpers/memory-secrets.ts';
import { openCore } from '../../src/core/core.ts';
import { checkDatabaseAfterStart } from '../../src/core/database-check.ts';
import { inProcessJobRunner } from '../../src/core/jobs/runner.ts';
import { CHECK_FAILED_SUFFIX, DATABASE_FILE } from '../../src/core/store/database.ts';

/**
 * `burnrate check`: the whole database read now (SQLite's quick_check, in a worker), for
 * whoever does not run the app, watch or serve, which check a large database by themselves.
 */
describe('burnrate check', () => {
  it('a sound database: exit 0, what was read; a passed check is not repeated after the next start', async () => {
    const home = tempDir();
    const bytes = largeDatabase(home, { damaged: false });
    const env = { BURNRATE_HOME: home };

    const text = await runCli(['check'], { env });
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).toMatch(/^the database is sound: \d+\.\d MiB read in \d+(\.\d)? s\n$/);

    const json = await runCli(['check', '--json'], { env });
    expect(json).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(json.stdout)).toEqual({
      ok: true,
      problem: null,
      bytes: bytes.length,
      seconds: expect.any(Number),
    });

    // The app or watch starting now would not read it all again for a week.
    const core = openCore({ home, secrets: new MemorySecrets() });
    expect(checkDatabaseAfterStart(core, { runner: inProcessJobRunner(), onDamage: () => undefined })).toBeNull();
    core.close();
  }, 60_000);

  it('a damaged one: exit 1 with SQLite’s first finding; the next command moves it aside', async () => {
    const home = tempDir();
    largeDatabase(home, { damaged: true });
    const env = { BURNRATE_HOME: home };

    const json = await runCli(['check', '--json'], { env });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; problem: string };
    expect(report.ok).toBe(false);
    expect(report.problem).toMatch(/^the database (failed its integrity check|could not be read) \(.+\)$/);
    expect(fs.existsSync(path.join(home, DATABASE_FILE + CHECK_FAILED_SUFFIX))).toBe(true);

    const next = await runCli(['status', '--json'], { env });
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/; moved it to \S+\.unusable-\S+ and started a new database\n$/);
    const sound = await runCli(['check'], { env });
    expect(sound).toMatchObject({ code: 0, stderr: '' });
  }, 60_000);
});
