import { describe, expect, it } from 'vitest';
import {
  accountLine,
  trayIconName,
  trayMenu,
  trayState,
  trayTitle,
  trayTooltip,
} from '../../../src/core/desktop/tray-model.ts';
import type { TrayAccount, TraySnapshot } from '../../../src/core/desktop/tray-model.ts';
import type { ActiveAlert } from '../../../src/shared/alerts.ts';

const NOW = Date.parse('2026-05-12T12:00:00Z');

const main: TrayAccount = {
  id: 'acc_main01',
  name: 'CheapAI · main',
  enabled: true,
  state: 'ok',
  balance: { amount: '46000', unit: 'credits' },
  runwayDays: 9.4,
};
const relay: TrayAccount = {
  id: 'acc_relay1',
  name: 'new-api · relay',
  enabled: true,
  state: 'ok',
  balance: { amount: '12.5', unit: 'USD' },
  runwayDays: 21,
};

function snap(over: Partial<TraySnapshot> = {}): TraySnapshot {
  return {
    now: NOW,
    accounts: [main, relay],
    alerts: [],
    total: { amount: '41.2', currency: 'USD' },
    pause: { reasons: [], until: null },
    timeZone: 'UTC',
    ...over,
  };
}
const alert = (
  accountId: string,
  kind: ActiveAlert['kind'],
  severity: ActiveAlert['severity'],
  snoozedUntil: string | null = null,
): ActiveAlert => ({
  accountId,
  kind,
  severity,
  message: `… ${kind}`,
  since: new Date(NOW - 60_000).toISOString(),
  snoozedUntil,
  id: null,
  quiet: snoozedUntil === null ? null : { reason: 'snoozed', until: snoozedUntil },
});

describe('tray icon state', () => {
  it('is the worst state across accounts: critical > warning > stale > ok', () => {
    expect(trayState(snap())).toBe('ok');
    expect(trayState(snap({ alerts: [alert('acc_main01', 'top_up', 'info')] }))).toBe('ok');
    expect(trayState(snap({ alerts: [alert('acc_main01', 'stale', 'warning')] }))).toBe('stale');
    expect(
      trayState(
        snap({ alerts: [alert('acc_main01', 'stale', 'warning'), alert('acc_relay1', 'low_balance', 'warning')] }),
      ),
    ).toBe('warning');
    expect(
      trayState(
        snap({
          alerts: [alert('acc_relay1', 'low_balance', 'warning'), alert('acc_main01', 'zero_balance', 'critical')],
        }),
      ),
    ).toBe('critical');
  });

  it('ignores snoozed alerts and switched-off accounts', () => {
    const later = new Date(NOW + 3600_000).toISOString();
    expect(trayState(snap({ alerts: [alert('acc_main01', 'zero_balance', 'critical', later)] }))).toBe('ok');
    expect(
      trayState(snap({ alerts: [alert('acc_main01', 'zero_balance', 'critical', new Date(NOW - 1).toISOString())] })),
    ).toBe('critical');
    expect(
      trayState(
        snap({
          accounts: [{ ...main, enabled: false }, relay],
          alerts: [alert('acc_main01', 'key_invalid', 'critical')],
        }),
      ),
    ).toBe('ok');
  });

  it('is paused while polling is paused, whatever the accounts say', () => {
    expect(
      trayState(
        snap({
          pause: { reasons: ['offline'], until: null },
          alerts: [alert('acc_main01', 'zero_balance', 'critical')],
        }),
      ),
    ).toBe('paused');
  });

  it('uses template images on macOS and colour icons elsewhere', () => {
    expect(trayIconName('warning', 'darwin')).toBe('warningTemplate.png');
    expect(trayIconName('warning', 'win32')).toBe('warning.png');
    expect(trayIconName('stale', 'linux')).toBe('stale.png');
  });
});

describe('tray text', () => {
  it('tooltip: total, accounts, shortest runway and alerts', () => {
    expect(trayTooltip(snap())).toBe('Burnrate — $41.20 in 2 accounts · shortest runway 9.4 days');
    expect(
      trayTooltip(
        snap({ alerts: [alert('acc_main01', 'low_balance', 'warning'), alert('acc_main01', 'top_up', 'info')] }),
      ),
    ).toBe('Burnrate — $41.20 in 2 accounts · shortest runway 9.4 days · 1 alert');
    expect(trayTooltip(snap({ accounts: [], total: null }))).toBe('Burnrate — no accounts yet');
    expect(trayTooltip(snap({ pause: { reasons: ['user'], until: NOW + 3600_000 } }))).toBe(
      'Burnrate — polling paused until 13:00 · $41.20 in 2 accounts · shortest runway 9.4 days',
    );
  });

  it('macOS title: "$41 · 9d"', () => {
    expect(trayTitle(snap())).toBe('$41 · 9d');
    expect(trayTitle(snap({ total: null }))).toBe('9d');
    expect(
      trayTitle(snap({ total: { amount: '300', currency: 'CNY' }, accounts: [{ ...main, runwayDays: 0.4 }] })),
    ).toBe('¥300 · <1d');
    expect(trayTitle(snap({ total: null, accounts: [{ ...main, runwayDays: null }] }))).toBe('');
  });

  it('account lines: label — balance — runway, or the state when something is wrong', () => {
    expect(accountLine(main)).toBe('CheapAI · main — 46,000 credits — 9.4 days left');
    expect(accountLine(relay)).toBe('new-api · relay — $12.50 — 21 days left');
    expect(accountLine({ ...main, state: 'invalid_key' })).toBe('CheapAI · main — 46,000 credits — key rejected');
    expect(accountLine({ ...main, balance: null, state: null, runwayDays: null })).toBe(
      'CheapAI · main — no reading yet',
    );
    expect(accountLine({ ...main, enabled: false })).toBe('CheapAI · main — 46,000 credits — paused');
    expect(accountLine({ ...main, runwayDays: null })).toBe('CheapAI · main — 46,000 credits');
  });
});

describe('tray menu', () => {
  it('one line per account, refresh, pause, open and quit', () => {
    expect(trayMenu(snap())).toEqual([
      {
        type: 'item',
        label: 'CheapAI · main — 46,000 credits — 9.4 days left',
        enabled: true,
        action: { type: 'open-account', accountId: 'acc_main01' },
      },
      {
        type: 'item',
        label: 'new-api · relay — $12.50 — 21 days left',
        enabled: true,
        action: { type: 'open-account', accountId: 'acc_relay1' },
      },
      { type: 'separator' },
      { type: 'item', label: 'Refresh now', enabled: true, action: { type: 'refresh' } },
      { type: 'item', label: 'Pause for 1 hour', enabled: true, action: { type: 'pause' } },
      { type: 'separator' },
      { type: 'item', label: 'Open Burnrate', enabled: true, action: { type: 'open' } },
      { type: 'item', label: 'Quit', enabled: true, action: { type: 'quit' } },
    ]);
  });

  it('offers Resume while the user paused, and says why polling is paused', () => {
    const paused = trayMenu(snap({ pause: { reasons: ['user'], until: NOW + 3600_000 } }));
    expect(paused[0]).toEqual({ type: 'item', label: 'Polling paused until 13:00', enabled: false, action: null });
    expect(paused.find((i) => i.type === 'item' && i.action?.type === 'resume')).toBeDefined();
    expect(paused.find((i) => i.type === 'item' && i.action?.type === 'pause')).toBeUndefined();
    const offline = trayMenu(snap({ pause: { reasons: ['offline'], until: null } }));
    expect(offline[0]).toMatchObject({ label: 'Offline, polling paused', enabled: false });
    expect(offline.find((i) => i.type === 'item' && i.action?.type === 'pause')).toBeDefined();
  });

  it('with no accounts: says so and cannot refresh', () => {
    const empty = trayMenu(snap({ accounts: [] }));
    expect(empty[0]).toEqual({ type: 'item', label: 'No accounts yet', enabled: false, action: null });
    expect(empty.find((i) => i.type === 'item' && i.label === 'Refresh now')).toMatchObject({ enabled: false });
  });
});
