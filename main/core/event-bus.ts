import type { EventName, EventPayload } from '../../shared/ipc/contract';

type Listener = (payload: unknown) => void;

/** Main-side events that the Electron wiring forwards to the window and the HTTP host forwards as SSE. */
export class EventBus {
  /** `log` hears of a listener that threw (the other listeners still run). */
  constructor(private readonly log: (message: string, error: unknown) => void = () => undefined) {}

  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly anyListeners = new Set<(event: EventName, payload: unknown) => void>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(event) ?? []) this.safeCall(() => l(payload));
    for (const l of this.anyListeners) this.safeCall(() => l(event, payload));
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener);
  }

  /** Every event, for transports (IPC to the window, SSE to the browser host). */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }

  private safeCall(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log('[events] listener failed', error);
    }
  }
}
