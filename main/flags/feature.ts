import { QivoError } from '../../shared/errors';
import type { GuardMetricsSource } from '../../shared/flags/guards';
import type { FeatureModule } from '../core/core';
import { teeRecorders, type MetricEvent } from '../core/metrics-recorder';
import { resolveFlagAssetsDir } from './assets';
import { FlagAuditStore } from './audit-store';
import { FlagService } from './flag-service';
import { InMemoryGuardMetrics } from './guard-metrics';
import { buildOverview } from './overview';

declare module '../core/feature-services' {
  interface FeatureServices {
    /** The rollout service: flag evaluations, delivery status, guards. */
    flags?: FlagService;
    /** Guard metrics from the metrics store, when that feature provides them; else the in-memory tap is used. */
    guardMetrics?: GuardMetricsSource;
  }
}

/** The metrics feature's service implements GuardMetricsSource over its SQLite store (persisted across restarts). */
function metricsStoreSource(service: unknown): GuardMetricsSource | undefined {
  return service && typeof (service as GuardMetricsSource).windowStats === 'function' ? (service as GuardMetricsSource) : undefined;
}

/**
 * Staged rollout. Starts first: the gate is installed before any other feature starts, from the
 * last-known-good or bootstrap configuration, without waiting for the network.
 */
export const flagsFeature: FeatureModule = {
  name: 'flags',
  init(core) {
    const memory = new InMemoryGuardMetrics();
    let service: FlagService | undefined;
    // Tap the recorder so regulator calls and cache lookups reach the guards whatever records them.
    core.setMetrics(
      teeRecorders(core.metrics, {
        record(event: MetricEvent) {
          memory.record(event);
          if (event.kind === 'regulator.call' || event.kind === 'cache') service?.metricsArrived();
        },
      }),
    );
    service = new FlagService({
      dataDir: core.dataDir,
      assetsDir: resolveFlagAssetsDir(core.env),
      settings: core.settings,
      // The window applies the overview carried by the event instead of asking for it again.
      emit: (payload) => core.events.emit('flags.changed', { ...payload, overview: buildOverview(service!, core.now()) }),
      audit: new FlagAuditStore(core.appDb),
      guardMetrics: () => core.services.guardMetrics ?? metricsStoreSource(core.services.metrics) ?? memory,
      now: () => core.now(),
      env: core.env,
      isPackaged: core.isPackaged,
      appVersion: core.appVersion,
      log: (message) => core.log.warn(message),
      record: (event) => core.metrics.record(event),
    });
    service.start();
    core.setGate(service);
    core.services.flags = service;
    const flags = service;
    return {
      handlers: {
        'flags.list': () => buildOverview(flags, core.now()),
        'flags.refresh': async () => {
          await flags.refresh();
          return buildOverview(flags, core.now());
        },
        'flags.audit': (input) => new FlagAuditStore(core.appDb).list(input?.limit ?? 200, input?.flag),
        'flags.setUserId': ({ userId }) => {
          if (flags.userIdLocked()) throw new QivoError('flags.userIdLocked', 'The user id is set by your IT policy and cannot be changed here.');
          flags.setUserId(userId);
          return buildOverview(flags, core.now());
        },
        'flags.exposure': ({ flag, view, shown }) => ({ recorded: flags.exposures.view(flag, view, shown) }),
      },
      close: () => flags.stop(),
    };
  },
};
