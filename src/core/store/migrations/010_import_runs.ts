import type { Migration } from './types.ts';

/**
 * Imports that never hold the write lock for long (issue: a main process that never blocks).
 *
 * A big import is checked in full first, then written in short transactions of a few
 * thousand readings each, so a poll storing its reading meanwhile waits milliseconds, not
 * seconds. All or nothing is kept by tagging: every reading an import adds carries its run
 * (`readings.import_run`), and `import_runs` records, as it goes, what else the run created
 * (accounts, packs, settings) and the span of readings it wrote per account. A cancelled or
 * failed import is undone from that record; one cut short by a crash is undone by the next
 * process that opens the database once the run has stopped moving (`updated_at`).
 *
 * `import_run` is NULL for every polled reading (a NULL costs a byte of record header).
 */
export const migration010: Migration = {
  // Numbered after the steps before it in this tree; renumbered to its place when they land.
  version: 10,
  name: 'import runs (staged imports)',
  up(db) {
    db.exec(`
      ALTER TABLE readings ADD COLUMN import_run INTEGER;

      CREATE TABLE import_runs (
        id          INTEGER PRIMARY KEY,
        state       TEXT NOT NULL CHECK (state IN ('applying', 'undoing', 'done')),
        started_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        undo        TEXT NOT NULL
      );
    `);
  },
};
