import type { Database, Statement } from 'better-sqlite3';
import type { AlertSeverity } from '../../shared/alerts.ts';
import type { ChannelKind } from '../../shared/alert-channels.ts';

/** A channel as the store keeps it: no URL, no secret (those are in the keychain). */
export interface ChannelRecord {
  id: string;
  kind: ChannelKind;
  target: string;
  minSeverity: AlertSeverity;
  hasSecret: boolean;
  enabled: boolean;
  /** Unix ms. */
  createdAt: number;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  lastError: string | null;
}

interface ChannelRow {
  id: string;
  kind: ChannelKind;
  target: string;
  min_severity: AlertSeverity;
  has_secret: number;
  enabled: number;
  created_at: number;
  last_success_at: number | null;
  last_failure_at: number | null;
  last_error: string | null;
}

const COLUMNS =
  'id, kind, target, min_severity, has_secret, enabled, created_at, last_success_at, last_failure_at, last_error';

function fromRow(row: ChannelRow): ChannelRecord {
  return {
    id: row.id,
    kind: row.kind,
    target: row.target,
    minSeverity: row.min_severity,
    hasSecret: row.has_secret === 1,
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    lastSuccessAt: row.last_success_at,
    lastFailureAt: row.last_failure_at,
    lastError: row.last_error,
  };
}

/** The longest error kept for a channel (one line for a person, not a reply body). */
const MAX_ERROR = 300;

export class ChannelsRepo {
  private readonly insertStmt: Statement<unknown[]>;
  private readonly allStmt: Statement<[], ChannelRow>;
  private readonly byIdStmt: Statement<[string], ChannelRow>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly successStmt: Statement<[number, string]>;
  private readonly failureStmt: Statement<[number, string, string]>;

  constructor(db: Database) {
    this.insertStmt = db.prepare(`INSERT INTO channels (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)`);
    this.allStmt = db.prepare(`SELECT ${COLUMNS} FROM channels ORDER BY created_at, pk`);
    this.byIdStmt = db.prepare(`SELECT ${COLUMNS} FROM channels WHERE id = ?`);
    this.deleteStmt = db.prepare('DELETE FROM channels WHERE id = ?');
    this.successStmt = db.prepare('UPDATE channels SET last_success_at = ? WHERE id = ?');
    this.failureStmt = db.prepare('UPDATE channels SET last_failure_at = ?, last_error = ? WHERE id = ?');
  }

  insert(c: Omit<ChannelRecord, 'lastSuccessAt' | 'lastFailureAt' | 'lastError'>): ChannelRecord {
    this.insertStmt.run(c.id, c.kind, c.target, c.minSeverity, c.hasSecret ? 1 : 0, c.enabled ? 1 : 0, c.createdAt);
    return this.get(c.id)!;
  }

  list(): ChannelRecord[] {
    return this.allStmt.all().map(fromRow);
  }

  get(id: string): ChannelRecord | null {
    const row = this.byIdStmt.get(id);
    return row ? fromRow(row) : null;
  }

  /** Returns whether a channel was removed. */
  remove(id: string): boolean {
    return this.deleteStmt.run(id).changes > 0;
  }

  recordSuccess(id: string, at: number): void {
    this.successStmt.run(at, id);
  }

  recordFailure(id: string, at: number, error: string): void {
    const line = error.replace(/\s+/g, ' ').trim();
    this.failureStmt.run(at, line.length > MAX_ERROR ? `${line.slice(0, MAX_ERROR - 1)}…` : line, id);
  }
}
