import type { MetricEvent, MetricsRecorder } from '../../main/core/metrics-recorder';
import { OfficialCache, openCacheDatabase } from '../../main/official/cache/official-cache';
import { createOfficialConfig, type OfficialConfig } from '../../main/official/config';
import { OfficialService } from '../../main/official/official-service';
import { FileSettingsStore } from '../../main/settings/file-settings-store';
import { FileSecretStore } from '../../main/settings/secret-store';
import type { OfficialServers } from '../servers/index';

export interface OfficialHarness {
  service: OfficialService;
  cache: OfficialCache;
  config: OfficialConfig;
  settings: FileSettingsStore;
  secrets: FileSecretStore;
  events: MetricEvent[];
  /** Pretend time passes (TTL, circuit wait) without sleeping. */
  advance(ms: number): void;
  sleeps: number[];
  close(): Promise<void>;
}

/**
 * The official-data service wired as the app wires it (real cache.db, real settings and secret
 * files, real HTTP) but with a controllable clock and instant backoff sleeps, so tests can step
 * through TTLs and circuit timeouts quickly. Sleeps are recorded to check Retry-After.
 */
export function createOfficialHarness(
  dataDir: string,
  servers: OfficialServers | null,
  options: { settings?: Record<string, unknown>; realSleep?: boolean; env?: NodeJS.ProcessEnv } = {},
): OfficialHarness {
  let offset = 0;
  const now = () => Date.now() + offset;
  const settings = new FileSettingsStore(dataDir);
  for (const [k, v] of Object.entries({
    // Fast, deterministic defaults for tests; individual tests override.
    'official.sources.anm.timeoutMs': 5000,
    'official.sources.sgb.timeoutMs': 5000,
    'official.sources.ibamaEmbargo.timeoutMs': 5000,
    'official.sources.ibamaSislic.timeoutMs': 5000,
    'official.sources.anp.timeoutMs': 5000,
    ...(options.settings ?? {}),
  })) {
    settings.set(k, v);
  }
  const secrets = new FileSecretStore(dataDir);
  const config = createOfficialConfig(settings, options.env ?? (servers ? { ...servers.env } : {}), secrets);
  const events: MetricEvent[] = [];
  const metrics: MetricsRecorder = { record: (e) => void events.push(e) };
  const opened = openCacheDatabase(dataDir);
  const cache = new OfficialCache(opened.db, { now, maxBytes: () => config.maxBytes(), metrics: () => metrics });
  const sleeps: number[] = [];
  const service = new OfficialService({
    cache,
    config,
    metrics: () => metrics,
    now,
    http: options.realSleep
      ? {}
      : {
          sleep: async (ms) => {
            sleeps.push(ms);
          },
        },
  });
  return {
    service,
    cache,
    config,
    settings,
    secrets,
    events,
    sleeps,
    advance(ms) {
      offset += ms;
    },
    async close() {
      await service.settle();
      cache.close();
    },
  };
}
