import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addAccount, bal, DAY, fail, MIN, newCore, T0 } from '../analytics/fixtures.ts';
import { tempDir } from '../../helpers/tmp.ts';
import { workerJobRunner } from '../../../src/core/jobs/runner.ts';
import { runsInline } from '../../../src/core/jobs/placement.ts';
import { progressTracker } from '../../../src/core/jobs/control.ts';
import { queryHistory } from '../../../src/core/analytics/history.ts';
import { ImportError } from '../../../src/core/analytics/import.ts';
import { testApi } from '../../helpers/api.ts';
import { UserError } from '../../../src/core/errors.ts';
import { FakeClock } from '../../helpers/clock.ts';
import { databaseForTests } from '../../../src/core/core.ts';

/**
 * Jobs in a worker thread give what the same work gives in-process: pruning, a rollup
 * rebuild, a deep history page; errors keep their kind (a refused import keeps its problems);
 * progress turns into rate and time left.
 */
describe('jobs in a worker', () => {
  it(
    'prune, rebuild rollups and read a deep history page as the same code does here',
    { timeout: 60_000 },
    async () => {
      const core = newCore(tempDir(), () => T0 + 80 * DAY);
      const a = await addAccount(core, 'cheapai', 'a');
      const b = await addAccount(core, 'deepseek', 'b');
      for (let t = T0; t < T0 + 80 * DAY; t += 30 * MIN) {
        bal(core, a, t, 90_000 - (t - T0) / 1e6);
        if ((t / MIN) % 7 === 0) fail(core, b, t + 1);
        else bal(core, b, t + 1, 500 - (t - T0) / 1e9, 'CNY');
      }
      const runner = workerJobRunner();

      // A page far down the history: read in the worker, the same rows and total as here.
      const query = { limit: 50, offset: 5_600 };
      const here = queryHistory(core, query);
      const there = await runner.start(core, { kind: 'history', query }).result;
      expect(there).toEqual(here);
      // The dispatcher sends such pages to the worker and gives the same answer.
      const { invoke } = testApi({ core, jobs: runner });
      expect(await invoke('history:range', query)).toEqual({ ok: true, value: here });

      // Rollups marked for a rebuild are rebuilt by the worker, to the same rows.
      const rows = () => databaseForTests(core).prepare('SELECT * FROM rollup_day ORDER BY account_pk, bucket').all();
      const rebuiltHere = rows();
      databaseForTests(core).prepare('DELETE FROM rollup_day').run();
      for (const account of [a, b]) core.repos.readings.rollups.markDirty(account.pk, Number.MIN_SAFE_INTEGER);
      expect(await runner.start(core, { kind: 'rollups' }).result).toEqual({ rebuilt: 2 });
      expect(rows()).toEqual(rebuiltHere);

      // Retention pruning, in the worker.
      const total = () => core.repos.readings.count(a.pk) + core.repos.readings.count(b.pk);
      const before = total();
      const report = await runner.start(core, { kind: 'prune', now: T0 + 80 * DAY, days: 30 }).result;
      expect(report).toMatchObject({ retentionDays: 30, accounts: 2 });
      expect(report.deleted).toBeGreaterThan(2 * 40 * 48);
      expect(total()).toBe(before - report.deleted);
      await invoke.close();
      core.close();
    },
  );

  it('keeps the kind of an error: a refused import its problems, a missing file its code', async () => {
    const core = newCore();
    const runner = workerJobRunner();
    const bad = path.join(tempDir(), 'bad.csv');
    fs.writeFileSync(
      bad,
      'timestamp,account,balance,unit\n2026-01-01T00:00:00Z,x,12,credits\n2026-01-01T00:01:00Z,x,twelve,credits\n',
    );
    const refused = await runner.start(core, { kind: 'import', file: bad }).result.catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ImportError);
    expect((refused as ImportError).problems[0]).toMatchObject({ where: 'line 3' });
    const missing = await runner
      .start(core, { kind: 'import', file: path.join(tempDir(), 'nope.csv') })
      .result.catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(UserError);
    expect(missing).toMatchObject({ code: 'not_found', message: expect.stringMatching(/no such file or folder/) });
    await runner.close();
    core.close();
  });

  it('runs small work in place and large work in a thread', async () => {
    const core = newCore();
    const a = await addAccount(core, 'cheapai', 'a');
    for (let t = T0; t < T0 + 20 * DAY; t += MIN) bal(core, a, t, 1000);
    expect(runsInline(core, { kind: 'export', file: 'x', options: { format: 'csv', from: T0, to: T0 + DAY } })).toBe(
      true,
    );
    expect(runsInline(core, { kind: 'export', file: 'x', options: { format: 'csv' } })).toBe(false);
    expect(runsInline(core, { kind: 'import', file: '/dev/zero' })).toBe(false);
    core.close();
  });

  it('turns progress into a rate and the time left', () => {
    const clock = new FakeClock(0);
    const track = progressTracker(() => clock.now);
    expect(track({ phase: 'writing', done: 0, total: 1000 })).toMatchObject({ ratePerSecond: null, secondsLeft: null });
    clock.now = 2000;
    expect(track({ phase: 'writing', done: 400, total: 1000 })).toEqual({
      phase: 'writing',
      done: 400,
      total: 1000,
      ratePerSecond: 200,
      secondsLeft: 3,
      fraction: 0.4,
    });
    // A new phase starts its own clock.
    clock.now = 2100;
    expect(track({ phase: 'undoing', done: 10, total: null })).toMatchObject({ ratePerSecond: null, fraction: null });
  });
});
