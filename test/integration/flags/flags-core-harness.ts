import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCore, type Core, type FeatureModule } from '../../../main/core/core';
import { flagsFeature } from '../../../main/flags/feature';
import type { FlagService, FlagsChangedPayload } from '../../../main/flags/flag-service';
import { FileSettingsStore } from '../../../main/settings/file-settings-store';
import type { FlagsOverview } from '../../../shared/ipc/flags-contract';
import { startFlagConfigServer, type FlagConfigTestServer } from '../../servers/flag-config-server';
import type { TestSigner } from '../../support/flags-signing';

export interface FlagsHarness {
  dataDir: string;
  core: Core;
  service: FlagService;
  events: FlagsChangedPayload[];
  /** Opens the core again on the same folder (after close), optionally as another app version. */
  reopen(env?: NodeJS.ProcessEnv, appVersion?: string): Core;
  close(): Promise<void>;
  cleanup(): Promise<void>;
}

/** A real core (real app.db, settings.json) on a temp folder that trusts the test signer by policy. */
export function startFlagsCore(options: {
  signer: TestSigner;
  url?: string;
  settings?: Record<string, unknown>;
  env?: NodeJS.ProcessEnv;
  features?: readonly FeatureModule[];
  dataDir?: string;
  isPackaged?: boolean;
}): FlagsHarness {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'qivo-flags-'));
  const settings = new FileSettingsStore(dataDir);
  settings.set('flags.policy.trustedKeys', [options.signer.policyEntry]);
  settings.set('flags.timeoutSeconds', 1);
  for (const [k, v] of Object.entries(options.settings ?? {})) settings.set(k, v);
  const harness = {} as FlagsHarness;
  const open = (env: NodeJS.ProcessEnv = {}, appVersion = '0.1.0') => {
    const core = openCore({
      dataDir,
      appVersion,
      shell: 'cli',
      env: { ...(options.url ? { QIVO_FLAGS_URL: options.url } : {}), ...options.env, ...env },
      features: options.features ?? [flagsFeature],
      isPackaged: options.isPackaged ?? false,
    });
    harness.core = core;
    harness.service = core.services.flags!;
    harness.events = [];
    core.events.on('flags.changed', (p) => harness.events.push(p));
    return core;
  };
  open();
  harness.dataDir = dataDir;
  harness.reopen = open;
  harness.close = () => harness.core.close();
  harness.cleanup = async () => {
    await harness.core.close();
    if (existsSync(dataDir) && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  return harness;
}

export async function waitFor<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * For a test file: a config server and a flags core that are closed after each test, and the
 * overview read through the dispatcher as the window reads it. Call once at the top of the file.
 */
export function flagsTestScope() {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return {
    /** Registers something else to undo after the test (last in, first out). */
    defer: (fn: () => Promise<void> | void) => cleanups.push(fn),
    /** The test closed the last thing registered itself: do not close it again. */
    forgetLast: () => cleanups.pop(),
    server: async (initial?: string): Promise<FlagConfigTestServer> => {
      const s = await startFlagConfigServer(initial);
      cleanups.push(() => s.close());
      return s;
    },
    core: (options: Parameters<typeof startFlagsCore>[0]): FlagsHarness => {
      const h = startFlagsCore(options);
      cleanups.push(() => h.cleanup());
      return h;
    },
    overview: async (h: FlagsHarness, channel: 'flags.list' | 'flags.refresh' = 'flags.list'): Promise<FlagsOverview> => {
      const r = await h.core.dispatch(channel, {}, { transport: 'in-process' });
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.value as FlagsOverview;
    },
  };
}
