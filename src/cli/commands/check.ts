import { defineCommand, JSON_FLAG } from '../command.ts';
import { runCliJob } from '../jobs.ts';
import { recordPassedCheck } from '../../core/database-check.ts';

/**
 * `check [--json]`: SQLite's quick_check of the whole database file now, in a worker thread.
 * Every start checks a small database (up to 4 MiB); a larger one is checked by the app,
 * `watch` and `serve` after they start, once a week. Damage is noted beside the file and the
 * next start moves the file aside (keeping every byte) and begins a new database. Exit 1 on
 * damage.
 */
export const checkCommand = defineCommand({
  name: 'check',
  summary: 'read the whole database for damage now',
  description:
    "Reads every page of the database file as SQLite's quick_check does, in a worker thread. Every start checks a small database; a larger one is checked by the app, watch and serve after they start, once a week. When damage is found it is noted beside the file, and the next start moves the file aside, keeping every byte, and begins a new database. Exits 1 on damage.",
  flags: { json: JSON_FLAG },
  examples: [
    { run: 'check', does: 'check the database now' },
    { run: 'check --json', does: '{"ok", "problem", "bytes", "seconds"} for a script' },
  ],
  async run(ctx, { values }) {
    const core = ctx.core();
    const started = performance.now();
    const check = await runCliJob(ctx, { kind: 'check-database' }, { json: values.json });
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    if (check.problem === null) recordPassedCheck(core, core.now());
    if (values.json) ctx.printJson({ ok: check.problem === null, problem: check.problem, bytes: check.bytes, seconds });
    else if (check.problem === null) ctx.print(`the database is sound: ${size(check.bytes)} read in ${seconds} s`);
    else
      ctx.print(
        `${check.problem}; the next burnrate command moves the database aside, keeping every byte, and begins a new one`,
      );
    return check.problem === null ? 0 : 1;
  },
});

/** "5.9 MiB", "96 KiB". */
const size = (bytes: number): string =>
  bytes >= 1024 ** 2 ? `${(bytes / 1024 ** 2).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
