import { ipcMain } from 'electron';
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { invokeChannels } from '../shared/ipc.ts';
import type { EventChannel, EventPayloads } from '../shared/ipc.ts';
import { refuseSender } from '../core/ipc/dispatcher.ts';

export type Invoke = (channel: unknown, payload: unknown) => Promise<unknown>;

/**
 * Register one ipcMain handler per contract channel. Each first checks that the call
 * comes from our own page's main frame (core's refuseSender); the payload is validated by
 * core's dispatcher.
 */
export function registerIpc(invoke: Invoke, isOwnUrl: (url: string) => boolean): () => void {
  const channels = Object.keys(invokeChannels);
  for (const channel of channels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      return refuseSender(event.senderFrame, isOwnUrl) ?? invoke(channel, payload);
    });
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}

export function send<E extends EventChannel>(
  contents: WebContents | undefined,
  event: E,
  payload: EventPayloads[E],
): void {
  if (contents && !contents.isDestroyed()) contents.send(event, payload);
}

/**
 * Main → renderer: "show this account" (a notification or a tray menu line was clicked),
 * payload `{ accountId }`. Sent once the page has loaded, so a window opened by the click
 * still hears it. The preload forwards it once it is listed in src/shared/channels.ts.
 */
export const SHOW_ACCOUNT_EVENT = 'app:showAccount';

export function sendShowAccount(contents: WebContents, accountId: string): void {
  const tell = () => {
    if (!contents.isDestroyed()) contents.send(SHOW_ACCOUNT_EVENT, { accountId });
  };
  if (contents.isLoading()) contents.once('did-finish-load', tell);
  else tell();
}
