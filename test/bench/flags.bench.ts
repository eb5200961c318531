import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { GrowthBookClient } from '@growthbook/growthbook';
import { FlagdCore } from '@openfeature/flagd-core';
import UnleashClient from 'unleash-client/lib/client';
import { defaultStrategies } from 'unleash-client/lib/strategy/index';
import { FlagConfigSchema, type FlagConfigInput } from '../../shared/flags/config-schema';
import { compileConfig, evaluateAll, evaluateFlag } from '../../shared/flags/evaluate';
import { toFlagdDocument } from '../../shared/flags/flagd-export';
import { FLAG_KEYS } from '../../shared/flags/flag-keys';
import { FlagService, LKG_FILE } from '../../main/flags/flag-service';
import { generateSigningKeyPair, parsePublicKey, signPayload, verifySignedDocument } from '../../main/flags/signing';
import { FileSettingsStore } from '../../main/settings/file-settings-store';

// Flag evaluation figures: all four flags for one user and for 100 000 users, with our evaluator
// and, in the same run on the same rollout (integer percentages, which all of them support),
// @openfeature/flagd-core (our export), GrowthBook (force rules with coverage) and the Unleash
// Node SDK's evaluation engine (flexibleRollout). Then the start-up path on its own: read the
// last-known-good file, verify Ed25519 + schema, compile, evaluate.

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
  ['qivo (UTF-8 murmur3, flagd v2)', (flag, user) => evaluateFlag(compiled, flag, { userId: user }, { source: 'remote' }).value],
  ['@openfeature/flagd-core', (flag, user) => flagd.resolveBooleanEvaluation(flag, false, { targetingKey: user }).value],
  ['@growthbook/growthbook', (flag, user) => growthbook.isOn(flag, { attributes: { id: user } })],
  ['unleash-client', (flag, user) => unleash.isEnabled(flag, { userId: user }, () => false)],
];

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
function nsPer(fn: () => number, evaluations: number, rounds: number): { ns: number; sink: number } {
  const samples: number[] = [];
  let sink = 0;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    sink += fn();
    samples.push(Number(process.hrtime.bigint() - start) / evaluations);
  }
  return { ns: median(samples), sink };
}
const fmtNs = (ns: number) => (ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);

console.log(`flags: ${FLAG_KEYS.length}, users: ${USERS.toLocaleString('en')} (10 % with non-ASCII ids), rollout ${JSON.stringify(PCT)}`);
const results: Array<{ name: string; one: number; many: number; shares: string }> = [];
for (const [name, evaluate] of evaluators) {
  // Warm up the JIT on the same work.
  for (let i = 0; i < 20_000; i++) for (const f of FLAG_KEYS) evaluate(f, ids[i % 1000]!);
  const oneUser = ids[1]!;
  const one = nsPer(
    () => {
      let on = 0;
      for (let i = 0; i < 2000; i++) for (const f of FLAG_KEYS) if (evaluate(f, oneUser)) on++;
      return on;
    },
    2000 * FLAG_KEYS.length,
    25,
  );
  const counts: Record<string, number> = Object.fromEntries(FLAG_KEYS.map((f) => [f, 0]));
  const many = nsPer(
    () => {
      let on = 0;
      for (const user of ids) for (const f of FLAG_KEYS) if (evaluate(f, user)) on++;
      return on;
    },
    USERS * FLAG_KEYS.length,
    5,
  );
  for (const user of ids) for (const f of FLAG_KEYS) if (evaluate(f, user)) counts[f]!++;
  const shares = FLAG_KEYS.map((f) => `${((counts[f]! / USERS) * 100).toFixed(2)}%`).join(' ');
  results.push({ name, one: one.ns, many: many.ns, shares });
}
const ours = results[0]!;
console.log('\nns per flag evaluation (median):');
console.log(
  `${'evaluator'.padEnd(34)} ${'1 user, all flags'.padStart(18)} ${'100k users, all flags'.padStart(22)} ${'ratio vs qivo (1 / 100k)'.padStart(26)}   share on per flag`,
);
for (const r of results) {
  console.log(
    `${r.name.padEnd(34)} ${fmtNs(r.one).padStart(18)} ${fmtNs(r.many).padStart(22)} ${`${(r.one / ours.one).toFixed(2)}× / ${(r.many / ours.many).toFixed(2)}×`.padStart(26)}   ${r.shares}`,
  );
}
console.log(
  '(flagd-core buckets identically for ASCII ids only: it hashes UTF-16 code units, see reference/flags.md; GrowthBook and Unleash use their own hashes, so their shares differ user by user but not in total.)',
);

// --- start-up path: read LKG, verify, compile, evaluate; then the whole FlagService.start()
const dir = mkdtempSync(path.join(os.tmpdir(), 'qivo-flags-bench-'));
try {
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
  const keys = new Map([['bench', parsePublicKey(pair.publicKeyPem)]]);
  const startupPath = () => {
    const t0 = process.hrtime.bigint();
    const bytes = readFileSync(path.join(dir, 'flags', LKG_FILE));
    const t1 = process.hrtime.bigint();
    const r = verifySignedDocument(bytes, { keys, now: new Date(), checkTime: false });
    if (!r.ok) throw new Error(r.message);
    const t2 = process.hrtime.bigint();
    const c = compileConfig(r.config);
    const values = evaluateAll(c, FLAG_KEYS, { userId: 'ana@vale.example', attributes: { appVersion: '0.1.0' } }, { source: 'last-known-good' });
    const t3 = process.hrtime.bigint();
    if (Object.keys(values).length !== FLAG_KEYS.length) throw new Error('evaluation');
    return [Number(t1 - t0) / 1e6, Number(t2 - t1) / 1e6, Number(t3 - t2) / 1e6, Number(t3 - t0) / 1e6] as const;
  };
  const cold = startupPath();
  const warm = Array.from({ length: 200 }, startupPath);
  const col = (i: number) => median(warm.map((w) => w[i]!));
  console.log(`\nstart-up path (LKG of ${envelope.length.toLocaleString('en')} bytes, 500 allow-listed ids):`);
  console.log(
    `  first run: read ${cold[0].toFixed(3)} ms, verify+schema ${cold[1].toFixed(3)} ms, compile+evaluate ${cold[2].toFixed(3)} ms, total ${cold[3].toFixed(3)} ms`,
  );
  console.log(
    `  median of 200: read ${col(0).toFixed(3)} ms, verify+schema ${col(1).toFixed(3)} ms, compile+evaluate ${col(2).toFixed(3)} ms, total ${col(3).toFixed(3)} ms`,
  );

  const settings = new FileSettingsStore(dir);
  settings.set('flags.policy.trustedKeys', [{ keyId: 'bench', publicKeyPem: pair.publicKeyPem }]);
  settings.set('flags.userId', 'ana@vale.example');
  const serviceStart = () => {
    const t0 = process.hrtime.bigint();
    const service = new FlagService({
      dataDir: dir,
      assetsDir: path.resolve(__dirname, '../../assets/flags'),
      settings,
      emit: () => undefined,
      audit: null,
      guardMetrics: () => ({ windowStats: () => ({ calls: 0, successes: 0, errors: 0, timeouts: 0, p95LatencyMs: null, cacheLookups: 0, cacheHits: 0 }) }),
      now: () => new Date(),
      env: {},
      isPackaged: true,
      appVersion: '0.1.0',
    });
    service.start();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (service.configInForce()?.source !== 'last-known-good') throw new Error('did not start from the LKG');
    service.stop();
    return ms;
  };
  const coldService = serviceStart();
  const warmService = median(Array.from({ length: 100 }, serviceStart));
  console.log(
    `  FlagService.start() (keys from assets + policy, LKG + bootstrap verified, settings, evaluate): first ${coldService.toFixed(2)} ms, median ${warmService.toFixed(2)} ms — no network on this path`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
