import type { FlagEvaluation } from '../../shared/flags/evaluate';
import type { FlagKey } from '../../shared/flags/flag-keys';
import type { ExposureSurface, MetricEvent } from '../../shared/metrics/metric-event';

export interface ExposureLogDeps {
  /** Never throws (the flag service wraps the recorder). */
  record(event: MetricEvent): void;
  now(): number;
  /** The flag as main evaluated it for this user now. */
  evaluation(flag: FlagKey): FlagEvaluation | undefined;
}

/** Views one flag may hold open: a window that never says it closed them cannot grow the set without bound. */
const MAX_OPEN_VIEWS = 32;

/**
 * Exposures: one `flag.exposure` each time the user meets a feature, never when something merely
 * reads a flag. A view that shows the feature counts once when it is shown; while it is open, the
 * gated calls it makes are that same use, so the gate counts only calls made with no view of the
 * feature open.
 */
export class ExposureLog {
  private readonly open = new Map<FlagKey, Set<string>>();

  constructor(private readonly deps: ExposureLogDeps) {}

  /** Main is serving a gated channel of `flag` (the gate let it through). */
  served(flag: FlagKey): void {
    if (this.open.get(flag)?.size) return;
    this.record(flag, 'channel');
  }

  /**
   * A view of the window that shows `flag`'s feature was shown (`shown`) or taken away; `view`
   * names that showing. Returns whether an exposure was recorded: once per showing, and only
   * while the flag is on for this user.
   */
  view(flag: FlagKey, view: string, shown: boolean): boolean {
    const views = this.open.get(flag) ?? new Set<string>();
    if (!shown) {
      views.delete(view);
      return false;
    }
    if (views.has(view)) return false;
    if (views.size >= MAX_OPEN_VIEWS) views.delete(views.values().next().value!);
    views.add(view);
    this.open.set(flag, views);
    if (!this.deps.evaluation(flag)?.value) return false;
    this.record(flag, 'view');
    return true;
  }

  /** Views of `flag` the window says are open now. */
  openViews(flag: FlagKey): number {
    return this.open.get(flag)?.size ?? 0;
  }

  private record(flag: FlagKey, surface: ExposureSurface): void {
    const e = this.deps.evaluation(flag);
    this.deps.record({
      kind: 'flag.exposure',
      at: this.deps.now(),
      name: flag,
      outcome: e?.variant ?? 'off',
      labels: { reason: e?.reason ?? 'ERROR', surface },
    });
  }
}
