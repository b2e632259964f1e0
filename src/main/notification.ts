import { Notification } from 'electron';
import type { NotificationLike, NotificationOptions } from '../core/desktop/notifier.ts';

/**
 * A native notification as core's notifier uses it. Buttons (macOS, Windows) come back as
 * the index of the one pressed: Electron passes it in the event's details (and, deprecated,
 * as the second argument).
 */
export function createElectronNotification(options: NotificationOptions): NotificationLike {
  const n = new Notification({
    title: options.title,
    body: options.body,
    urgency: options.urgency,
    ...(options.actions ? { actions: options.actions.map((text) => ({ type: 'button' as const, text })) } : {}),
  });
  const like: NotificationLike = {
    show: () => n.show(),
    on(event: 'click' | 'close' | 'action', listener: ((index: number) => void) | (() => void)) {
      if (event === 'action')
        n.on('action', (details, index) => (listener as (i: number) => void)(details?.actionIndex ?? index));
      else if (event === 'click') n.on('click', () => (listener as () => void)());
      else n.on('close', () => (listener as () => void)());
      return like;
    },
  };
  return like;
}
