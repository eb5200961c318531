import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { GrowthBookClient } from '@growthbook/growthbook';
import { FlagdCore } from '@openfeature/flagd-core';
import UnleashClient from 'unleash-client/lib/client';
import { defaultStrategies } from 'unleash-client/lib/strategy/index';
import { FlagConfigSchema, type FlagConfigInput } from '../../shared/flags/config-schema';
import { compileConfig, evaluateFlag } from '../../shared/flags/evaluate';
import { toFlagdDocument } from '../../shared/flags/flagd-export';
import { FLAG_KEYS } from '../../shared/flags/flag-keys';
import { FlagConfigStore } from '../../main/flags/config-store';
import { LKG_FILE } from '../../main/flags/flag-service';
import { generateSigningKeyPair, signPayload } from '../../main/flags/signing';
import { FileSettingsStore } from '../../main/settings/file-settings-store';
import { interleave, interleaveProcesses, machine, printComparison, type Figure } from './harness';

// `npm run bench -- flags`: (1) flag evaluation, all four flags for one user and for 100 000 users,
// our evaluator interleaved with its peers on the same rollout (integer percentages, which all of
// them support): @openfeature/flagd-core (our export), GrowthBook (force rules with coverage) and
// the Unleash Node SDK's evaluation engine (flexibleRollout); (2) cold start-up in fresh processes
// (flags-startup-child.ts), against its floor: read the last-known-good, Ed25519 verify, JSON.parse.
// Target: the start-up path under 3 ms in a fresh process.

const PCT: Record<string, number> = { OFFICIAL_INTEGRATIONS: 10, SEC_SK_1300: 50, BRAZILIAN_FIELDS: 25, ADVANCED_ANALYTICS: 100 };
const USERS = 100_000;
const ids = Array.from({ length: USERS }, (_, i) => (i % 10 === 0 ? `usuário-${i}@mineração.example` : `user-${i}@org.example`));

const configInput: FlagConfigInput = {
  schemaVersion: 1,
  version: 12,
  issuedAt: '2026-11-01T00:00:00Z',
  expiresAt: '2036-11-01T00:00:00Z',
  environment: 'bench',
  pollSeconds: 60,
  flags: Object.fromEntries(FLAG_KEYS.map((k) => [k, { enabled: true, rolloutPercentage: PCT[k]!, phase: 'beta' as const }])),
};
const config = FlagConfigSchema.parse(configInput);
const compiled = compileConfig(config);

// --- peers, configured for the equivalent rollout
const flagd = new FlagdCore();
flagd.setConfigurations(JSON.stringify(toFlagdDocument(config)));

const growthbook = new GrowthBookClient().initSync({
  payload: {
    features: Object.fromEntries(FLAG_KEYS.map((k) => [k, { defaultValue: false, rules: [{ force: true, coverage: PCT[k]! / 100, hashAttribute: 'id' }] }])),
  },
});

class StaticRepository extends EventEmitter {
  private readonly toggles = FLAG_KEYS.map((name) => ({
    name,
    enabled: true,
    type: 'release',
    project: 'default',
    stale: false,
    impressionData: false,
    variants: [],
    strategies: [{ name: 'flexibleRollout', parameters: { rollout: String(PCT[name]), stickiness: 'userId', groupId: name }, constraints: [] }],
  }));
  getToggle(name: string) {
    return this.toggles.find((t) => t.name === name) as never;
  }
  getToggles() {
    return this.toggles as never;
  }
  getTogglesWithSegmentData() {
    return this.toggles as never;
  }
  getSegment() {
    return undefined;
  }
  stop() {}
  async start() {}
}
const unleash = new UnleashClient(new StaticRepository(), defaultStrategies);

type Evaluator = (flag: string, user: string) => boolean;
const evaluators: Array<[string, Evaluator]> = [
  ['qivo', (flag, user) => evaluateFlag(compiled, flag, { userId: user }, { source: 'remote' }).value],
  ['@openfeature/flagd-core', (flag, user) => flagd.resolveBooleanEvaluation(flag, false, { targetingKey: user }).value],
  ['@growthbook/growthbook', (flag, user) => growthbook.isOn(flag, { attributes: { id: user } })],
  ['unleash-client', (flag, user) => unleash.isEnabled(flag, { userId: user }, () => false)],
];

/** Per evaluation, from a figure of per-operation times. */
const per = (f: Figure, evaluations: number): Figure => ({
  samples: f.samples.map((x) => x / evaluations),
  median: f.median / evaluations,
  min: f.min / evaluations,
  max: f.max / evaluations,
});

function main(): void {
  console.log(`machine: ${machine()}`);
  console.log(`flags: ${FLAG_KEYS.length}, users: ${USERS.toLocaleString('en')} (10 % with non-ASCII ids), rollout ${JSON.stringify(PCT)}`);
  let sink = 0;
  const oneUser = ids[1]!;
  const ONE_REPEATS = 2000;
  const one = interleave(
    evaluators.map(([name, evaluate]) => ({
      name,
      fn: () => {
        for (let i = 0; i < ONE_REPEATS; i++) for (const f of FLAG_KEYS) if (evaluate(f, oneUser)) sink++;
      },
    })),
    { warmup: 10 },
  );
  const many = interleave(
    evaluators.map(([name, evaluate]) => ({
      name,
      fn: () => {
        for (const user of ids) for (const f of FLAG_KEYS) if (evaluate(f, user)) sink++;
      },
    })),
    { warmup: 1 },
  );
  const ours = evaluators[0]![0];
  for (const [name] of evaluators.slice(1)) {
    printComparison(
      `flag evaluation, 1 user × ${FLAG_KEYS.length} flags, per evaluation`,
      per(one[ours]!, ONE_REPEATS * FLAG_KEYS.length),
      name,
      per(one[name]!, ONE_REPEATS * FLAG_KEYS.length),
    );
    printComparison(
      `flag evaluation, 100k users × ${FLAG_KEYS.length} flags, per evaluation`,
      per(many[ours]!, USERS * FLAG_KEYS.length),
      name,
      per(many[name]!, USERS * FLAG_KEYS.length),
    );
  }
  for (const [name, evaluate] of evaluators) {
    const counts = FLAG_KEYS.map((f) => ids.filter((user) => evaluate(f, user)).length);
    console.log(`  share on per flag, ${name}: ${counts.map((c) => `${((c / USERS) * 100).toFixed(2)}%`).join(' ')}`);
  }
  console.log(
    '  (flagd-core buckets identically for ASCII ids only: it hashes UTF-16 code units, see reference/flags.md; GrowthBook and Unleash use their own hashes, so their shares differ user by user but not in total.)',
  );
  if (sink < 0) console.log(sink);
  startup();
}

/** A data folder as a workstation leaves it: a last-known-good accepted (and so validated) by this app version, policy keys, a user id. */
function prepare(dir: string, appVersion: string): number {
  const pair = generateSigningKeyPair();
  const payload = Buffer.from(
    JSON.stringify(
      {
        ...configInput,
        flags: {
          ...configInput.flags,
          SEC_SK_1300: { ...configInput.flags.SEC_SK_1300!, allow: Array.from({ length: 500 }, (_, i) => `allowed-${i}@org.example`) },
        },
      },
      null,
      2,
    ),
  );
  const envelope = JSON.stringify(signPayload(payload, pair.privateKeyPem, 'bench'));
  mkdirSync(path.join(dir, 'flags'), { recursive: true });
  writeFileSync(path.join(dir, 'flags', LKG_FILE), envelope);
  const settings = new FileSettingsStore(dir);
  settings.set('flags.policy.trustedKeys', [{ keyId: 'bench', publicKeyPem: pair.publicKeyPem }]);
  settings.set('flags.userId', 'ana@vale.example');
  // One start records what this app version validated, as the accept of that file did.
  new FlagConfigStore({ dataDir: dir, assetsDir: path.resolve(__dirname, '../../assets/flags'), settings, now: () => new Date(), appVersion }).load();
  return envelope.length;
}

function startup(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qivo-flags-bench-'));
  try {
    const appVersion = '0.1.0';
    const bytes = prepare(dir, appVersion);
    const child = path.join(__dirname, 'flags-startup-child.ts');
    const modes = ['floor', 'path', 'schema', 'store', 'service'];
    const cold = interleaveProcesses(modes.map((mode) => ({ name: mode, args: ['--import', 'tsx', child, mode, dir, appVersion], reported: true })));
    console.log(`\ncold start-up, each sample a fresh process (LKG of ${bytes.toLocaleString('en')} bytes, 500 allow-listed ids):`);
    const floor = 'floor (read + Ed25519 verify + JSON.parse)';
    printComparison('flag start-up path, validated before (read, verify, compile, evaluate all)', cold.path!, floor, cold.floor!, 'ours < 3 ms');
    printComparison('flag start-up path, schema validator run (first start of an app version)', cold.schema!, floor, cold.floor!);
    printComparison('FlagConfigStore.load + evaluate (keys, LKG and bootstrap verified)', cold.store!, floor, cold.floor!);
    printComparison('FlagService.start() (settings, guards, poller armed, evaluation; no network)', cold.service!, floor, cold.floor!);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
