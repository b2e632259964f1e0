import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../src/core/store/migrate.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { SiteSettingsRepo } from '../../../src/core/store/site-settings-repo.ts';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const URL = 'https://relay.example.com';

function migrated() {
  const db = new BetterSqlite3(':memory:');
  migrate(db, MIGRATIONS, 4);
  expect(migrate(db, MIGRATIONS, 6)).toEqual([5, 6]);
  expect(schemaVersion(db)).toBe(6);
  return db;
}

describe('migration 006 (site settings)', () => {
  it('adds an empty site_settings table to a database at version 4', () => {
    const db = migrated();
    expect(db.prepare('SELECT count(*) AS n FROM site_settings').get()).toEqual({ n: 0 });
  });

  it('keeps one row per provider and base URL: a read replaces the values, a failure keeps them', () => {
    const repo = new SiteSettingsRepo(migrated());
    expect(repo.get('newapi', URL)).toBeNull();
    expect(
      repo.saveRead('newapi', URL, T0, { quotaPerUnit: '1000000', displayType: 'CNY', usdExchangeRate: '7.1' }),
    ).toEqual({
      provider: 'newapi',
      baseUrl: URL,
      checkedAt: T0,
      readAt: T0,
      units: { quotaPerUnit: '1000000', displayType: 'CNY', usdExchangeRate: '7.1' },
      error: null,
    });
    expect(repo.saveFailure('newapi', URL, T0 + 1000, 'not_json', 'HTML page instead of JSON')).toMatchObject({
      checkedAt: T0 + 1000,
      readAt: T0,
      units: { quotaPerUnit: '1000000', displayType: 'CNY', usdExchangeRate: '7.1' },
      error: { reason: 'not_json', message: 'HTML page instead of JSON' },
    });
    expect(
      repo.saveRead('newapi', URL, T0 + 2000, { quotaPerUnit: null, displayType: null, usdExchangeRate: null }),
    ).toMatchObject({ readAt: T0 + 2000, units: { quotaPerUnit: null }, error: null });
    // Another base URL is another site.
    expect(repo.saveFailure('newapi', `${URL}/v2`, T0, 'unreachable', 'connection refused')).toMatchObject({
      readAt: null,
      units: { quotaPerUnit: null, displayType: null, usdExchangeRate: null },
    });
    expect(repo.get('newapi', URL)).toMatchObject({ readAt: T0 + 2000 });
  });
});
