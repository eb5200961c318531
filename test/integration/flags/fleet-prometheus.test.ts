import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { openCore, type Core } from '../../../main/core/core';
import { flagsFeature } from '../../../main/flags/feature';
import { LKG_FILE } from '../../../main/flags/config-store';
import { metricsFeature } from '../../../main/metrics/feature';
import { FileSettingsStore } from '../../../main/settings/file-settings-store';
import type { FlagConfigInput } from '../../../shared/flags/config-schema';
import { runQivoAsync } from '../../support/cli';
import { testSigner } from '../../support/flags-signing';
import { makeTempDir, requireBuild } from '../../support/temp-dir';

const PROMTOOL = '/usr/bin/promtool';
const PROMETHEUS = '/usr/bin/prometheus';
const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function until<T>(probe: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
    } catch {
      /* not there yet */
    }
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The plan's guard on OFFICIAL_INTEGRATIONS in beta: immediate below 85 % success, gradual below 90 %. */
function fleetConfig(now: Date): FlagConfigInput {
  return {
    schemaVersion: 1,
    version: 5,
    issuedAt: new Date(now.getTime() - 60_000).toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    environment: 'test',
    pollSeconds: 3600,
    flags: {
      OFFICIAL_INTEGRATIONS: {
        enabled: true,
        rolloutPercentage: 10,
        // The two simulated workstations' users are in beta's cohort whatever their bucket.
        allow: ['ws-a@mineradora.example', 'ws-b@mineradora.example'],
        phase: 'beta',
        guard: {
          operations: ['regulator.call'],
          windowMinutes: 15,
          minSample: 20,
          minFeedback: 2,
          targets: { successRate: 0.95, satisfactionAbove: 4 },
          rollbackTriggers: { successRateBelow: 0.85, errorRateAbove: 0.2 },
          gradualTriggers: { successRateBelow: 0.9, complaintRateAbove: 0.5 },
        },
      },
      SEC_SK_1300: { enabled: true, rolloutPercentage: 100, phase: 'full' },
      BRAZILIAN_FIELDS: { enabled: true, rolloutPercentage: 100, phase: 'full' },
      ADVANCED_ANALYTICS: { enabled: true, rolloutPercentage: 100, phase: 'full' },
    },
  };
}

const tmp = makeTempDir('qivo-fleet-');
const now = new Date();
const configFile = path.join(tmp.dir, 'config.json');
const rulesDir = path.join(tmp.dir, 'rules');
beforeAll(async () => {
  requireBuild();
  writeFileSync(configFile, JSON.stringify(fleetConfig(now), null, 2));
  const r = await runQivoAsync(['flags', 'fleet-rules', '--config', configFile, '--out', rulesDir, '--json']);
  expect(r.status, r.stderr).toBe(0);
}, 120_000);
afterAll(() => tmp.cleanup());

describe('fleet rules generated from the guard definitions', { timeout: 120_000 }, () => {
  it('promtool check rules accepts them, and the dashboard has the five metric groups and the rollout state', () => {
    const check = spawnSync(PROMTOOL, ['check', 'rules', path.join(rulesDir, 'qivo-rollout.rules.yml')], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/SUCCESS: \d+ rules found/);
    const dashboard = JSON.parse(readFileSync(path.join(rulesDir, 'qivo-fleet.dashboard.json'), 'utf8')) as { panels: { type: string; title: string }[] };
    expect(dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title)).toEqual([
      'Rollout state',
      'API performance',
      'Cache efficiency',
      'Compliance scores',
      'Feature usage',
      'Cost',
    ]);
  });

  it('promtool test rules: a healthy phase alerts nothing, 88 % success steps back gradually, 70 % rolls back at once', () => {
    // Two workstations per scenario, each with its flag state as pushed (1 = on in beta) and its call counters.
    const ws = (name: string, ok: number, err: number, extra: Record<string, string> = {}) => [
      {
        series: `qivo_flag_state{job="qivo_workstation",workstation="${name}",flag="OFFICIAL_INTEGRATIONS",phase="beta",step="0",config_version="5",rollback="none"}`,
        values: '1x20',
      },
      {
        series: `qivo_regulator_calls_total{job="qivo_workstation",workstation="${name}",source="ANM",outcome="success"${Object.entries(extra)
          .map(([k, v]) => `,${k}="${v}"`)
          .join('')}}`,
        values: `0+${ok}x20`,
      },
      { series: `qivo_regulator_calls_total{job="qivo_workstation",workstation="${name}",source="ANM",outcome="error"}`, values: `0+${err}x20` },
    ];
    const annotations = (l: Record<string, string>) => {
      const threshold = l.rollback === 'immediate' ? (l.metric === 'errorRate' ? 'above 20 %' : 'below 85 %') : 'below 90 %';
      return {
        summary: `OFFICIAL_INTEGRATIONS (beta): ${l.metric} is past its ${l.rollback} rollback trigger (${threshold})`,
        action: `qivo flags rollout rollback --mode ${l.rollback}`,
      };
    };
    const alertsAt = (names: string[], expected: Record<string, Array<Record<string, string>>>) =>
      names.map((alertname) => ({
        eval_time: '16m',
        alertname,
        exp_alerts: (expected[alertname] ?? []).map((labels) => ({ exp_labels: labels, exp_annotations: annotations(labels) })),
      }));
    const names = ['QivoRolloutImmediateRollback', 'QivoRolloutGradualRollback'];
    const base = { flag: 'OFFICIAL_INTEGRATIONS', phase: 'beta', metric: 'successRate' };
    const tests = {
      rule_files: [path.join(rulesDir, 'qivo-rollout.rules.yml')],
      evaluation_interval: '1m',
      tests: [
        {
          // healthy: 2 × 10 calls a minute, 1 error in 50 → 98 % success
          interval: '1m',
          input_series: [...ws('ws-a', 10, 0), ...ws('ws-b', 9.6, 0.4)],
          alert_rule_test: alertsAt(names, {}),
          promql_expr_test: [
            {
              expr: 'qivo_flag:workstations',
              eval_time: '16m',
              exp_samples: [{ labels: 'qivo_flag:workstations{flag="OFFICIAL_INTEGRATIONS",phase="beta"}', value: 2 }],
            },
          ],
        },
        {
          // gradual: 88 % success over both workstations (each 8.8 of 10)
          interval: '1m',
          input_series: [...ws('ws-c', 9, 1), ...ws('ws-d', 8.6, 1.4)],
          alert_rule_test: alertsAt(names, { QivoRolloutGradualRollback: [{ ...base, severity: 'warning', rollback: 'gradual' }] }),
          promql_expr_test: [
            {
              expr: 'qivo_flag:success_rate',
              eval_time: '16m',
              exp_samples: [{ labels: 'qivo_flag:success_rate{flag="OFFICIAL_INTEGRATIONS",phase="beta"}', value: 0.88 }],
            },
          ],
        },
        {
          // immediate: 70 % success (also past the gradual trigger; the immediate one decides)
          interval: '1m',
          input_series: [...ws('ws-e', 7, 3), ...ws('ws-f', 7, 3)],
          alert_rule_test: alertsAt(names, {
            QivoRolloutImmediateRollback: [
              { ...base, severity: 'critical', rollback: 'immediate' },
              { ...base, metric: 'errorRate', severity: 'critical', rollback: 'immediate' },
            ],
            QivoRolloutGradualRollback: [{ ...base, severity: 'warning', rollback: 'gradual' }],
          }),
        },
      ],
    };
    const file = path.join(tmp.dir, 'rules.test.yml');
    writeFileSync(file, stringify(tests));
    const run = spawnSync(PROMTOOL, ['test', 'rules', file], { encoding: 'utf8' });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('SUCCESS');
  });
});

describe('a real Prometheus scraping a real Pushgateway that two workstations pushed to', { timeout: 240_000 }, () => {
  const children: ChildProcess[] = [];
  const cores: Core[] = [];
  let gateway = '';
  let prometheus = '';
  const signer = testSigner('fleet-test');

  const start = (bin: string, args: string[], ready: string) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const log: string[] = [];
    child.stdout!.on('data', (d: Buffer) => log.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => log.push(d.toString()));
    children.push(child);
    return until(async () => {
      if (child.exitCode !== null) throw new Error(`${bin} exited: ${log.join('')}`);
      return (await fetch(ready)).ok;
    }, `${bin} ready`);
  };
  const query = async (q: string) => {
    const r = (await (await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as {
      data: { result: { metric: Record<string, string>; value: [number, string] }[] };
    };
    return r.data.result;
  };
  /** Waits until Prometheus answers `q` as `accepted` says; a timeout shows the last answer and what the gateway holds. */
  const untilQuery = async (q: string, accepted: (result: Awaited<ReturnType<typeof query>>) => boolean, what: string) => {
    let seen: unknown = null;
    await until(async () => {
      const r = await query(q);
      seen = r;
      return accepted(r);
    }, what).catch(async (e: Error) => {
      throw new Error(
        `${e.message}: ${JSON.stringify(seen)} / gateway: ${(await (await fetch(`${gateway}/metrics`)).text())
          .split('\n')
          .filter((l) => l.startsWith('qivo_regulator_calls'))
          .join('; ')}`,
      );
    });
  };

  /** A workstation: its own data folder with the signed configuration in force, the real flags and metrics features. */
  function workstation(name: string): Core {
    const dataDir = path.join(tmp.dir, name);
    mkdirSync(path.join(dataDir, 'flags'), { recursive: true });
    writeFileSync(path.join(dataDir, 'flags', LKG_FILE), signer.sign(fleetConfig(now)));
    const settings = new FileSettingsStore(dataDir);
    settings.set('flags.policy.trustedKeys', [signer.policyEntry]);
    settings.set('flags.userId', `${name}@mineradora.example`);
    settings.set('flags.installId', `install-${name}`);
    const core = openCore({ dataDir, appVersion: '0.2.0', shell: 'cli', env: {}, features: [flagsFeature, metricsFeature], isPackaged: true });
    cores.push(core);
    return core;
  }
  const calls = (core: Core, ok: number, errors: number) => {
    const at = Date.now();
    for (let i = 0; i < ok; i++) core.metrics.record({ kind: 'regulator.call', at, name: 'anm.process', source: 'ANM', outcome: 'success', durationMs: 120 });
    for (let i = 0; i < errors; i++) core.metrics.record({ kind: 'regulator.call', at, name: 'anm.process', source: 'ANM', outcome: 'error', durationMs: 300 });
  };
  const push = (core: Core) => core.services.metrics!.push({ window: '1h', url: new URL(gateway) });

  beforeAll(async () => {
    const gwPort = await freePort();
    gateway = `http://127.0.0.1:${gwPort}`;
    // Debian defaults the persistence file to /var/lib/prometheus: keep this one to the test.
    await start(
      PUSHGATEWAY,
      [`--web.listen-address=127.0.0.1:${gwPort}`, `--persistence.file=${path.join(tmp.dir, 'pushgateway.data')}`],
      `${gateway}/-/ready`,
    );
    const promPort = await freePort();
    prometheus = `http://127.0.0.1:${promPort}`;
    const promConfig = path.join(tmp.dir, 'prometheus.yml');
    writeFileSync(
      promConfig,
      stringify({
        global: { scrape_interval: '1s', evaluation_interval: '1s' },
        rule_files: [path.join(rulesDir, 'qivo-rollout.rules.yml')],
        scrape_configs: [{ job_name: 'pushgateway', honor_labels: true, static_configs: [{ targets: [`127.0.0.1:${gwPort}`] }] }],
      }),
    );
    await start(
      PROMETHEUS,
      [`--config.file=${promConfig}`, `--storage.tsdb.path=${path.join(tmp.dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${promPort}`],
      `${prometheus}/-/ready`,
    );
  }, 120_000);

  afterAll(async () => {
    for (const core of cores) await core.close();
    for (const child of children) {
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
    }
  });

  it('each workstation alone is below the minimum sample; together they are past the gradual trigger, and rollout status says so', async () => {
    const a = workstation('ws-a');
    const b = workstation('ws-b');
    // First push: one success and one error each, so every counter exists before it grows.
    calls(a, 1, 1);
    calls(b, 1, 1);
    await Promise.all([push(a), push(b)]);
    await untilQuery('count(qivo_regulator_calls_total{job="qivo_workstation"})', (r) => r[0]?.value[1] === '4', 'both workstations scraped');
    // Then the phase's traffic: 14 successes and 2 errors each → 28 of 32 (87.5 %): gradual, not immediate.
    calls(a, 14, 2);
    calls(b, 14, 2);
    await Promise.all([push(a), push(b)]);
    await untilQuery('sum(qivo_regulator_calls_total{job="qivo_workstation"})', (r) => r[0]?.value[1] === '36', 'the second pushes scraped');
    // Neither workstation judged itself (18 calls each, minimum 20): both still on, in beta.
    for (const core of [a, b]) expect(core.services.flags!.checkGuards()[0]).toMatchObject({ status: 'insufficientData' });
    await untilQuery('qivo_flag:success_rate', (r) => r.length > 0, 'the recording rule evaluated');

    const r = await runQivoAsync(['flags', 'rollout', 'status', '--prometheus', prometheus, '--config', configFile, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      decisions: Array<{
        flag: string;
        action: string;
        figures: { workstations: number; window: { calls: number; metrics: Record<string, number> } };
        target: { phase: string; rolloutPercentage: number };
      }>;
    };
    const d = report.decisions[0]!;
    expect(d.flag).toBe('OFFICIAL_INTEGRATIONS');
    expect(d.figures.workstations).toBe(2);
    // increase() extrapolates each series to the window's edges (Prometheus' documented
    // behaviour), from its own first and last scrape, so the ratio is near 28/32 by an amount
    // that depends on scrape timing. What decides the action is where it falls: between the
    // immediate trigger (85 %) and the gradual one (90 %).
    const successRate = d.figures.window.metrics.successRate!;
    expect(successRate).toBeGreaterThan(0.85);
    expect(successRate).toBeLessThan(0.9);
    expect(successRate).toBeCloseTo(28 / 32, 1);
    expect(d.figures.window.calls).toBeGreaterThanOrEqual(32);
    expect(d.action).toBe('rollback-gradual');
    expect(d.target).toMatchObject({ phase: 'internal', rolloutPercentage: 0 });

    // --dry-run prints the decision and writes nothing; rollback with the key writes the next signed version.
    const keygen = await runQivoAsync(['flags', 'keygen', '--out', tmp.dir, '--name', 'it-fleet', '--json']);
    expect(keygen.status, keygen.stderr).toBe(0);
    const out = path.join(tmp.dir, 'next.signed.json');
    const dry = await runQivoAsync([
      'flags',
      'rollout',
      'rollback',
      '--prometheus',
      prometheus,
      '--config',
      configFile,
      '--key',
      path.join(tmp.dir, 'it-fleet.private.pem'),
      '--out',
      out,
      '--dry-run',
      '--json',
    ]);
    expect(dry.status, dry.stderr).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, wouldWrite: true });
    expect(() => readFileSync(out)).toThrow();
    const rollback = await runQivoAsync([
      'flags',
      'rollout',
      'rollback',
      '--prometheus',
      prometheus,
      '--config',
      configFile,
      '--key',
      path.join(tmp.dir, 'it-fleet.private.pem'),
      '--out',
      out,
      '--json',
    ]);
    expect(rollback.status, rollback.stderr).toBe(0);
    const verify = await runQivoAsync(['flags', 'verify', out, '--pub', path.join(tmp.dir, 'it-fleet.pem'), '--json']);
    expect(verify.status, verify.stderr).toBe(0);
    const next = JSON.parse(readFileSync(out.replace('.signed.json', '.config.json'), 'utf8')) as FlagConfigInput;
    expect(next.version).toBe(6);
    expect(next.flags.OFFICIAL_INTEGRATIONS).toMatchObject({ rolloutPercentage: 0, phase: 'internal' });
    // advance is refused (exit 2) and writes nothing: the fleet is past a trigger.
    const advance = await runQivoAsync([
      'flags',
      'rollout',
      'advance',
      '--prometheus',
      prometheus,
      '--config',
      configFile,
      '--key',
      path.join(tmp.dir, 'it-fleet.private.pem'),
      '--out',
      path.join(tmp.dir, 'adv.signed.json'),
    ]);
    expect(advance.status).toBe(2);
    expect(advance.stderr).toContain('Nothing written');
  });
});
