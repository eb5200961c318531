import { QivoError, type IpcResult } from '../errors';
import { CHANNEL_NAMES, type QivoBridge, type QivoClient } from './contract';

export type RawInvoke = (channel: string, input: unknown) => Promise<IpcResult<unknown>>;
export type RawSubscribe = (event: string, listener: (payload: unknown) => void) => () => void;

/**
 * Builds the object of named methods that the preload (Electron) and the browser bridge (HTTP
 * host) expose. Only the contract's channels exist on it: there is no generic `invoke`.
 */
export function buildBridge(invoke: RawInvoke, subscribe: RawSubscribe): QivoBridge {
  const bridge: Record<string, Record<string, unknown>> = {};
  for (const name of CHANNEL_NAMES) {
    const dot = name.indexOf('.');
    const ns = name.slice(0, dot);
    const method = name.slice(dot + 1);
    const target = (bridge[ns] ??= {});
    target[method] = (input?: unknown) => invoke(name, input);
  }
  bridge.events = { on: (event: string, listener: (payload: unknown) => void) => subscribe(event, listener) };
  return bridge as unknown as QivoBridge;
}

/** Wraps the bridge for the renderer: results unwrapped, errors rethrown as QivoError. */
export function buildClient(bridge: QivoBridge): QivoClient {
  const client: Record<string, Record<string, unknown>> = {};
  const raw = bridge as unknown as Record<string, Record<string, (input?: unknown) => Promise<IpcResult<unknown>>>>;
  for (const name of CHANNEL_NAMES) {
    const dot = name.indexOf('.');
    const ns = name.slice(0, dot);
    const method = name.slice(dot + 1);
    const target = (client[ns] ??= {});
    target[method] = async (input?: unknown) => {
      const fn = raw[ns]?.[method];
      if (!fn) throw new QivoError('ipc.unknownChannel', `Unknown channel ${name}`, { channel: name });
      const result = await fn(input);
      if (!result.ok) throw QivoError.fromData(result.error);
      return result.value;
    };
  }
  client.events = bridge.events;
  return client as unknown as QivoClient;
}
