import { EventEmitter } from 'node:events';
import type { Poller, PollerEvent } from '../../../src/core/poller/index.ts';
import type { NotificationLike, NotificationOptions } from '../../../src/core/desktop/notifier.ts';
import type { TrayPort } from '../../../src/core/desktop/desktop.ts';
import type { TrayAction, TrayMenuItem } from '../../../src/core/desktop/tray-model.ts';

/** A poller that records what it was asked. */
export class FakePoller implements Poller {
  calls: string[] = [];
  private readonly emitter = new EventEmitter();
  start() {
    this.calls.push('start');
  }
  async stop() {
    this.calls.push('stop');
  }
  pause(reason?: string) {
    this.calls.push(`pause:${reason}`);
  }
  resume(reason?: string) {
    this.calls.push(`resume:${reason}`);
  }
  async refresh(accountId?: string) {
    this.calls.push(`refresh:${accountId ?? 'all'}`);
    return [];
  }
  reload() {
    this.calls.push('reload');
  }
  on: Poller['on'] = (type, listener) => {
    this.emitter.on(type, listener as (e: PollerEvent) => void);
    return () => this.emitter.off(type, listener as (e: PollerEvent) => void);
  };
  emit(event: PollerEvent) {
    this.emitter.emit(event.type, event);
  }
  status() {
    return { state: 'running' as const, inFlight: 0, lastPollAt: null, accounts: [] };
  }
  async idle() {}
}

export class FakeTray implements TrayPort {
  icons: string[] = [];
  tooltip = '';
  title = '';
  menu: TrayMenuItem[] = [];
  destroyed = false;
  private onAction: ((a: TrayAction) => void) | null = null;
  constructor(icon: string) {
    this.icons.push(icon);
  }
  setIcon(file: string) {
    this.icons.push(file);
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setTitle(text: string) {
    this.title = text;
  }
  setMenu(items: TrayMenuItem[], onAction: (a: TrayAction) => void) {
    this.menu = items;
    this.onAction = onAction;
  }
  destroy() {
    this.destroyed = true;
  }
  get icon(): string {
    return this.icons.at(-1)!;
  }
  /** Click the menu item with this label. */
  click(label: string) {
    const item = this.menu.find((i) => i.type === 'item' && i.label === label);
    if (!item || item.type !== 'item' || !item.action)
      throw new Error(`no clickable menu item ${label}: ${JSON.stringify(this.menu)}`);
    this.onAction!(item.action);
  }
  labels(): string[] {
    return this.menu.flatMap((i) => (i.type === 'item' ? [i.label] : i.type === 'submenu' ? [`${i.label} ▸`] : []));
  }
  /** Click an item of the submenu whose label starts with `prefix`. */
  clickIn(prefix: string, label: string) {
    const sub = this.menu.find((i) => i.type === 'submenu' && i.label.startsWith(prefix));
    const item = sub?.type === 'submenu' ? sub.items.find((i) => i.type === 'item' && i.label === label) : undefined;
    if (!item || item.type !== 'item' || !item.action)
      throw new Error(`no clickable ${label} under ${prefix}: ${JSON.stringify(this.menu)}`);
    this.onAction!(item.action);
  }
}

export class FakeNotification extends EventEmitter implements NotificationLike {
  shown = false;
  readonly options: NotificationOptions;
  constructor(options: NotificationOptions) {
    super();
    this.options = options;
  }
  show() {
    this.shown = true;
  }
  click() {
    this.emit('click');
  }
}
