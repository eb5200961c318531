import type { FlagsOverview, FlagStatusView, GuardStatusView } from '../../shared/ipc/flags-contract';
import type { FlagService } from './flag-service';

/** The Settings → Features view model: every flag for this user plus the delivery status. */
export function buildOverview(service: FlagService, now: Date): FlagsOverview {
  const inForce = service.configInForce();
  const config = inForce?.compiled.config ?? null;
  const user = service.userId();
  const flags: FlagStatusView[] = Object.values(service.allEvaluations()).map((e) => {
    const def = inForce?.compiled.flags.get(e.flag)?.def;
    let guard: GuardStatusView | null = null;
    if (def?.guard) {
      const verdict = service.guardVerdict(e.flag);
      const trip = service.guardTrip(e.flag);
      guard = {
        status: trip ? 'tripped' : (verdict?.status ?? 'notChecked'),
        operations: def.guard.operations,
        windowMinutes: def.guard.windowMinutes,
        minSample: def.guard.minSample,
        calls: verdict?.calls ?? 0,
        feedback: verdict?.feedback ?? 0,
        minFeedback: def.guard.minFeedback,
        metrics: verdict?.metrics ?? {},
        breaches: verdict?.breaches ?? [],
        trip: trip ? { at: trip.at, detail: trip.detail, configVersion: trip.configVersion, rollback: trip.rollback } : null,
      };
    }
    const view: FlagStatusView = {
      flag: e.flag,
      value: e.value,
      variant: e.variant,
      reason: e.reason,
      match: e.match,
      phase: e.phase,
      rolloutPercentage: e.rolloutPercentage,
      configVersion: e.configVersion,
      source: e.source,
      stale: e.stale,
      step: e.step,
      nextStep: e.nextStep,
      steppedBack: e.steppedBack ?? false,
      guard,
    };
    if (e.bucket !== undefined) view.bucket = e.bucket;
    if (def?.descriptions) view.descriptions = def.descriptions;
    if (e.errorCode) view.errorCode = e.errorCode;
    if (e.errorMessage) view.errorMessage = e.errorMessage;
    if (e.ruleIndex !== undefined) view.ruleIndex = e.ruleIndex;
    if (def?.description) view.description = def.description;
    return view;
  });
  return {
    userId: user.id,
    userIdOrigin: user.origin,
    userIdLocked: service.userIdLocked(),
    url: service.url(),
    configVersion: inForce?.version ?? null,
    source: inForce?.source ?? 'bootstrap',
    environment: config?.environment ?? null,
    issuedAt: config?.issuedAt ?? null,
    expiresAt: config?.expiresAt ?? null,
    stale: config ? Date.parse(config.expiresAt) < now.getTime() : false,
    pollSeconds: service.pollSeconds(),
    lastFetchAt: service.lastFetchAt,
    lastSuccessAt: service.lastSuccessAt,
    nextFetchAt: service.nextFetchAt,
    lastError: service.lastError,
    overridesAllowed: service.overridesAllowed(),
    flags,
  };
}
