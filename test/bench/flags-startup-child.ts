// One cold flag start-up, in the fresh process `flags.bench.ts` spawns for it; prints BENCH_MS=<ms>
// for the start-up alone (modules are loaded and the trusted key parsed before the clock starts:
// that is the bundle's load, the same with or without flags). Modes:
//   floor     read the last-known-good, Ed25519-verify its payload, JSON.parse it: the least any
//             start-up from a signed file can do;
//   path      the same file through verifySignedDocument (strict JSON, envelope, signature, replay
//             mark), its schema check skipped when this app version validated these bytes before,
//             compiled, every flag evaluated;
//   schema    the same path with the schema validator run (a first start, or after an upgrade);
//   store     the configuration store's start-up: keys from assets and policy, last-known-good and
//             bootstrap verified and compiled, every flag evaluated;
//   service   the whole FlagService.start() (settings, guards, poller armed, evaluation).
import { readFileSync } from 'node:fs';
import { verify } from 'node:crypto';
import path from 'node:path';
import { compileConfig, evaluateAll } from '../../shared/flags/evaluate';
import { FLAG_KEYS } from '../../shared/flags/flag-keys';
import { FlagConfigStore, readValidatedDocuments } from '../../main/flags/config-store';
import { FlagService, LKG_FILE } from '../../main/flags/flag-service';
import { parsePublicKey, verifySignedDocument } from '../../main/flags/signing';
import { FileSettingsStore } from '../../main/settings/file-settings-store';
import { nowMs } from './harness';

const [mode, dataDir, appVersion] = process.argv.slice(2) as [string, string, string];
const assetsDir = path.resolve(__dirname, '../../assets/flags');
const flagsDir = path.join(dataDir, 'flags');
const settings = new FileSettingsStore(dataDir);
const policy = settings.raw('flags.policy.trustedKeys') as Array<{ keyId: string; publicKeyPem: string }>;
const keyId = policy[0]!.keyId;
const key = parsePublicKey(policy[0]!.publicKeyPem);
const user = { userId: 'ana@vale.example', attributes: { appVersion } };
let ms: number;
let source: string | undefined = 'last-known-good';
if (mode === 'floor') {
  const t0 = nowMs();
  const envelope = JSON.parse(readFileSync(path.join(flagsDir, LKG_FILE), 'utf8')) as { payload: string; signature: string };
  const payload = Buffer.from(envelope.payload, 'base64');
  if (!verify(null, payload, key, Buffer.from(envelope.signature, 'base64'))) throw new Error('bad signature');
  const config = JSON.parse(payload.toString('utf8')) as { flags: object };
  ms = nowMs() - t0;
  if (Object.keys(config.flags).length !== FLAG_KEYS.length) throw new Error('flags');
} else if (mode === 'path' || mode === 'schema') {
  const t0 = nowMs();
  const bytes = readFileSync(path.join(flagsDir, LKG_FILE));
  const validatedDocuments = mode === 'path' ? readValidatedDocuments(flagsDir, appVersion) : new Set<string>();
  const r = verifySignedDocument(bytes, { keys: new Map([[keyId, key]]), now: new Date(), checkTime: false, validatedDocuments });
  if (!r.ok) throw new Error(r.message);
  const values = evaluateAll(compileConfig(r.config), FLAG_KEYS, user, { source: 'last-known-good' });
  ms = nowMs() - t0;
  if (r.validatedBefore !== (mode === 'path') || Object.keys(values).length !== FLAG_KEYS.length) throw new Error(`${mode}: not the path asked for`);
} else if (mode === 'store') {
  const t0 = nowMs();
  const store = new FlagConfigStore({ dataDir, assetsDir, settings, now: () => new Date(), env: {}, appVersion });
  store.load();
  const values = evaluateAll(store.inForce?.compiled ?? null, FLAG_KEYS, user, { source: 'last-known-good' });
  ms = nowMs() - t0;
  source = store.inForce?.source;
  if (store.startupChecks.lastKnownGood !== 'validatedBefore' || Object.keys(values).length !== FLAG_KEYS.length) throw new Error('store: validated again');
} else {
  const t0 = nowMs();
  const service = new FlagService({
    dataDir,
    assetsDir,
    settings,
    emit: () => undefined,
    audit: null,
    guardMetrics: () => ({ windowStats: () => ({ calls: 0, successes: 0, errors: 0, timeouts: 0, p95LatencyMs: null, cacheLookups: 0, cacheHits: 0 }) }),
    now: () => new Date(),
    env: {},
    isPackaged: true,
    appVersion,
  });
  service.start();
  ms = nowMs() - t0;
  source = service.configInForce()?.source;
  if (service.startupChecks.lastKnownGood !== 'validatedBefore') throw new Error('service: validated again');
  service.stop();
}
if (source !== 'last-known-good') throw new Error(`${mode}: started from ${source}, not the last-known-good`);
console.log(`BENCH_MS=${ms}`);
