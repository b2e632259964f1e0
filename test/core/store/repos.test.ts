import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../../../src/core/store/database.ts';
import { AccountsRepo } from '../../../src/core/store/accounts-repo.ts';
import { ReadingsRepo, toReading } from '../../../src/core/store/readings-repo.ts';
import { providerQuotaResets } from '../../../src/core/analytics/reset-policy.ts';
import type { ReadingRecord } from '../../../src/core/store/readings-repo.ts';
import { SettingsRepo } from '../../../src/core/store/settings-repo.ts';
import { tempDir } from '../../helpers/tmp.ts';

function setup() {
  const { db } = openDatabase(path.join(tempDir(), 'burnrate.db'));
  const accounts = new AccountsRepo(db);
  const account = accounts.insert({
    id: 'acc_test01',
    provider: 'cheapai',
    label: 'main',
    baseUrl: null,
    options: { dailyCap: 50000 },
    pollIntervalSeconds: 300,
    enabled: true,
    at: Date.parse('2026-01-01T00:00:00Z'),
    keyUpdatedAt: Date.parse('2026-01-01T00:00:00Z'),
  });
  return { db, accounts, account, readings: new ReadingsRepo(db, providerQuotaResets), settings: new SettingsRepo(db) };
}

const base: Omit<ReadingRecord, 'accountPk' | 'ts'> = {
  state: 'ok',
  balance: 123_456_000_000,
  unit: 'credits',
  httpStatus: 200,
  retryAfterSeconds: null,
  cap: null,
  keyExpiresAt: null,
  message: null,
};

describe('AccountsRepo', () => {
  it('round-trips an account with its options', () => {
    const { accounts, account } = setup();
    expect(accounts.get('acc_test01')).toEqual(account);
    expect(account.options).toEqual({ dailyCap: 50000 });
    expect(account.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(accounts.findByIdOrLabel('main')?.id).toBe('acc_test01');
  });

  it('updates only the fields given', () => {
    const { accounts } = setup();
    const updated = accounts.update(
      'acc_test01',
      { label: 'renamed', enabled: false },
      Date.parse('2026-02-01T00:00:00Z'),
    );
    expect(updated.label).toBe('renamed');
    expect(updated.enabled).toBe(false);
    expect(updated.options).toEqual({ dailyCap: 50000 });
    expect(updated.updatedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(() => accounts.update('acc_missing', { label: 'x' }, 0)).toThrow(/no account/);
  });

  it('keeps history of a removed account until it is purged', () => {
    const { accounts, account, readings } = setup();
    readings.insert({ ...base, accountPk: account.pk, ts: 1000 });
    accounts.markRemoved(account.id, 2000);
    expect(accounts.list()).toEqual([]);
    expect(accounts.listAll()).toHaveLength(1);
    expect(readings.count(account.pk)).toBe(1);
    accounts.purge(account.id);
    expect(accounts.listAll()).toEqual([]);
    expect(readings.count(account.pk)).toBe(0);
  });
});

describe('ReadingsRepo', () => {
  it('stores failures as history and returns ranges in time order', () => {
    const { account, readings } = setup();
    const pk = account.pk;
    readings.insert({ ...base, accountPk: pk, ts: 3000, balance: 100_000_000 });
    readings.insert({
      ...base,
      accountPk: pk,
      ts: 1000,
      state: 'insufficient_balance',
      balance: null,
      unit: null,
      httpStatus: 402,
      message: 'Insufficient balance',
    });
    readings.insert({
      ...base,
      accountPk: pk,
      ts: 2000,
      state: 'rate_limited',
      balance: null,
      unit: null,
      httpStatus: 429,
      retryAfterSeconds: 119.2,
    });
    expect(readings.range(pk, 0, 10_000).map((r) => [r.ts, r.state])).toEqual([
      [1000, 'insufficient_balance'],
      [2000, 'rate_limited'],
      [3000, 'ok'],
    ]);
    expect(readings.range(pk, 1000, 3000).map((r) => r.ts)).toEqual([1000, 2000]);
    expect(readings.latest(pk)?.ts).toBe(3000);
    expect(readings.range(pk, 2000, 2001)[0]?.retryAfterSeconds).toBe(120);
  });

  it('keeps amounts exact and cap figures intact', () => {
    const { account, readings } = setup();
    const record: ReadingRecord = {
      ...base,
      accountPk: account.pk,
      ts: Date.parse('2026-03-01T12:00:00Z'),
      balance: 17_970_000,
      unit: 'USD',
      cap: {
        unit: 'USD',
        limit: 100_000_000,
        used: 25_500_000,
        remaining: 74_500_000,
        resetAt: Date.parse('2026-03-02T00:00:00Z'),
      },
      keyExpiresAt: Date.parse('2027-12-31T23:59:59Z'),
    };
    readings.insert(record);
    const back = readings.latest(account.pk)!;
    expect(back).toEqual(record);
    expect(toReading(back, account.id)).toEqual({
      accountId: account.id,
      at: '2026-03-01T12:00:00.000Z',
      state: 'ok',
      balance: { amount: '17.97', unit: 'USD' },
      httpStatus: 200,
      retryAfterSeconds: null,
      message: null,
      cap: { unit: 'USD', limit: '100', used: '25.5', remaining: '74.5', resetAt: '2026-03-02T00:00:00.000Z' },
      keyExpiresAt: '2027-12-31T23:59:59.000Z',
    });
  });

  it('keeps one reading per account per instant and finds the latest with a balance', () => {
    const { account, readings } = setup();
    expect(readings.insert({ ...base, accountPk: account.pk, ts: 5 })).toBe(true);
    expect(readings.insert({ ...base, accountPk: account.pk, ts: 5, balance: 1 })).toBe(false);
    readings.insert({
      ...base,
      accountPk: account.pk,
      ts: 6,
      state: 'timeout',
      balance: null,
      unit: null,
      httpStatus: null,
    });
    expect(readings.latest(account.pk)?.state).toBe('timeout');
    expect(readings.latestWithBalance(account.pk)?.ts).toBe(5);
    expect(readings.latestWithBalance(account.pk)?.balance).toBe(base.balance);
  });

  it('refuses a balance without a unit', () => {
    const { account, readings } = setup();
    expect(() => readings.insert({ ...base, accountPk: account.pk, ts: 1, unit: null })).toThrow(/unit/);
  });
});

describe('SettingsRepo', () => {
  it('stores JSON values and falls back when a stored value does not parse', () => {
    const { settings, db } = setup();
    const schema = z.object({ rate: z.string() });
    expect(settings.get('fx', schema, { rate: '7.3' })).toEqual({ rate: '7.3' });
    settings.set('fx', { rate: '7.1' });
    expect(settings.get('fx', schema, { rate: '7.3' })).toEqual({ rate: '7.1' });
    db.prepare(`UPDATE settings SET value = '{not json' WHERE key = 'fx'`).run();
    expect(settings.get('fx', schema, { rate: '7.3' })).toEqual({ rate: '7.3' });
    settings.set('fx', { rate: 7 });
    expect(settings.get('fx', schema, { rate: '7.3' })).toEqual({ rate: '7.3' });
  });
});
