import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/index.ts';
import { MIGRATIONS } from './migrations/index.ts';

export class SchemaTooNewError extends Error {
  override name = 'SchemaTooNewError';
  readonly found: number;
  readonly supported: number;
  constructor(found: number, supported: number) {
    super(`the database has schema version ${found}, newer than this Burnrate understands (${supported})`);
    this.found = found;
    this.supported = supported;
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Apply every migration above the database's `PRAGMA user_version`, each in its own
 * transaction together with the version bump, so a failure leaves the previous version
 * intact. Returns the versions applied.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
  target = migrations.at(-1)?.version ?? 0,
): number[] {
  const current = schemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) throw new SchemaTooNewError(current, latest);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue;
    const step = db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    });
    step.immediate();
    applied.push(migration.version);
  }
  return applied;
}
