import type { IpcResult } from '../../shared/errors';
import { buildBridge } from '../../shared/ipc/bridge-builder';

// Runs in the browser page served by the host: the same named methods the Electron preload
// exposes, carried over same-origin fetch and server-sent events instead of Electron IPC.
const BRIDGE_HEADER = 'x-qivo-bridge';
const SECRET_HEADER = 'x-qivo-secret';

/** This host start's secret, which the host put into the page it served (and into no other). */
function secret(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="qivo-secret"]')?.content ?? '';
}

async function invoke(channel: string, input: unknown): Promise<IpcResult<unknown>> {
  let response: Response;
  try {
    const body = JSON.stringify({ input });
    response = await fetch(`./__qivo/ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [BRIDGE_HEADER]: '1', [SECRET_HEADER]: secret() },
      body,
      // A save sent as the page is being closed must still arrive; browsers allow this for small bodies only.
      keepalive: body.length < 60_000,
    });
  } catch (error) {
    return { ok: false, error: { code: 'ipc.hostUnreachable', message: `The workstation core is not reachable: ${String(error)}` } };
  }
  try {
    return (await response.json()) as IpcResult<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: `HTTP ${response.status}`, params: { detail: `HTTP ${response.status}` } } };
  }
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();
let source: EventSource | undefined;

function subscribe(event: string, listener: (payload: unknown) => void): () => void {
  if (!source) {
    source = new EventSource(`./__qivo/events?secret=${encodeURIComponent(secret())}`);
    source.onmessage = (message) => {
      const { event: name, payload } = JSON.parse(message.data as string) as { event: string; payload: unknown };
      for (const l of listeners.get(name) ?? []) l(payload);
    };
  }
  const set = listeners.get(event) ?? new Set();
  set.add(listener);
  listeners.set(event, set);
  return () => set.delete(listener);
}

(window as unknown as { qivoBridge: unknown }).qivoBridge = Object.freeze(buildBridge(invoke, subscribe));
