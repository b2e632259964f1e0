import { describe, expect, it } from 'vitest';
import { addAccount, DAY, HOUR, M, MIN, newCore } from './fixtures.ts';
import { attention, compareUrgency, computeHealth } from '../../../src/core/analytics/health.ts';
import type { HealthInput } from '../../../src/core/analytics/health.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { addPack } from '../../../src/core/analytics/packs.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import type { StatusAlert } from '../../../src/shared/status.ts';
import { FakeClock } from '../../helpers/clock.ts';

const NOW = Date.parse('2026-05-11T15:00:00Z');

const input = (over: Partial<HealthInput> = {}): HealthInput => ({
  enabled: true,
  polled: true,
  state: 'ok',
  alerts: [],
  stale: false,
  asOf: NOW - MIN,
  now: NOW,
  ...over,
});
const alert = (kind: StatusAlert['kind'], severity: StatusAlert['severity'], extra: Partial<StatusAlert> = {}) => ({
  kind,
  severity,
  message: `CheapAI · main — ${kind} said so`,
  ...extra,
});

describe('computeHealth', () => {
  it('an ok key with no alert is ok; an active warning makes it a warning while the key state stays ok', () => {
    expect(computeHealth(input())).toEqual({ level: 'ok', reasons: [] });
    const h = computeHealth(input({ alerts: [alert('cap_approaching', 'warning')] }));
    expect(h.level).toBe('warning');
    // Reasons belong to their account: the name before the dash is left off.
    expect(h.reasons).toEqual([{ kind: 'cap_approaching', severity: 'warning', message: 'cap_approaching said so' }]);
  });

  it('is the worst of the key state, every alert and staleness, worst reason first', () => {
    const h = computeHealth(
      input({
        state: 'timeout',
        alerts: [alert('top_up', 'info'), alert('low_balance', 'warning')],
        stale: true,
        asOf: NOW - 3 * HOUR,
      }),
    );
    expect(h.level).toBe('warning');
    expect(h.reasons.map((r) => [r.kind, r.severity])).toEqual([
      ['low_balance', 'warning'],
      ['stale', 'stale'],
      ['top_up', 'info'],
      ['key_state', 'info'],
    ]);
    expect(h.reasons.find((r) => r.kind === 'stale')!.message).toBe('no answer from the provider since 3 h ago, 12:00');
    expect(computeHealth(input({ stale: true, asOf: NOW - 3 * HOUR })).level).toBe('stale');
  });

  it('a refused key is critical even before its alert is raised; with the alert, it is said once', () => {
    expect(computeHealth(input({ state: 'invalid_key' }))).toMatchObject({
      level: 'critical',
      reasons: [{ kind: 'key_state', severity: 'critical' }],
    });
    const both = computeHealth(input({ state: 'invalid_key', alerts: [alert('key_invalid', 'critical')] }));
    expect(both.reasons.map((r) => r.kind)).toEqual(['key_invalid']);
    expect(computeHealth(input({ state: 'daily_cap_reached' })).level).toBe('critical');
    expect(computeHealth(input({ state: 'insufficient_balance' })).level).toBe('critical');
  });

  it('a failed poll is only info: one timeout says nothing about the money', () => {
    for (const state of ['timeout', 'server_error', 'network_error', 'rate_limited', 'bad_response'] as const)
      expect(computeHealth(input({ state })).level).toBe('info');
  });

  it('a snoozed alert is listed but does not raise the level; a paused account is paused', () => {
    const snoozed = computeHealth(
      input({ alerts: [alert('zero_balance', 'critical', { snoozedUntil: new Date(NOW + HOUR).toISOString() })] }),
    );
    expect(snoozed.level).toBe('ok');
    expect(snoozed.reasons[0]).toMatchObject({
      kind: 'zero_balance',
      snoozedUntil: new Date(NOW + HOUR).toISOString(),
    });
    expect(computeHealth(input({ enabled: false, alerts: [alert('low_balance', 'warning')] })).level).toBe('paused');
    expect(computeHealth(input({ state: null, asOf: null }))).toEqual({
      level: 'info',
      reasons: [
        { kind: 'no_reading', severity: 'info', message: 'not polled yet', phrase: { key: 'notPolled', params: {} } },
      ],
    });
  });

  it('urgency: worse health first, then the balance that runs out sooner, then the label', () => {
    const a = (id: string, level: 'critical' | 'warning' | 'stale' | 'ok' | 'paused', zeroAt: string | null) => ({
      id,
      label: id,
      health: { level },
      runway: { zeroAt },
    });
    const list = [
      a('ok', 'ok', '2026-05-12T00:00:00Z'),
      a('warn-late', 'warning', '2026-05-20T00:00:00Z'),
      a('stale', 'stale', null),
      a('warn-soon', 'warning', '2026-05-13T00:00:00Z'),
      a('crit', 'critical', null),
      a('warn-never', 'warning', null),
      a('paused', 'paused', '2026-05-11T16:00:00Z'),
    ];
    expect([...list].sort(compareUrgency).map((x) => x.id)).toEqual([
      'crit',
      'warn-soon',
      'warn-late',
      'warn-never',
      'stale',
      'ok',
      'paused',
    ]);
    expect(attention(list)).toEqual(['crit', 'warn-soon', 'warn-late', 'warn-never', 'stale']);
  });
});

describe('health through status', () => {
  it("the issue's OpenRouter key at 97 % of its daily cap with 2.1 days left: warning, needs attention, key state ok", async () => {
    const clock = new FakeClock(NOW - 2 * DAY);
    const core = newCore(undefined, () => clock.now);
    const router = await addAccount(core, 'openrouter', 'router');
    const calm = await addAccount(core, 'deepseek', 'calm', { currency: 'CNY' });
    const reset = Math.floor(NOW / DAY) * DAY + DAY;
    // $10 a day from $41 for two days ($21 left); today's $10 key limit is 97 % used by now.
    for (; clock.now <= NOW; clock.now += 30 * MIN) {
      const used = Math.min(9.7, (9.7 * (clock.now - (reset - DAY))) / (NOW - (reset - DAY)));
      const left = 41 - (10 * (clock.now - (NOW - 2 * DAY))) / DAY;
      core.recordReading(
        router,
        outcome({
          state: 'ok',
          httpStatus: 200,
          balance: { micros: Math.round(left * M), unit: 'USD' },
          cap: {
            unit: 'USD',
            limit: 10 * M,
            used: Math.round(Math.max(0, used) * M),
            remaining: Math.round((10 - Math.max(0, used)) * M),
            resetAt: reset,
          },
        }),
        clock.now,
      );
      core.recordReading(
        calm,
        outcome({ state: 'ok', httpStatus: 200, balance: { micros: 500 * M, unit: 'CNY' } }),
        clock.now,
      );
    }
    clock.now = NOW;
    const status = computeStatus(core, { now: NOW });
    const r = status.accounts.find((a) => a.id === router.id)!;
    expect(r.state).toBe('ok');
    expect(r.cap!.fraction).toBeCloseTo(0.97, 2);
    expect(r.runway.days).toBeCloseTo(2.1, 1);
    expect(r.health.level).toBe('warning');
    expect(r.health.reasons.map((x) => x.kind).sort()).toEqual(['cap_approaching', 'low_balance']);
    expect(status.accounts.find((a) => a.id === calm.id)!.health.level).toBe('ok');
    expect(status.totals.attention).toEqual([router.id]);
    core.close();
  });

  it('a pack about to expire with credits unused is a warning, not "OK"', async () => {
    const clock = new FakeClock(NOW - 3 * DAY);
    const core = newCore(undefined, () => clock.now);
    const account = await addAccount(core, 'cheapai', 'studio');
    addPack(core, {
      accountId: account.id,
      credits: '1000000',
      price: '25',
      purchasedAt: new Date(NOW - 26 * DAY).toISOString(),
      validity: '30d',
    });
    for (; clock.now <= NOW; clock.now += HOUR)
      core.recordReading(
        account,
        outcome({
          state: 'ok',
          httpStatus: 200,
          balance: { micros: Math.round((900_000 - (1000 * (clock.now - NOW + 3 * DAY)) / DAY) * M), unit: 'credits' },
        }),
        clock.now,
      );
    clock.now = NOW;
    const a = computeStatus(core, { now: NOW }).accounts[0]!;
    expect(a.state).toBe('ok');
    expect(a.health.level).toBe('warning');
    expect(a.health.reasons[0]).toMatchObject({ kind: 'pack_expiring', severity: 'warning' });
    expect(a.health.reasons[0]!.message).toMatch(/^a pack of 1,000,000 credits expires in 4 days, 15 May, with about/);
    core.close();
  });
});
