import type { Database, Statement } from 'better-sqlite3';
import type { SiteDisplayType, SiteReadFailure, SiteUnits } from '../../shared/site.ts';
import { SITE_DISPLAY_TYPES, SITE_READ_FAILURES } from '../../shared/site.ts';

/** One site's published settings as stored (migration 006), times in unix ms. */
export interface SiteSettingsRecord {
  provider: string;
  baseUrl: string;
  /** The last attempt to read them, whether it worked or not. */
  checkedAt: number;
  /** The last attempt that worked; null when none has. */
  readAt: number | null;
  /** What the last successful read said (all null when none has). */
  units: SiteUnits;
  /** Why the last attempt failed; null when it worked. */
  error: { reason: SiteReadFailure; message: string } | null;
}

interface Row {
  provider: string;
  base_url: string;
  checked_at: number;
  read_at: number | null;
  quota_per_unit: string | null;
  display_type: string | null;
  usd_exchange_rate: string | null;
  error_reason: string | null;
  error_message: string | null;
}

function fromRow(row: Row): SiteSettingsRecord {
  const displayType = (SITE_DISPLAY_TYPES as readonly string[]).includes(row.display_type ?? '')
    ? (row.display_type as SiteDisplayType)
    : null;
  const reason = (SITE_READ_FAILURES as readonly string[]).includes(row.error_reason ?? '')
    ? (row.error_reason as SiteReadFailure)
    : null;
  return {
    provider: row.provider,
    baseUrl: row.base_url,
    checkedAt: row.checked_at,
    readAt: row.read_at,
    units: { quotaPerUnit: row.quota_per_unit, displayType, usdExchangeRate: row.usd_exchange_rate },
    error: reason === null ? null : { reason, message: row.error_message ?? '' },
  };
}

/** The `site_settings` table: what each self-hosted site publishes about its units. */
export class SiteSettingsRepo {
  private readonly getStmt: Statement<[string, string], Row>;
  private readonly readStmt: Statement<[{ provider: string; baseUrl: string; at: number } & SiteUnits]>;
  private readonly failStmt: Statement<
    [{ provider: string; baseUrl: string; at: number; reason: SiteReadFailure; message: string }]
  >;

  constructor(db: Database) {
    this.getStmt = db.prepare('SELECT * FROM site_settings WHERE provider = ? AND base_url = ?');
    this.readStmt = db.prepare(`
      INSERT INTO site_settings (provider, base_url, checked_at, read_at, quota_per_unit, display_type, usd_exchange_rate)
      VALUES (@provider, @baseUrl, @at, @at, @quotaPerUnit, @displayType, @usdExchangeRate)
      ON CONFLICT (provider, base_url) DO UPDATE SET
        checked_at = excluded.checked_at, read_at = excluded.read_at,
        quota_per_unit = excluded.quota_per_unit, display_type = excluded.display_type,
        usd_exchange_rate = excluded.usd_exchange_rate, error_reason = NULL, error_message = NULL`);
    // A failed attempt keeps what was last read: a site that answers HTML today still has
    // the quota_per_unit it published yesterday.
    this.failStmt = db.prepare(`
      INSERT INTO site_settings (provider, base_url, checked_at, error_reason, error_message)
      VALUES (@provider, @baseUrl, @at, @reason, @message)
      ON CONFLICT (provider, base_url) DO UPDATE SET
        checked_at = excluded.checked_at, error_reason = excluded.error_reason, error_message = excluded.error_message`);
  }

  get(provider: string, baseUrl: string): SiteSettingsRecord | null {
    const row = this.getStmt.get(provider, baseUrl);
    return row ? fromRow(row) : null;
  }

  /** Store a successful read, replacing what was read before. */
  saveRead(provider: string, baseUrl: string, at: number, units: SiteUnits): SiteSettingsRecord {
    this.readStmt.run({ provider, baseUrl, at, ...units });
    return this.get(provider, baseUrl)!;
  }

  /** Store a failed attempt: its time and named reason; earlier values stay. */
  saveFailure(
    provider: string,
    baseUrl: string,
    at: number,
    reason: SiteReadFailure,
    message: string,
  ): SiteSettingsRecord {
    this.failStmt.run({ provider, baseUrl, at, reason, message: message.slice(0, 500) });
    return this.get(provider, baseUrl)!;
  }
}
