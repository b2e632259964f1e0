import { describe, expect, it } from 'vitest';
import { startNotifier } from '../../../src/core/desktop/notifier.ts';
import type { NotifierDeps } from '../../../src/core/desktop/notifier.ts';
import type { AlertEvent } from '../../../src/shared/alerts.ts';
import { FakeNotification } from './desktop-fakes.ts';

const NOW = Date.parse('2026-05-12T12:00:00Z');
const event = (id: number, over: Partial<AlertEvent> = {}): AlertEvent => ({
  id,
  accountId: 'acc_main01',
  kind: 'low_balance',
  severity: 'warning',
  message: `CheapAI · main — alert ${id}`,
  at: new Date(NOW - (10 - id) * 1000).toISOString(),
  title: 'CheapAI · main',
  body: `Alert ${id}`,
  silenced: null,
  ...over,
});

function setup(pending: AlertEvent[] = [], supported = true, actions = false) {
  let listener: ((e: AlertEvent) => void) | null = null;
  const notified: number[] = [];
  const shown: FakeNotification[] = [];
  const clicked: string[] = [];
  const acted: Array<[number, string]> = [];
  const deps: NotifierDeps = {
    alerts: {
      on: (l) => {
        listener = l;
        return () => (listener = null);
      },
      markNotified: (id) => notified.push(id),
      pendingNotifications: () => pending.filter((e) => !notified.includes(e.id)),
    },
    isSupported: () => supported,
    create: (o) => {
      const n = new FakeNotification(o);
      shown.push(n);
      return n;
    },
    onClick: (id) => clicked.push(id),
    actions,
    onAction: (e, action) => acted.push([e.id, action]),
    now: () => NOW,
  };
  const notifier = startNotifier(deps);
  return {
    notifier,
    fire: (e: AlertEvent) => listener?.(e),
    notified,
    shown,
    clicked,
    acted,
    listening: () => listener !== null,
  };
}

describe('notifier', () => {
  it('shows unsilenced alerts once, with critical urgency for critical ones, and opens the account on click', () => {
    const t = setup();
    t.fire(event(1, { severity: 'critical', accountId: 'acc_other1' }));
    t.fire(event(2, { silenced: 'quiet_hours' }));
    t.fire(event(3));
    expect(t.shown.map((n) => [n.options, n.shown])).toEqual([
      [{ title: 'CheapAI · main', body: 'Alert 1', urgency: 'critical' }, true],
      [{ title: 'CheapAI · main', body: 'Alert 3', urgency: 'normal' }, true],
    ]);
    expect(t.notified).toEqual([1, 3]);
    t.shown[0]!.click();
    expect(t.clicked).toEqual(['acc_other1']);
  });

  it('catches up on alerts other processes raised: the newest three shown, the rest marked', () => {
    const t = setup([event(1), event(2), event(3), event(4), event(5)]);
    t.notifier.catchUp();
    expect(t.shown.map((n) => n.options.body)).toEqual(['Alert 3', 'Alert 4', 'Alert 5']);
    expect([...t.notified].sort()).toEqual([1, 2, 3, 4, 5]);
    t.notifier.catchUp();
    expect(t.shown).toHaveLength(3);
  });

  it('marks alerts notified even where the system has no notifications, and stops listening on stop', () => {
    const t = setup([], false);
    t.fire(event(7));
    expect(t.shown).toEqual([]);
    expect(t.notified).toEqual([7]);
    t.notifier.stop();
    expect(t.listening()).toBe(false);
  });

  it('offers Snooze 1 h and Dismiss where the platform shows buttons; a press acts on that alert', () => {
    const t = setup([], true, true);
    t.fire(event(4));
    t.fire(event(5));
    expect(t.shown[0]!.options.actions).toEqual(['Snooze 1 h', 'Dismiss']);
    t.shown[0]!.emit('action', 0);
    t.shown[1]!.emit('action', 1);
    t.shown[1]!.emit('action', 7); // not a button of ours: nothing
    expect(t.acted).toEqual([
      [4, 'snooze'],
      [5, 'dismiss'],
    ]);
    expect(t.clicked).toEqual([]);
  });

  it('shows no buttons where the platform has none (Linux): a click opens the account instead', () => {
    const t = setup([], true, false);
    t.fire(event(6));
    expect(t.shown[0]!.options).not.toHaveProperty('actions');
  });
});
