/**
 * The only bridge between the sandboxed renderer and main: `invoke` for contract channels and `on`
 * for the typed event channel. Nothing else from Node or Electron is exposed.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { RpcResult } from '@core/errors';

const EVENT_CHANNEL = 'workbench:event';
const RPC_CHANNEL = 'rpc';

const api = {
  invoke(channel: string, input: unknown): Promise<RpcResult<unknown>> {
    // Main validates the channel against the contract; here only the shape is checked, to keep the
    // preload free of the contract's schemas.
    if (typeof channel !== 'string' || !/^[a-z]+\.[a-zA-Z]+$/.test(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no channel named "${String(channel)}".` } });
    }
    return ipcRenderer.invoke(RPC_CHANNEL, channel, input) as Promise<RpcResult<unknown>>;
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld('workbench', api);
