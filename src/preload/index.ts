import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { BurnrateApi, IpcResult } from '../shared/ipc.ts';
import { isEventChannel, isInvokeChannel } from '../shared/channels.ts';

// The page gets exactly this object: contract channels in, contract events out.
// No ipcRenderer, no Node, no generic send.
const invoke = (channel: unknown, payload: unknown): Promise<unknown> => {
  if (!isInvokeChannel(channel))
    return Promise.resolve({
      ok: false,
      error: { code: 'validation', message: 'unknown channel' },
    } satisfies IpcResult<never>);
  return ipcRenderer.invoke(channel, payload);
};

const api: BurnrateApi = {
  invoke: invoke as BurnrateApi['invoke'],
  on(event, listener) {
    if (!isEventChannel(event)) throw new Error('unknown event');
    const wrapped = (_e: IpcRendererEvent, payload: unknown): void => listener(payload as never);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
