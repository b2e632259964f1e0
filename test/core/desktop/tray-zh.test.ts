import { describe, expect, it } from 'vitest';
import { accountLine, trayMenu, trayTitle, trayTooltip } from '../../../src/core/desktop/tray-model.ts';
import type { TrayAccount, TrayMenuItem, TraySnapshot } from '../../../src/core/desktop/tray-model.ts';
import { notificationActionLabel, notificationText, startNotifier } from '../../../src/core/desktop/notifier.ts';
import type { AlertEvent } from '../../../src/shared/alerts.ts';
import type { Health } from '../../../src/shared/status.ts';
import { FakeNotification } from './desktop-fakes.ts';

const NOW = Date.parse('2026-05-12T12:00:00Z');
const DAY = 86_400_000;
const OK: Health = { level: 'ok', reasons: [] };

const main: TrayAccount = {
  id: 'acc_main01',
  name: 'DeepSeek · main',
  enabled: true,
  state: 'ok',
  balance: { amount: '91.2', unit: 'CNY' },
  runwayDays: 3,
  health: OK,
};
const team: TrayAccount = {
  id: 'acc_team01',
  name: 'new-api · team',
  label: 'team',
  enabled: true,
  state: 'invalid_key',
  balance: { amount: '1200000', unit: 'quota' },
  runwayDays: null,
  health: { level: 'critical', reasons: [{ kind: 'key_state', severity: 'critical', message: 'key rejected' }] },
};

function snap(over: Partial<TraySnapshot> = {}): TraySnapshot {
  return {
    now: NOW,
    accounts: [team, main],
    attention: [team.id],
    nextToRunOut: { id: main.id, zeroAt: new Date(NOW + 3 * DAY).toISOString(), cause: 'spend' },
    total: { amount: '91.2', currency: 'CNY' },
    pause: { reasons: [], until: null },
    alerts: [
      {
        accountId: team.id,
        kind: 'key_invalid',
        severity: 'critical',
        message: 'new-api · team — the API key was rejected (invalid or revoked); replace it to keep polling',
        phrase: { key: 'keyRejected', params: {} },
      },
    ],
    updatedAt: NOW - 3 * 60_000,
    platform: 'darwin',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    ...over,
  };
}

const labels = (items: TrayMenuItem[]): string[] =>
  items.flatMap((i) => (i.type === 'item' ? [i.label] : i.type === 'submenu' ? [i.label, ...labels(i.items)] : []));

/** Latin words other than names (accounts, providers, the app) and codes. */
const english = (text: string) =>
  text.replace(/Burnrate|DeepSeek|new-api|main|team|API/g, '').match(/[A-Za-z]{3,}/g) ?? [];

describe('the tray in Simplified Chinese', () => {
  it('says balances in yuan, runways in days and states as Chinese users know them', () => {
    expect(accountLine(main, snap())).toBe('✓  DeepSeek · main — ¥91.20 — 还能用 3 天');
    expect(accountLine(team, snap())).toBe('✖  new-api · team — 1,200,000 额度 — 密钥已失效');
    expect(trayTitle(snap())).toBe('team · 密钥已失效');
  });

  it('has a tooltip with the worst account, how many need attention and the money held', () => {
    expect(trayTooltip(snap())).toBe('Burnrate — team：密钥已失效 · 1 个需要处理 · 2 个账户共 ¥91.20');
  });

  it('has every menu word in Chinese, the alert phrased from its figures', () => {
    const menu = labels(trayMenu(snap()));
    expect(menu).toEqual([
      '✖  new-api · team — 1,200,000 额度 — 密钥已失效',
      '✓  DeepSeek · main — ¥91.20 — 还能用 3 天',
      '提醒',
      '✖  team：API 密钥已失效（无效或已吊销），请更换密钥以继续查询',
      '1 小时内不再提醒',
      '打开 team',
      '3 分钟前更新',
      '立即刷新',
      '暂停查询 1 小时',
      '打开 Burnrate',
      '退出 Burnrate',
    ]);
    for (const label of menu) expect(english(label), label).toEqual([]);
  });

  it('says why polling is paused and until when', () => {
    const paused = snap({ pause: { reasons: ['user'], until: NOW + 3600_000 } });
    expect(labels(trayMenu(paused))[0]).toBe('已暂停查询，21:00 恢复');
    expect(labels(trayMenu(paused))).toContain('恢复查询');
    expect(trayTooltip(snap({ pause: { reasons: ['offline'], until: null } }))).toMatch(/^Burnrate — 已离线，暂停查询/);
  });

  it('stays English (with the locale’s numbers) for other locales', () => {
    expect(accountLine(main, snap({ locale: 'en-US' }))).toBe('✓  DeepSeek · main — CN¥91.20 — 3 days left');
    expect(labels(trayMenu(snap({ locale: 'en-GB' })))).toContain('Refresh now');
  });
});

describe('notifications in Simplified Chinese', () => {
  const event: AlertEvent = {
    id: 7,
    accountId: 'acc_main01',
    kind: 'low_balance',
    severity: 'warning',
    message: 'DeepSeek · main — ¥91.20 left, about 3 days at the current burn',
    at: new Date(NOW).toISOString(),
    title: 'DeepSeek · main',
    body: '¥91.20 left, about 3 days at the current burn',
    silenced: null,
    times: { zeroAt: new Date(NOW + 3 * DAY).toISOString() },
    phrase: {
      key: 'lowRunway',
      params: { left: { amount: '91.2', unit: 'CNY' }, days: { days: 'zeroAt' } },
    },
  };

  it('phrase an English-stored alert in the language of the moment', () => {
    expect(notificationText(event, 'zh-CN', NOW)).toEqual({
      title: 'DeepSeek · main',
      body: '余额剩 ¥91.20，按当前消耗约可用 3 天',
    });
    expect(notificationText(event, 'en-US', NOW).body).toBe('CN¥91.20 left, about 3 days at the current burn');
    expect(notificationActionLabel('snooze', 'zh-CN')).toBe('1 小时内不再提醒');
    expect(notificationActionLabel('dismiss', 'zh-CN')).toBe('忽略');
  });

  it('shows the notification and its buttons in the locale the notifier is given at that moment', () => {
    let listener: ((e: AlertEvent) => void) | null = null;
    const shown: FakeNotification[] = [];
    let locale = 'zh-CN';
    startNotifier({
      alerts: {
        on: (l) => ((listener = l), () => undefined),
        markNotified: () => undefined,
        pendingNotifications: () => [],
      },
      isSupported: () => true,
      create: (o) => {
        const n = new FakeNotification(o);
        shown.push(n);
        return n;
      },
      onClick: () => undefined,
      actions: true,
      locale: () => locale,
      now: () => NOW,
    });
    listener!(event);
    locale = 'en-US';
    listener!({ ...event, id: 8 });
    expect(shown.map((n) => [n.options.body, n.options.actions])).toEqual([
      ['余额剩 ¥91.20，按当前消耗约可用 3 天', ['1 小时内不再提醒', '忽略']],
      ['CN¥91.20 left, about 3 days at the current burn', ['Snooze 1 h', 'Dismiss']],
    ]);
  });
});
