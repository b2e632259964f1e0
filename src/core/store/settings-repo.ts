import type { Database } from 'better-sqlite3';
import type { z } from 'zod';

/** Small JSON settings by key. Callers parse with their own schema, so a bad value in the
 * file falls back to the default instead of crashing. */
export class SettingsRepo {
  private readonly db: Database;
  constructor(db: Database) {
    this.db = db;
  }

  get<T>(key: string, schema: z.ZodType<T>, fallback: T): T {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return fallback;
    try {
      const parsed = schema.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : fallback;
    } catch {
      return fallback;
    }
  }

  /** Whether the key is stored at all (whatever its value). */
  has(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM settings WHERE key = ?').get(key) !== undefined;
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }
}
