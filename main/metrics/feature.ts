import axios from 'axios';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { FLAG_KEYS } from '../../shared/flags/flag-keys';
import type { GuardWindowQuery, GuardWindowStats } from '../../shared/flags/guards';
import { QivoError } from '../../shared/errors';
import { snapshotToFamilies } from '../../shared/metrics/exposition';
import { formatExposition } from '../../shared/metrics/prometheus';
import { flagHealth, type RolloutHealth } from '../../shared/metrics/rollout-health';
import { MINUTE_MS, type MetricsWindow } from '../../shared/metrics/window';
import type { PushStatus } from '../../shared/ipc/metrics-contract';
import type { Core, FeatureModule } from '../core/core';
import { NO_METRICS, teeRecorders } from '../core/metrics-recorder';
import { FeedbackService } from './feedback-service';
import { FeedbackStore } from './feedback-store';
import { MetricsService } from './metrics-service';
import { METRICS_DB_FILE, MetricsStore } from './metrics-store';
import type { CorruptionReport } from '../storage/sqlite';
import { parsePushgatewayUrl, pushToGateway, redactUrl } from './pushgateway';
import { rolloutSourceOf } from './rollout-source';

declare module '../core/feature-services' {
  interface FeatureServices {
    metrics?: MetricsFeatureService;
  }
}

export const PUSH_ENABLED_SETTING = 'metrics.pushEnabled';
export const WORKSTATION_SETTING = 'metrics.workstationId';
/** Written by the flags feature on first start (FLAG_SETTINGS.installId). */
export const INSTALL_ID_SETTING = 'flags.installId';
/** Automatic pushes (when opted in and IT configured a Pushgateway) run this often. */
export const PUSH_INTERVAL_MS = 5 * MINUTE_MS;

/** Everything other features and the CLI use: the store (recorder), the queries, rollout health, the push. */
export class MetricsFeatureService {
  lastPushAt: number | null = null;
  lastPushError: string | null = null;

  readonly feedbackStore: FeedbackStore;
  readonly feedback: FeedbackService;

  constructor(
    readonly core: Core,
    readonly store: MetricsStore,
    readonly queries: MetricsService,
  ) {
    this.feedbackStore = new FeedbackStore(() => store.db);
    this.feedback = new FeedbackService(this.feedbackStore, { flags: () => core.services.flags, now: () => core.now().getTime(), flush: () => store.flush() });
  }

  /**
   * The `workstation` label IT sees: the install id the flags feature keeps (`flags.installId`,
   * random, no personal data), else a random id of our own. Never the user id (it may be an email).
   */
  workstationId(): string {
    const install = this.core.settings.get(INSTALL_ID_SETTING, z.string().min(1).max(100).optional(), undefined);
    if (install) return install;
    const stored = this.core.settings.get(WORKSTATION_SETTING, z.string().uuid().optional(), undefined);
    if (stored) return stored;
    const id = randomUUID();
    this.core.settings.set(WORKSTATION_SETTING, id);
    return id;
  }

  /** The rollout guards' GuardMetricsSource (the flags feature finds it on core.services.metrics). */
  windowStats(query: GuardWindowQuery): GuardWindowStats {
    const stats = this.queries.windowStats(query);
    if (query.flag && query.phase) stats.feedback = this.feedbackStore.stats(query.flag, query.phase, query.feedbackFromMs ?? 0);
    return stats;
  }

  extrasAllowed(): boolean {
    return this.core.gate.isEnabled('ADVANCED_ANALYTICS');
  }

  exposition(window: MetricsWindow): string {
    const rollout = rolloutSourceOf(this.core).states();
    return formatExposition(snapshotToFamilies({ ...this.queries.snapshot(window, this.extrasAllowed()), feedback: this.feedbackStore.totals(), rollout }));
  }

  rolloutHealth(auditLimit = 200): RolloutHealth {
    const rollout = rolloutSourceOf(this.core);
    const current = rollout.current();
    const now = this.core.now().getTime();
    const states = new Map(rollout.states().map((s) => [s.flag, s]));
    const flags = FLAG_KEYS.map((flag) => {
      const definition = current?.flags[flag] ?? null;
      const guard = definition?.guard;
      const phase = states.get(flag)?.phase ?? definition?.phase;
      const stats = guard
        ? this.windowStats({ operations: guard.operations, fromMs: now - guard.windowMinutes * MINUTE_MS, toMs: now, flag, ...(phase ? { phase } : {}) })
        : null;
      return flagHealth({
        flag,
        enabled: this.core.gate.isEnabled(flag),
        reason: this.core.gate.reason(flag),
        definition,
        stats,
        rolledBackForGuard: rollout.rolledBackForGuard(flag),
      });
    });
    return { generatedAt: now, configSource: current?.source ?? null, configVersion: current?.version ?? null, flags, audit: rollout.audit(auditLimit) };
  }

  /** The Pushgateway URL IT put in the flag configuration (`metrics.pushgatewayUrl`), if any. */
  configuredPushUrl(): URL | null {
    return parsePushgatewayUrl(rolloutSourceOf(this.core).current()?.pushgatewayUrl ?? null);
  }

  pushStatus(): PushStatus {
    const url = this.configuredPushUrl();
    return {
      enabled: this.core.settings.get(PUSH_ENABLED_SETTING, z.boolean(), false),
      url: url ? redactUrl(url) : null,
      workstation: this.workstationId(),
      lastPushAt: this.lastPushAt,
      lastError: this.lastPushError,
    };
  }

  setPushEnabled(enabled: boolean): PushStatus {
    this.core.settings.set(PUSH_ENABLED_SETTING, enabled);
    return this.pushStatus();
  }

  /**
   * One tick of the automatic push: pushes only when the user opted in and IT configured a
   * Pushgateway. Failures are remembered for the status line, never thrown at the timer.
   */
  async autoPushTick(): Promise<'pushed' | 'off' | 'notConfigured' | 'failed'> {
    const status = this.pushStatus();
    if (!status.enabled) return 'off';
    if (!status.url) return 'notConfigured';
    try {
      await this.push({ window: AUTO_PUSH_WINDOW });
      return 'pushed';
    } catch {
      return 'failed';
    }
  }

  /** One push of the current snapshot. `url` overrides the configured one (the CLI's --url). */
  async push(options: { window: MetricsWindow; url?: URL }): Promise<{ url: string; status: number; bytes: number }> {
    const url = options.url ?? this.configuredPushUrl();
    if (!url) {
      throw new QivoError('metrics.pushNotConfigured', 'No Pushgateway is configured: the flag configuration has no metrics.pushgatewayUrl.');
    }
    const body = this.exposition(options.window);
    try {
      const result = await pushToGateway(axios.create(), { url, workstation: this.workstationId(), appVersion: this.core.appVersion }, body);
      this.lastPushAt = this.core.now().getTime();
      this.lastPushError = null;
      return { ...result, bytes: Buffer.byteLength(body) };
    } catch (error) {
      this.lastPushError = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }
}

export const AUTO_PUSH_WINDOW: MetricsWindow = '1h';

export const metricsFeature: FeatureModule = {
  name: 'metrics',
  init(core) {
    const session = core.integrity.begin('metrics', path.join(core.dataDir, METRICS_DB_FILE));
    const store = new MetricsStore({
      dataDir: core.dataDir,
      now: () => core.now().getTime(),
      quickCheckAtOpen: false,
      log: (message, error) => core.log.error(message, error),
    });
    const tell = (corruption: CorruptionReport) => {
      // Metrics are disposable: the app goes on with an empty file and tells the user once.
      if (core.shell !== 'cli')
        core.notify({ database: 'metrics', kind: 'corruptMovedAside', movedTo: corruption.movedTo, at: corruption.at, backupAvailable: false });
    };
    if (store.corruption) tell(store.corruption);
    // Checked only after an unclean exit, in the background; a damaged file is replaced under the running store.
    core.integrity.checkInBackground(session, (problems) => tell(store.replaceDamaged(`quick_check failed: ${problems}`)));
    const queries = new MetricsService(store, {
      now: () => core.now().getTime(),
      gate: () => core.gate,
      // The cache size is a gauge the cache itself knows best; read when the official-data feature runs.
      cacheSize: () => {
        const figures = core.services.official?.cache.figures();
        return figures ? { entries: figures.entries, bytes: figures.bytes } : null;
      },
    });
    const service = new MetricsFeatureService(core, store, queries);
    core.services.metrics = service;
    // Keep a recorder installed before us (e.g. the flags feature's in-memory guard tap) receiving events.
    core.setMetrics(core.metrics === NO_METRICS ? store : teeRecorders(store, core.metrics));

    let pushTimer: NodeJS.Timeout | undefined;
    if (core.shell !== 'cli') {
      pushTimer = setInterval(() => void service.autoPushTick(), PUSH_INTERVAL_MS).unref();
    }

    return {
      handlers: {
        'metrics.dashboard': ({ window }) => queries.dashboard(window),
        'metrics.extras': ({ window }) => queries.extras(window),
        'metrics.rolloutHealth': (input) => service.rolloutHealth(input?.auditLimit),
        'metrics.pushStatus': () => service.pushStatus(),
        'metrics.setPushEnabled': ({ enabled }) => service.setPushEnabled(enabled),
        'feedback.prompts': () => service.feedback.prompts(),
        'feedback.rate': ({ flag, rating, comment }) => service.feedback.rate(flag, rating, comment ?? ''),
        'feedback.dismiss': ({ flag }) => {
          service.feedback.dismiss(flag);
          return { ok: true as const };
        },
        'feedback.report': ({ flag, comment }) => service.feedback.report(flag, comment),
        'feedback.export': () => service.feedback.exportAll(),
      },
      close() {
        if (pushTimer) clearInterval(pushTimer);
        store.close();
      },
    };
  },
};
