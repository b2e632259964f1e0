import { afterEach, describe, expect, it } from 'vitest';
import type { AlertKind } from '../../../src/shared/alerts.ts';
import { AlertHarness, DAY, HOUR } from './harness.ts';

/**
 * Every rule through the engine, on real SQLite with a fake clock: it fires once when its
 * condition comes on, stays quiet while it stays on (also across a restart), holds inside
 * its hysteresis band, re-arms only once the condition is off by its margin, and then
 * fires again. Snoozes and quiet hours keep the alert in the list without a notification.
 */
interface Scenario {
  kind: AlertKind;
  /** Put the account in the alert's condition. */
  on(h: AlertHarness): void;
  /** Leave the condition, but not by the margin: the episode must hold. */
  band(h: AlertHarness): void;
  /** Leave the condition by the margin: the rule re-arms. */
  off(h: AlertHarness): void;
  severity: 'info' | 'warning' | 'critical';
  message: RegExp;
}

const withRunway = (h: AlertHarness, days: number) => {
  h.status = { ...h.status, balance: { amount: '26000', unit: 'credits' }, runway: { days } };
  h.ok('26000');
};
const withCap = (h: AlertHarness, used: number) => {
  h.status = {
    ...h.status,
    cap: {
      limit: '50000',
      used: String(used),
      fraction: used / 50000,
      resetAt: new Date(h.clock + 3 * HOUR).toISOString(),
    },
  };
  h.ok('100000');
};
const withPack = (h: AlertHarness, unused: string, expiresInDays = 4) => {
  h.status = {
    ...h.status,
    packs: [
      {
        id: 'pack_abcdef123456',
        credits: '1000000',
        expiresAt: new Date(h.clock + expiresInDays * DAY).toISOString(),
        projectedUnused: unused,
        projectedUnusedUsd: '4.5',
      },
    ],
  };
  h.evaluate();
};

const scenarios: Scenario[] = [
  {
    kind: 'zero_balance',
    on: (h) => h.record({ state: 'insufficient_balance', httpStatus: 402, message: 'Insufficient credits' }),
    // A reading that says nothing about the balance, then crumbs: under 1 % of the 1,000,000 peak.
    band: (h) => {
      h.record({ state: 'timeout' });
      h.ok('9000');
    },
    off: (h) => h.ok('20000'),
    severity: 'critical',
    message: /^CheapAI · main — out of balance: the provider refuses requests until you top up$/,
  },
  {
    kind: 'low_balance',
    on: (h) => withRunway(h, 2.1),
    band: (h) => withRunway(h, 3.5),
    off: (h) => withRunway(h, 4),
    severity: 'warning',
    message: /^CheapAI · main — 26,000 credits left, about 2\.1 days at the current burn$/,
  },
  {
    kind: 'cap_approaching',
    on: (h) => withCap(h, 41000),
    band: (h) => withCap(h, 38500),
    off: (h) => withCap(h, 1000),
    severity: 'warning',
    message: /^CheapAI · main — 82 % of today's cap used \(41,000 of 50,000 credits\), resets in 3 h, 15:00$/,
  },
  {
    kind: 'cap_reached',
    on: (h) => h.record({ state: 'daily_cap_reached', httpStatus: 429, message: 'daily limit reached' }),
    band: (h) => withCap(h, 47000),
    off: (h) => withCap(h, 2000),
    severity: 'critical',
    message: /^CheapAI · main — daily cap reached, resets in \d+ h, (tomorrow )?\d\d:00$/,
  },
  {
    kind: 'key_invalid',
    on: (h) => h.record({ state: 'invalid_key', httpStatus: 401, message: 'Invalid API key' }),
    band: (h) => h.record({ state: 'network_error', message: 'connection refused' }),
    off: (h) => h.ok('1000'),
    severity: 'critical',
    message: /^CheapAI · main — the API key was rejected \(invalid or revoked\); replace it to keep polling$/,
  },
  {
    kind: 'key_expiring',
    on: (h) => h.ok('1000', { keyExpiresAt: h.clock + 3 * DAY }),
    band: (h) => h.ok('1000', { keyExpiresAt: h.clock + 8 * DAY }),
    off: (h) => h.ok('1000', { keyExpiresAt: h.clock + 10 * DAY }),
    severity: 'warning',
    message: /^CheapAI · main — the API key expires in 3 days, \d+ May$/,
  },
  {
    kind: 'pack_expiring',
    on: (h) => withPack(h, '120000'),
    band: (h) => withPack(h, '5000'),
    off: (h) => withPack(h, '0'),
    severity: 'warning',
    message:
      /^CheapAI · main — a pack of 1,000,000 credits expires in 4 days, \d+ May, with about 120,000 credits \(\$4\.50\) projected unused$/,
  },
  {
    kind: 'stale',
    on: (h) => {
      h.advance(7 * HOUR);
      h.evaluate();
    },
    // A success 4 h ago: younger than the 6 h threshold, older than the 3 h margin.
    band: (h) => {
      h.core.recordReading(
        h.account,
        {
          state: 'ok',
          httpStatus: 200,
          balance: { micros: 1e9, unit: 'credits' },
          retryAfterSeconds: null,
          message: null,
          cap: null,
          keyExpiresAt: null,
        },
        h.clock - 4 * HOUR,
      );
      h.evaluate();
    },
    off: (h) => h.ok('1000'),
    severity: 'warning',
    message: /^CheapAI · main — no successful reading for 7 h$/,
  },
];

let harness: AlertHarness | null = null;
afterEach(() => {
  harness?.close();
  harness = null;
});

async function start(): Promise<AlertHarness> {
  harness = await AlertHarness.create();
  harness.ok('1000000'); // a healthy first reading
  return harness;
}

describe.each(scenarios)('$kind', (s) => {
  it('fires once per episode, holds in the band, re-arms past the margin and fires again', async () => {
    const h = await start();
    expect(h.history(s.kind)).toEqual([]);

    s.on(h);
    const first = h.history(s.kind);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({
      accountId: h.account.id,
      kind: s.kind,
      severity: s.severity,
      silenced: null,
      title: 'CheapAI · main',
    });
    expect(first[0]!.message).toMatch(s.message);
    expect(h.heard.filter((e) => e.kind === s.kind)).toEqual(first);
    expect(h.activeKinds()).toContain(s.kind);

    // Still on: no repeat, not even from a new process.
    s.on(h);
    h.restart();
    s.on(h);
    expect(h.history(s.kind)).toHaveLength(1);

    // Off, but inside the margin: the episode holds and nothing fires.
    s.band(h);
    expect(h.activeKinds()).toContain(s.kind);
    s.on(h);
    expect(h.history(s.kind)).toHaveLength(1);

    // Off by the margin: re-armed.
    s.off(h);
    expect(h.activeKinds()).not.toContain(s.kind);
    expect(h.history(s.kind)).toHaveLength(1);

    // Hovering in the band while re-armed does not fire either.
    s.band(h);
    expect(h.history(s.kind)).toHaveLength(1);

    s.on(h);
    expect(h.history(s.kind)).toHaveLength(2);
  });

  it('is listed but not notified while snoozed, and notifies again once the snooze is over', async () => {
    const h = await start();
    h.core.alerts.snooze({ accountId: h.account.id, kind: s.kind, until: new Date(h.clock + 2 * DAY).toISOString() });
    s.on(h);
    expect(h.history(s.kind).map((e) => e.silenced)).toEqual(['snoozed']);
    expect(
      h.core.alerts.active({ accountId: h.account.id }).find((a) => a.kind === s.kind)?.snoozedUntil,
    ).not.toBeNull();
    expect(h.core.alerts.pendingNotifications(0).filter((e) => e.kind === s.kind)).toEqual([]);

    h.core.alerts.unsnooze(h.account.id, s.kind);
    s.off(h);
    s.on(h);
    expect(h.history(s.kind).map((e) => e.silenced)).toEqual(['snoozed', null]);
  });

  it('is kept in the list without a notification during quiet hours', async () => {
    const h = await start();
    // Quiet all day but the last minute: whatever time the scenario reaches.
    h.core.alerts.setDefaults({ quietHours: { start: '00:00', end: '23:59', timeZone: 'UTC' } });
    s.on(h);
    expect(h.history(s.kind).map((e) => e.silenced)).toEqual(['quiet_hours']);
    expect(h.activeKinds()).toContain(s.kind);

    h.core.alerts.setDefaults({ quietHours: null });
    s.off(h);
    s.on(h);
    expect(h.history(s.kind).map((e) => e.silenced)).toEqual(['quiet_hours', null]);
  });
});
