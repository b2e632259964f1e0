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
import type { Health, HealthReason } from '../../../src/shared/status.ts';

const NOW = Date.parse('2026-05-12T12:00:00Z');
const DAY = 86_400_000;
const OK: Health = { level: 'ok', reasons: [] };

const main: TrayAccount = {
  id: 'acc_main01',
  name: 'CheapAI · main',
  enabled: true,
  state: 'ok',
  balance: { amount: '46000', unit: 'credits' },
  runwayDays: 9.4,
  health: OK,
};
const relay: TrayAccount = {
  id: 'acc_relay1',
  name: 'new-api · relay',
  enabled: true,
  state: 'ok',
  balance: { amount: '12.5', unit: 'USD' },
  runwayDays: 21,
  health: OK,
};

function snap(over: Partial<TraySnapshot> = {}): TraySnapshot {
  return {
    now: NOW,
    accounts: [main, relay],
    attention: [],
    nextToRunOut: { id: main.id, zeroAt: new Date(NOW + 9.4 * DAY).toISOString(), cause: 'spend' },
    total: { amount: '41.2', currency: 'USD' },
    pause: { reasons: [], until: null },
    timeZone: 'UTC',
    ...over,
  };
}
const reason = (kind: HealthReason['kind'], severity: HealthReason['severity']): HealthReason => ({
  kind,
  severity,
  message: `… ${kind}`,
});
const health = (level: Health['level'], ...reasons: HealthReason[]): Health => ({ level, reasons });
const withHealth = (a: TrayAccount, h: Health): TrayAccount => ({ ...a, health: h });

describe('tray icon state', () => {
  it('is the worst health across accounts: critical > warning > stale > ok (info is ok)', () => {
    expect(trayState(snap())).toBe('ok');
    expect(trayState(snap({ accounts: [withHealth(main, health('info', reason('top_up', 'info'))), relay] }))).toBe(
      'ok',
    );
    expect(trayState(snap({ accounts: [withHealth(main, health('stale', reason('stale', 'stale'))), relay] }))).toBe(
      'stale',
    );
    expect(
      trayState(
        snap({
          accounts: [
            withHealth(main, health('stale', reason('stale', 'stale'))),
            withHealth(relay, health('warning', reason('low_balance', 'warning'))),
          ],
        }),
      ),
    ).toBe('warning');
    expect(
      trayState(
        snap({
          accounts: [
            withHealth(main, health('critical', reason('zero_balance', 'critical'))),
            withHealth(relay, health('warning', reason('low_balance', 'warning'))),
          ],
        }),
      ),
    ).toBe('critical');
  });

  it('a key whose state is ok but whose health is warning colours the icon warning', () => {
    const capped = withHealth(main, health('warning', reason('cap_approaching', 'warning')));
    expect(capped.state).toBe('ok');
    expect(trayState(snap({ accounts: [capped, relay] }))).toBe('warning');
  });

  it('ignores switched-off accounts', () => {
    expect(
      trayState(
        snap({
          accounts: [{ ...withHealth(main, health('paused', reason('paused', 'paused'))), enabled: false }, relay],
        }),
      ),
    ).toBe('ok');
  });

  it('is paused while polling is paused, whatever the accounts say', () => {
    expect(
      trayState(
        snap({
          pause: { reasons: ['offline'], until: null },
          accounts: [withHealth(main, health('critical', reason('zero_balance', 'critical')))],
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
  it('tooltip: total, accounts, shortest runway and how many need attention', () => {
    expect(trayTooltip(snap())).toBe('Burnrate — $41.20 in 2 accounts · shortest runway 9.4 days');
    expect(trayTooltip(snap({ attention: ['acc_main01'] }))).toBe(
      'Burnrate — $41.20 in 2 accounts · shortest runway 9.4 days · 1 needs attention',
    );
    expect(trayTooltip(snap({ attention: ['acc_main01', 'acc_relay1'] }))).toMatch(/· 2 need attention$/);
    expect(trayTooltip(snap({ accounts: [], total: null, nextToRunOut: null }))).toBe('Burnrate — no accounts yet');
    expect(trayTooltip(snap({ pause: { reasons: ['user'], until: NOW + 3600_000 } }))).toBe(
      'Burnrate — polling paused until 13:00 · $41.20 in 2 accounts · shortest runway 9.4 days',
    );
  });

  it('macOS title: "$41 · 9d", the runway of the balance that runs out first', () => {
    expect(trayTitle(snap())).toBe('$41 · 9d');
    expect(trayTitle(snap({ total: null }))).toBe('9d');
    const soon = { id: main.id, zeroAt: new Date(NOW + 0.4 * DAY).toISOString(), cause: 'pack_expiry' as const };
    expect(trayTitle(snap({ total: { amount: '300', currency: 'CNY' }, nextToRunOut: soon }))).toBe('¥300 · <1d');
    expect(trayTitle(snap({ total: null, nextToRunOut: null }))).toBe('');
  });

  it('account lines: label — balance — runway, or what its health says is wrong', () => {
    expect(accountLine(main)).toBe('CheapAI · main — 46,000 credits — 9.4 days left');
    expect(accountLine(relay)).toBe('new-api · relay — $12.50 — 21 days left');
    expect(
      accountLine({ ...main, state: 'invalid_key', health: health('critical', reason('key_state', 'critical')) }),
    ).toBe('CheapAI · main — 46,000 credits — key rejected');
    expect(
      accountLine({ ...main, runwayDays: 2.1, health: health('warning', reason('cap_approaching', 'warning')) }),
    ).toBe('CheapAI · main — 46,000 credits — near its daily cap · 2.1 days left');
    // A failed poll is only info: the line keeps its runway.
    expect(accountLine({ ...main, state: 'timeout', health: health('info', reason('key_state', 'info')) })).toBe(
      'CheapAI · main — 46,000 credits — 9.4 days left',
    );
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
