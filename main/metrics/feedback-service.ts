import { QivoError } from '../../shared/errors';
import { FLAG_KEYS } from '../../shared/flags/flag-keys';
import type { FeedbackPrompt } from '../../shared/ipc/feedback-contract';
import type { FlagService } from '../flags/flag-service';
import type { FeedbackEntry, FeedbackStore } from './feedback-store';

/** Uses of a feature (gated calls) in its phase before the rating prompt is offered: after real use, not on first sight. */
export const FEEDBACK_MIN_USES = 5;

/**
 * Feedback on features under rollout: the rating prompt (at most once per phase, after real use)
 * and "report a problem". The flag's phase is read from the rollout service here, never taken
 * from the window, so an answer always counts for the phase the user was really in.
 */
export class FeedbackService {
  constructor(
    private readonly store: FeedbackStore,
    private readonly deps: { flags: () => FlagService | undefined; now: () => number; flush: () => void },
  ) {}

  private current(flag: string): { phase: string; configVersion: number | null; on: boolean } {
    const e = this.deps.flags()?.evaluation(flag);
    if (!e || !e.phase) throw new QivoError('feedback.unknownFeature', `${flag} is not in the flag configuration in force.`, { flag });
    return { phase: e.phase, configVersion: e.configVersion, on: e.value };
  }

  prompts(): FeedbackPrompt[] {
    this.deps.flush();
    const flags = this.deps.flags();
    return FLAG_KEYS.flatMap((flag) => {
      const e = flags?.evaluation(flag);
      if (!e?.phase) return [];
      const underRollout = e.value && e.phase !== 'full';
      // Uses in this phase: since the step started when the plan has dates, else all recorded uses.
      const since = e.step?.at ? Date.parse(e.step.at) : 0;
      const uses = underRollout ? this.store.uses(flag, since) : 0;
      const promptDue = underRollout && uses >= FEEDBACK_MIN_USES && !this.store.answeredInPhase(flag, e.phase);
      return [{ flag, phase: e.phase, underRollout, promptDue, uses }];
    });
  }

  rate(flag: string, rating: number, comment = ''): FeedbackEntry {
    const c = this.current(flag);
    return this.store.add({ at: this.deps.now(), flag, phase: c.phase, configVersion: c.configVersion, kind: 'rating', rating, comment });
  }

  dismiss(flag: string): void {
    const c = this.current(flag);
    this.store.add({ at: this.deps.now(), flag, phase: c.phase, configVersion: c.configVersion, kind: 'dismissed', rating: null, comment: '' });
  }

  report(flag: string, comment: string): FeedbackEntry {
    const c = this.current(flag);
    return this.store.add({ at: this.deps.now(), flag, phase: c.phase, configVersion: c.configVersion, kind: 'problem', rating: null, comment });
  }

  exportAll(): { exportedAt: string; entries: FeedbackEntry[] } {
    return { exportedAt: new Date(this.deps.now()).toISOString(), entries: this.store.list() };
  }
}
