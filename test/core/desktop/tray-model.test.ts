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
  const broken = {
    ...main,
    label: 'main',
    state: 'invalid_key' as const,
    health: health('critical', reason('key_state', 'critical')),
  };

  it('tooltip: the account in the worst trouble first, then how many need attention, then the money held', () => {
    expect(trayTooltip(snap())).toBe('Burnrate — main: 9.4 days left · $41.20 in 2 accounts');
    expect(trayTooltip(snap({ accounts: [broken, relay], attention: ['acc_main01'] }))).toBe(
      'Burnrate — main: key rejected · 1 needs attention · $41.20 in 2 accounts',
    );
    const capped = { ...main, runwayDays: 2.1, health: health('warning', reason('cap_approaching', 'warning')) };
    expect(
      trayTooltip(snap({ accounts: [capped, relay], attention: ['acc_main01', 'acc_relay1'], nextToRunOut: null })),
    ).toBe('Burnrate — main: near its daily cap, 2.1 days left · 2 need attention · $41.20 in 2 accounts');
    expect(trayTooltip(snap({ accounts: [], total: null, nextToRunOut: null }))).toBe('Burnrate — no accounts yet');
    expect(trayTooltip(snap({ pause: { reasons: ['user'], until: NOW + 3600_000 } }))).toBe(
      'Burnrate — polling paused until 13:00 · main: 9.4 days left · $41.20 in 2 accounts',
    );
  });

  it('tooltip: never longer than Windows shows (127 characters), dropping what is said last', () => {
    const long = {
      ...broken,
      name: `CheapAI · ${'x'.repeat(60)}`,
      label: 'x'.repeat(60),
      buys: '≈ 162 gpt-image-2 calls',
    };
    const text = trayTooltip(snap({ accounts: [long, relay], attention: ['acc_main01', 'acc_relay1'] }));
    expect(text.length).toBeLessThanOrEqual(127);
    expect(text).toMatch(/^Burnrate — x{60}: key rejected · 2 need attention/);
  });

  it('macOS title names the account in the worst trouble: what is wrong, or how long it lasts', () => {
    expect(trayTitle(snap())).toBe('main · 9.4 d');
    expect(trayTitle(snap({ accounts: [broken, relay], attention: ['acc_main01'] }))).toBe('main · key rejected');
    const soon = { id: relay.id, zeroAt: new Date(NOW + 0.4 * DAY).toISOString(), cause: 'pack_expiry' as const };
    expect(trayTitle(snap({ nextToRunOut: soon }))).toBe('relay · 10 h');
    expect(trayTitle(snap({ nextToRunOut: null }))).toBe('');
    const team = { ...main, label: 'Team key with a long name', runwayDays: 2 };
    expect(
      trayTitle(
        snap({
          accounts: [team],
          attention: [],
          nextToRunOut: { ...soon, id: main.id, zeroAt: new Date(NOW + 2 * DAY).toISOString() },
        }),
      ),
    ).toBe('Team key with a… · 2 d');
  });

  it('account lines: a status mark, the name, balance, then what is wrong or how long it lasts', () => {
    expect(accountLine(main)).toBe('✓  CheapAI · main — 46,000 credits — 9.4 days left');
    expect(accountLine(relay)).toBe('✓  new-api · relay — $12.50 — 21 days left');
    expect(accountLine(broken)).toBe('✖  CheapAI · main — 46,000 credits — key rejected');
    expect(
      accountLine({ ...main, runwayDays: 2.1, health: health('warning', reason('cap_approaching', 'warning')) }),
    ).toBe('▲  CheapAI · main — 46,000 credits — near its daily cap · 2.1 days left');
    expect(accountLine({ ...main, runwayDays: 1.5, runwayCause: 'pack_expiry' })).toBe(
      '✓  CheapAI · main — 46,000 credits — 1.5 days left (a pack expires)',
    );
    // A failed poll is only info: the line keeps its runway.
    expect(accountLine({ ...main, state: 'timeout', health: health('info', reason('key_state', 'info')) })).toBe(
      '✓  CheapAI · main — 46,000 credits — 9.4 days left',
    );
    expect(accountLine({ ...main, health: health('stale', reason('stale', 'stale')) })).toBe(
      '◷  CheapAI · main — 46,000 credits — stale · 9.4 days left',
    );
    // A snoozed reason does not speak for the account.
    const snoozed = { ...reason('low_balance', 'warning'), quiet: { reason: 'snoozed' as const, until: null } };
    expect(accountLine({ ...main, health: health('ok', snoozed) })).toBe(
      '✓  CheapAI · main — 46,000 credits — 9.4 days left',
    );
    expect(accountLine({ ...main, balance: null, state: null, runwayDays: null })).toBe(
      '✓  CheapAI · main — no reading yet',
    );
    expect(accountLine({ ...main, enabled: false })).toBe('‖  CheapAI · main — 46,000 credits — paused');
    expect(accountLine({ ...main, runwayDays: null })).toBe('✓  CheapAI · main — 46,000 credits');
  });

  it('amounts follow the system locale', () => {
    expect(accountLine(main, snap({ locale: 'de-DE' }))).toBe('✓  CheapAI · main — 46.000 credits — 9.4 days left');
  });
});

describe('tray menu', () => {
  it('accounts as given (most urgent first), when it was updated, refresh, pause, open and quit', () => {
    expect(trayMenu(snap({ updatedAt: NOW - 2 * 60_000 }))).toEqual([
      {
        type: 'item',
        label: '✓  CheapAI · main — 46,000 credits — 9.4 days left',
        enabled: true,
        action: { type: 'open-account', accountId: 'acc_main01' },
      },
      {
        type: 'item',
        label: '✓  new-api · relay — $12.50 — 21 days left',
        enabled: true,
        action: { type: 'open-account', accountId: 'acc_relay1' },
      },
      { type: 'separator' },
      { type: 'item', label: 'Updated 2 min ago', enabled: false, action: null },
      { type: 'item', label: 'Refresh now', enabled: true, action: { type: 'refresh' } },
      { type: 'item', label: 'Pause for 1 hour', enabled: true, action: { type: 'pause' } },
      { type: 'separator' },
      { type: 'item', label: 'Open Burnrate', enabled: true, action: { type: 'open' } },
      { type: 'item', label: 'Quit', enabled: true, action: { type: 'quit' } },
    ]);
  });

  it('an alerts section: the top five, each with Snooze 1 h and a way to its account', () => {
    const alerts = Array.from({ length: 7 }, (_, i) => ({
      accountId: i % 2 ? 'acc_relay1' : 'acc_main01',
      kind: 'low_balance' as const,
      severity: i === 0 ? ('critical' as const) : ('warning' as const),
      message: `CheapAI · main — alert number ${i} with a long sentence that goes on and on about the balance and more`,
    }));
    const menu = trayMenu(snap({ alerts }));
    const header = menu.findIndex((i) => i.type === 'item' && i.label === 'Alerts (5 of 7)');
    expect(header).toBeGreaterThan(0);
    const section = menu.slice(header + 1, header + 6);
    expect(section.map((i) => i.type)).toEqual(Array(5).fill('submenu'));
    expect(section[0]).toEqual({
      type: 'submenu',
      label: '✖  main: alert number 0 with a long sentence that goes on and on about the balance…',
      items: [
        {
          type: 'item',
          label: 'Snooze 1 h',
          enabled: true,
          action: { type: 'snooze', accountId: 'acc_main01', kind: 'low_balance' },
        },
        { type: 'item', label: 'Open main', enabled: true, action: { type: 'open-account', accountId: 'acc_main01' } },
      ],
    });
    expect(section[1]).toMatchObject({ label: expect.stringMatching(/^▲ {2}relay: alert number 1/) });
    expect(menu[header + 6]).toEqual({ type: 'separator' });
    expect(trayMenu(snap({ alerts: alerts.slice(0, 2) })).some((i) => i.type === 'item' && i.label === 'Alerts')).toBe(
      true,
    );
  });

  it('follows each platform: "Quit Burnrate" on macOS, "Exit" on Windows', () => {
    const last = (platform: string) => trayMenu(snap({ platform })).at(-1);
    expect(last('darwin')).toMatchObject({ label: 'Quit Burnrate' });
    expect(last('win32')).toMatchObject({ label: 'Exit' });
    expect(last('linux')).toMatchObject({ label: 'Quit' });
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
    const empty = trayMenu(snap({ accounts: [], updatedAt: null }));
    expect(empty[0]).toEqual({ type: 'item', label: 'No accounts yet', enabled: false, action: null });
    expect(empty.find((i) => i.type === 'item' && i.label === 'Refresh now')).toMatchObject({ enabled: false });
    expect(empty.find((i) => i.type === 'item' && i.label === 'Not updated yet')).toBeDefined();
  });
});
