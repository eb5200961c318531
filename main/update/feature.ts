import path from 'node:path';
import { z } from 'zod';
import type { UpdateStatus } from '../../shared/ipc/update-contract';
import type { Core, FeatureModule } from '../core/core';
import { resolveFlagAssetsDir } from '../flags/assets';
import { loadTrustedKeys, type TrustedKeys } from '../flags/signing';
import { UpdateService, type ShellUpdater } from './update-service';

declare module '../core/feature-services' {
  interface FeatureServices {
    /** The app's own staged updates (signed feed, same keys and bucketing as the flags). */
    update?: UpdateService;
  }
}

export const UPDATE_SETTINGS = {
  feedUrl: 'update.feedUrl',
  checkHours: 'update.checkHours',
} as const;
const FLAG_TRUSTED_KEYS_SETTING = 'flags.policy.trustedKeys';
const PolicyKeys = z.array(z.object({ keyId: z.string().min(1).max(128), publicKeyPem: z.string().max(10_000) }));
/** The first check waits until the window is up and the user is at work, never at start-up. */
const FIRST_CHECK_DELAY_MS = 60_000;

/** The keys IT trusts for flag configurations sign the update feed too: one trust model. */
export function updateTrustedKeys(core: Pick<Core, 'settings' | 'env' | 'dataDir'>): TrustedKeys {
  const policy = core.settings.get(FLAG_TRUSTED_KEYS_SETTING, PolicyKeys, []);
  return loadTrustedKeys([path.join(resolveFlagAssetsDir(core.env), 'keys'), path.join(core.dataDir, 'flags', 'keys')], policy).keys;
}

export function updateFeedUrl(core: Pick<Core, 'settings' | 'env'>): string | undefined {
  return core.env.QIVO_UPDATE_FEED_URL || core.settings.get(UPDATE_SETTINGS.feedUrl, z.string().url().optional(), undefined);
}

/**
 * The update service of a core. `feedUrl` replaces the configured address (`qivo update check
 * --feed URL`); the Electron shell passes its `updater`.
 */
export function createUpdateService(core: Core, options: { updater?: ShellUpdater | undefined; feedUrl?: string | undefined } = {}): UpdateService {
  const { updater, feedUrl } = options;
  return new UpdateService({
    dataDir: core.dataDir,
    appVersion: core.appVersion,
    platform: process.platform,
    feedUrl: () => feedUrl ?? updateFeedUrl(core),
    keys: () => updateTrustedKeys(core),
    userId: () => core.services.flags?.userId().id ?? 'anonymous',
    now: () => core.now(),
    ...(updater ? { updater } : {}),
    onChange: (status: UpdateStatus) => core.events.emit('update.changed', status),
  });
}

/**
 * Staged app updates. The Electron shell passes a ShellUpdater (electron-updater); the browser
 * host and the CLI only report what the feed offers this machine.
 */
export const updateFeature: FeatureModule = {
  name: 'update',
  init(core) {
    const service = createUpdateService(core, { updater: core.hooks.updater });
    core.services.update = service;
    let timer: NodeJS.Timeout | undefined;
    if (core.shell !== 'cli' && updateFeedUrl(core)) {
      const hours = core.settings.get(
        UPDATE_SETTINGS.checkHours,
        z
          .number()
          .min(1)
          .max(24 * 7),
        6,
      );
      const schedule = (delay: number) => {
        timer = setTimeout(() => {
          void service.check().finally(() => schedule(hours * 3_600_000));
        }, delay);
        timer.unref();
      };
      schedule(FIRST_CHECK_DELAY_MS);
    }
    return {
      handlers: {
        'update.status': () => service.status(),
        'update.check': () => service.check(),
        'update.restart': () => {
          if (service.status().state !== 'ready' || !core.hooks.updater) return { restarting: false };
          // The window has flushed its pending saves before asking; closing the core writes and
          // checkpoints app.db, so nothing typed is lost by the restart.
          setImmediate(() => {
            void core.close().then(() => service.quitAndInstall());
          });
          return { restarting: true };
        },
      },
      close: () => clearTimeout(timer),
    };
  },
};
