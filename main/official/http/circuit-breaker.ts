import type { CircuitState } from '../../../shared/official/records';

export interface CircuitBreakerPolicy {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one probe is let through (half-open). */
  openMs: number;
}

export const DEFAULT_BREAKER_POLICY: CircuitBreakerPolicy = { failureThreshold: 5, openMs: 30_000 };

/**
 * Per-source circuit breaker. Closed: calls flow, failures are counted. Open: calls fail at
 * once without touching the network (the cache answers stale instead). After `openMs` one probe
 * is allowed (half-open); its success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;
  lastSuccessAt: number | null = null;
  lastErrorAt: number | null = null;
  lastErrorCode: string | null = null;

  constructor(
    private readonly policy: () => CircuitBreakerPolicy,
    private readonly now: () => number,
  ) {}

  /** The state as a caller would see it now (an open circuit past its wait reads as half-open). */
  current(): CircuitState {
    if (this.state === 'open' && this.now() - this.openedAt >= this.policy().openMs) return 'halfOpen';
    return this.state;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether a call may go upstream now; a half-open circuit admits exactly one probe at a time. */
  tryAcquire(): boolean {
    const state = this.current();
    if (state === 'closed') return true;
    if (state === 'open') return false;
    if (this.probeInFlight) return false;
    this.state = 'halfOpen';
    this.probeInFlight = true;
    return true;
  }

  onSuccess(): void {
    this.probeInFlight = false;
    this.failures = 0;
    this.state = 'closed';
    this.lastSuccessAt = this.now();
  }

  onFailure(code: string): void {
    this.probeInFlight = false;
    this.failures += 1;
    this.lastErrorAt = this.now();
    this.lastErrorCode = code;
    if (this.state === 'halfOpen' || this.failures >= this.policy().failureThreshold) {
      this.state = 'open';
      this.openedAt = this.now();
    }
  }

  /** A call that ended without a verdict on the upstream (e.g. the caller gave up): frees the probe slot. */
  release(): void {
    this.probeInFlight = false;
  }
}
