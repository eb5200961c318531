import { contextBridge, ipcRenderer } from 'electron';
import type { IpcResult } from '../../shared/errors';
import { buildBridge } from '../../shared/ipc/bridge-builder';

// Sandboxed preload: exposes the contract's named methods only (no raw ipcRenderer), each a
// fixed `qivo:<channel>` invoke; events arrive on one channel and are fanned out here, without
// the IpcRendererEvent object (it would give the page access to the sender).
const IPC_PREFIX = 'qivo:';
const EVENT_CHANNEL = 'qivo:event';
const listeners = new Map<string, Set<(payload: unknown) => void>>();

ipcRenderer.on(EVENT_CHANNEL, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const bridge = buildBridge(
  (channel, input) => ipcRenderer.invoke(`${IPC_PREFIX}${channel}`, input) as Promise<IpcResult<unknown>>,
  (event, listener) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  },
);

contextBridge.exposeInMainWorld('qivoBridge', bridge);
