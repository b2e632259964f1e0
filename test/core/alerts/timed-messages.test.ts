import { describe, expect, it } from 'vitest';
import { addAccount, HOUR, DAY, newCore } from '../analytics/fixtures.ts';
import { computeStatus } from '../../../src/core/analytics/status.ts';
import { outcome } from '../../../src/core/providers/adapter.ts';
import { FakeClock } from '../../helpers/clock.ts';
import { databaseForTests } from '../../../src/core/core.ts';

// Monday 11 May 2026, 15:00 UTC; the cap window ends at UTC midnight, 9 h later.
const T = Date.parse('2026-05-11T15:00:00Z');

async function capped() {
  const clock = new FakeClock(T);
  const core = newCore(undefined, () => clock.now);
  const account = await addAccount(core, 'cheapai', 'main');
  core.recordReading(account, outcome({ state: 'daily_cap_reached', httpStatus: 429, message: 'daily limit' }), T);
  return { core, account, at: (ms: number) => (clock.now = ms) };
}

describe('alert wording keeps its instants; the phrase is made when shown', () => {
  it('status speaks relative to its own time: `--now` a week on no longer says "in 9 h"', async () => {
    const { core } = await capped();
    const fired = core.alerts.history()[0]!;
    expect(fired.message).toBe('CheapAI · main — daily cap reached, resets in 9 h, tomorrow 00:00');
    expect(fired.times).toEqual({ resetAt: '2026-05-12T00:00:00.000Z' });

    const soon = computeStatus(core, { now: T + 2 * HOUR }).accounts[0]!.alerts;
    expect(soon).toEqual([
      {
        kind: 'cap_reached',
        severity: 'critical',
        message: 'CheapAI · main — daily cap reached, resets in 7 h, tomorrow 00:00',
        times: { resetAt: '2026-05-12T00:00:00.000Z' },
        // The same wording as data, said in the reader's language when shown.
        phrase: { key: 'capReached', params: { resets: { at: 'resetAt', verb: 'resets' } } },
      },
    ]);
    const weekOn = computeStatus(core, { now: T + 7 * DAY }).accounts[0]!.alerts[0]!.message;
    expect(weekOn).toBe('CheapAI · main — daily cap reached, reset 7 days ago, 12 May');
    core.close();
  });

  it('the history phrases instants as of now, spans as of when the alert fired', async () => {
    const { core, account, at } = await capped();
    at(T + 2 * DAY);
    // Nothing heard for two days: the stale alert says how long it had been when it fired.
    core.alerts.check();
    const stale = core.alerts.history().find((e) => e.kind === 'stale')!;
    expect(stale.message).toBe('CheapAI · main — no successful reading for 2 days');
    at(T + 5 * DAY);
    const [cap, staleLater] = core.alerts.history({ accountId: account.id });
    expect(cap!.message).toBe('CheapAI · main — daily cap reached, reset 5 days ago, 12 May');
    expect(cap!.body).toBe('Daily cap reached, reset 5 days ago, 12 May');
    expect(staleLater!.message).toBe('CheapAI · main — no successful reading for 2 days');
    core.close();
  });

  it('alerts stored before instants were kept still show their sentence', async () => {
    const { core, account } = await capped();
    databaseForTests(core)
      .prepare(
        `INSERT INTO alert_events (account_pk, ts, kind, severity, message, notified, data)
         VALUES (?, ?, 'low_balance', 'warning', ?, 1, ?)`,
      )
      .run(
        account.pk,
        T - DAY,
        'CheapAI · main — 20,000 credits left, about 2 days at the current burn',
        JSON.stringify({
          rule: 'low_balance',
          level: 1,
          title: 'CheapAI · main',
          body: '20,000 credits left, about 2 days at the current burn',
          silenced: null,
        }),
      );
    // An old episode row: its data has the sentence, no instants.
    databaseForTests(core)
      .prepare(`INSERT INTO alert_state (account_pk, rule, active, fired_at, data) VALUES (?, 'low_balance', 1, ?, ?)`)
      .run(
        account.pk,
        T - DAY,
        JSON.stringify({
          kind: 'low_balance',
          level: 1,
          episode: null,
          severity: 'warning',
          message: 'CheapAI · main — 20,000 credits left, about 2 days at the current burn',
        }),
      );
    const old = core.alerts.history()[0]!;
    expect(old).toMatchObject({
      kind: 'low_balance',
      message: 'CheapAI · main — 20,000 credits left, about 2 days at the current burn',
      body: '20,000 credits left, about 2 days at the current burn',
    });
    expect(old.times).toBeUndefined();
    const active = computeStatus(core, { now: T + HOUR }).accounts[0]!.alerts;
    expect(active.find((a) => a.kind === 'low_balance')).toEqual({
      kind: 'low_balance',
      severity: 'warning',
      message: 'CheapAI · main — 20,000 credits left, about 2 days at the current burn',
    });
    core.close();
  });
});
