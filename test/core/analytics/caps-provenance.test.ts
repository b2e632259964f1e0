import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addAccount, bal, DAY, fail, HOUR, M, MIN, newCore } from './fixtures.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { capReset, capWindow } from '../../../src/core/analytics/cap-window.ts';
import { recordManualBalance } from '../../../src/core/manual.ts';
import { importHistory } from '../../../src/core/analytics/import.ts';
import { overview } from '../../../src/core/window/overview.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import { parseOptions } from '../../../src/core/providers/options.ts';
import { getProvider } from '../../../src/core/providers/registry.ts';
import { migrate } from '../../../src/core/store/migrate.ts';
import { MIGRATIONS } from '../../../src/core/store/migrations/index.ts';
import { AccountsRepo } from '../../../src/core/store/accounts-repo.ts';
import { FakeClock } from '../../helpers/clock.ts';

const NOW = Date.parse('2026-05-11T15:00:00Z');
const t = (iso: string) => Date.parse(iso);

describe('caps say where they come from', () => {
  it('a 429 daily cap with no figures: reached in the cap panel, with its reset time, assumed at UTC midnight', async () => {
    const core = newCore(undefined, () => NOW);
    const account = await addAccount(core, 'cheapai', 'capped');
    for (let ts = NOW - 6 * HOUR; ts < NOW - HOUR; ts += 10 * MIN) bal(core, account, ts, 800_000);
    fail(core, account, NOW - 30 * MIN, 'daily_cap_reached');
    const a = computeStatus(core, { now: NOW }).accounts[0]!;
    expect(a.state).toBe('daily_cap_reached');
    // Never "no daily cap" beside "daily cap reached".
    expect(a.cap).toMatchObject({
      source: 'provider',
      reached: true,
      limit: null,
      used: null,
      resetAt: '2026-05-12T00:00:00.000Z',
      resetSource: 'assumed',
      resetTimeZone: 'UTC',
      reachedAt: new Date(NOW - 30 * MIN).toISOString(),
    });
    expect(a.cap!.reason).toMatch(/refused requests for its daily cap \(HTTP 429\)/);
    expect(a.health.level).toBe('critical');
    // Once the reset has passed without a new reading, the refusal is history.
    expect(computeStatus(core, { now: t('2026-05-12T00:30:00Z') }).accounts[0]!.cap).toBeNull();
    core.close();
  });

  it("a 429 resets at the account's own time in its zone, or at the time the provider gave", async () => {
    const core = newCore(undefined, () => NOW);
    const berlin = await addAccount(core, 'cheapai', 'berlin', { capResetTime: '09:00', capTimeZone: 'Europe/Berlin' });
    const given = await addAccount(core, 'cheapai', 'given');
    fail(core, berlin, NOW - MIN, 'daily_cap_reached');
    core.repos.readings.insert({
      accountPk: given.pk,
      ts: NOW - MIN,
      state: 'daily_cap_reached',
      balance: null,
      unit: null,
      httpStatus: 429,
      retryAfterSeconds: null,
      cap: { unit: 'credits', limit: null, used: null, remaining: null, resetAt: t('2026-05-11T22:00:00Z') },
      keyExpiresAt: null,
      message: 'daily limit',
    });
    const [b, g] = computeStatus(core, { now: NOW }).accounts;
    // 09:00 in Berlin (summer time) is 07:00 UTC, the next one after 15:00 UTC on 11 May.
    expect(b!.cap).toMatchObject({
      reached: true,
      resetAt: '2026-05-12T07:00:00.000Z',
      resetSource: 'account',
      resetTimeZone: 'Europe/Berlin',
    });
    expect(g!.cap).toMatchObject({
      reached: true,
      resetAt: '2026-05-11T22:00:00.000Z',
      resetSource: 'provider',
      resetTimeZone: null,
    });
    core.close();
  });

  it('a 429 with a dailyCap option keeps the figures and says reached, even under the limit as measured', async () => {
    const core = newCore(undefined, () => NOW);
    const account = await addAccount(core, 'cheapai', 'opt', { dailyCap: 50000 });
    for (let ts = t('2026-05-11T00:00:00Z'); ts < NOW - HOUR; ts += 10 * MIN)
      bal(core, account, ts, 900_000 - (40_000 * (ts - t('2026-05-11T00:00:00Z'))) / (14 * HOUR));
    expect(computeStatus(core, { now: NOW }).accounts[0]!.cap).toMatchObject({ reached: false, source: 'option' });
    fail(core, account, NOW - MIN, 'daily_cap_reached');
    expect(computeStatus(core, { now: NOW }).accounts[0]!.cap).toMatchObject({
      reached: true,
      source: 'option',
      limit: '50000',
      remaining: '0',
      resetSource: 'assumed',
      reachedAt: new Date(NOW - MIN).toISOString(),
    });
    core.close();
  });

  it('cap windows in a zone with daylight saving: 23 hours on the day the clocks go forward', () => {
    const opts = { capResetTime: '09:00', capTimeZone: 'Europe/Berlin' };
    expect(capWindow(opts, t('2026-03-29T12:00:00Z'))).toEqual({
      start: t('2026-03-29T07:00:00Z'), // 09:00 CEST
      end: t('2026-03-30T07:00:00Z'),
    });
    const before = capWindow(opts, t('2026-03-29T06:00:00Z'));
    expect(before).toEqual({ start: t('2026-03-28T08:00:00Z'), end: t('2026-03-29T07:00:00Z') });
    expect(before.end - before.start).toBe(23 * HOUR);
    expect(capWindow({ capResetTime: '00:00', capTimeZone: 'Asia/Shanghai' }, t('2026-05-11T15:00:00Z'))).toEqual({
      start: t('2026-05-10T16:00:00Z'),
      end: t('2026-05-11T16:00:00Z'),
    });
  });

  it('the older capResetUtc is still read (stored, given with --set, imported) as that time in UTC', () => {
    expect(capReset({ capResetUtc: '08:30' })).toEqual({ minute: 510, timeZone: 'UTC', source: 'account' });
    expect(capReset({})).toEqual({ minute: 0, timeZone: 'UTC', source: 'assumed' });
    const cheapai = getProvider('cheapai')!;
    expect(parseOptions(cheapai, { capResetUtc: '06:00' })).toEqual({ capResetTime: '06:00', capTimeZone: 'UTC' });
    expect(() => parseOptions(cheapai, { capResetUtc: '6am' })).toThrow('option "capResetTime": expected HH:MM');
    expect(() => parseOptions(cheapai, { capResetTime: '06:00', capTimeZone: 'Mars/Olympus' })).toThrow(
      'option "capTimeZone": expected an IANA time zone',
    );
    expect(() => parseOptions(cheapai, { capResetUtc: '06:00', capResetTime: '07:00' })).toThrow(
      /not also as capResetUtc/,
    );
  });

  it('migration 005 rewrites capResetUtc as the same time in UTC and adds the new columns', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS, 4);
    const insert = db.prepare(
      'INSERT INTO accounts (id, provider, label, options, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 1)',
    );
    insert.run('acc_old001', 'cheapai', 'old', JSON.stringify({ dailyCap: 5000, capResetUtc: '05:30' }));
    insert.run('acc_old002', 'cheapai', 'plain', JSON.stringify({ dailyCap: 5000 }));
    db.prepare('INSERT INTO readings (account_pk, ts, state, balance, unit) VALUES (1, 1, 0, 5, 3)').run();
    expect(migrate(db, MIGRATIONS, 5)).toEqual([5]);
    const repo = new AccountsRepo(db);
    const [old, plain] = repo.list();
    expect(old!.options).toEqual({ capResetTime: '05:30', capTimeZone: 'UTC', dailyCap: 5000 });
    expect(capWindow(old!.options, t('2026-05-11T04:00:00Z')).end).toBe(t('2026-05-11T05:30:00Z'));
    expect(plain!.options).toEqual({ dailyCap: 5000 });
    expect([old!.sharesBalanceWith, old!.billing]).toEqual([null, null]);
    expect(db.prepare('SELECT source FROM readings').get()).toEqual({ source: null });
  });
});

describe('every figure carries its source and age', () => {
  it('polled figures say where from and when; they go stale after three polls without an answer (a 402 is an answer)', async () => {
    const clock = new FakeClock(NOW);
    const core = newCore(undefined, () => clock.now);
    const account = await addAccount(core, 'deepseek', 'ds');
    bal(core, account, NOW - 2 * MIN, 12, 'USD');
    let a = computeStatus(core, { now: NOW }).accounts[0]!;
    expect(a).toMatchObject({
      asOf: new Date(NOW - 2 * MIN).toISOString(),
      source: 'poll',
      balanceEndpoint: '/user/balance',
      stale: false,
    });
    // Timeouts are not answers: 15 minutes after the balance (poll interval 5 min × 3) it is stale.
    fail(core, account, NOW + 5 * MIN, 'timeout');
    fail(core, account, NOW + 10 * MIN, 'timeout');
    clock.now = NOW + 13 * MIN;
    a = computeStatus(core, { now: clock.now }).accounts[0]!;
    expect(a.stale).toBe(false);
    clock.now = NOW + 13 * MIN + 1;
    a = computeStatus(core, { now: clock.now }).accounts[0]!;
    expect(a.stale).toBe(true);
    expect(a.health.level).toBe('stale');
    expect(overview(core).cards[0]!.stale).toBe(true); // the overview's card says the same
    // A 402 is the provider answering: fresh again, though the balance is older.
    core.repos.readings.insert({
      accountPk: account.pk,
      ts: clock.now - MIN,
      state: 'insufficient_balance',
      balance: null,
      unit: null,
      httpStatus: 402,
      retryAfterSeconds: null,
      cap: null,
      keyExpiresAt: null,
      message: 'Insufficient Balance',
    });
    a = computeStatus(core, { now: clock.now }).accounts[0]!;
    expect(a.stale).toBe(false);
    expect(a.asOf).toBe(new Date(NOW - 2 * MIN).toISOString());
    // A paused account is never stale.
    core.accounts.update(account.id, { enabled: false });
    clock.now = NOW + 5 * DAY;
    a = computeStatus(core, { now: clock.now }).accounts[0]!;
    expect([a.stale, a.health.level]).toEqual([false, 'paused']);
    core.close();
  });

  it('a balance recorded by hand says so, and is never stale; an imported one says imported', async () => {
    const core = newCore(undefined, () => NOW);
    const manual = await core.accounts.add({ provider: 'gptimage2', label: 'images', key: 'sk_live_x' });
    recordManualBalance(core, core.accounts.require(manual.id), '1200', NOW - 3 * DAY);
    let [m] = computeStatus(core, { now: NOW }).accounts;
    expect(m).toMatchObject({
      source: 'manual',
      balanceEndpoint: null,
      stale: false,
      asOf: new Date(NOW - 3 * DAY).toISOString(),
    });

    const report = importHistory(
      core,
      'timestamp,account,balance,unit,provider,label\n2026-05-11T14:00:00Z,relay,17.5,USD,deepseek,relay\n',
    );
    expect(report.imported).toBe(1);
    const status = computeStatus(core, { now: NOW });
    m = status.accounts.find((a) => a.label === 'relay');
    expect(m).toMatchObject({ source: 'import', asOf: '2026-05-11T14:00:00.000Z', balance: { amount: '17.5' } });
    // A poll after it is a poll again.
    const relay = core.repos.accounts.findByIdOrLabel('relay')!;
    core.recordReading(relay, outcome({ state: 'ok', balance: { micros: 17 * M, unit: 'USD' } }), NOW - MIN);
    expect(computeStatus(core, { now: NOW }).accounts.find((a) => a.label === 'relay')!.source).toBe('poll');
    core.close();
  });
});
