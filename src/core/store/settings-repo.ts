import type { Database, Statement } from 'better-sqlite3';
import type { z } from 'zod';

/** Small JSON settings by key. Callers parse with their own schema, so a bad value in the
 * file falls back to the default instead of crashing. */
export class SettingsRepo {
  private readonly getStmt: Statement<[string], { value: string }>;
  private readonly hasStmt: Statement<[string], 1>;
  private readonly setStmt: Statement<[string, string]>;
  private readonly deleteStmt: Statement<[string]>;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.hasStmt = db.prepare<[string], 1>('SELECT 1 FROM settings WHERE key = ?').pluck();
    this.setStmt = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.deleteStmt = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const stored = this.stored(key);
    if (stored === null) return fallback;
    try {
      const parsed = schema.safeParse(stored.value);
      return parsed.success ? parsed.data : fallback;
    } catch {
      return fallback;
    }
  }

  /**
   * The value stored under the key, as JSON parsed but not checked; null when the key is not
   * stored or its value is not JSON.
   */
  stored(key: string): { value: unknown } | null {
    const row = this.getStmt.get(key);
    if (!row) return null;
    try {
      return { value: JSON.parse(row.value) as unknown };
    } catch {
      return null;
    }
  }

  /** Whether the key is stored at all (whatever its value). */
  has(key: string): boolean {
    return this.hasStmt.get(key) !== undefined;
  }

  set(key: string, value: unknown): void {
    this.setStmt.run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.deleteStmt.run(key);
  }
}
