import http from 'node:http';
import fc from 'fast-check';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, isChannelName } from '../../shared/ipc/contract';
import type { ChannelSpec } from '../../shared/ipc/contract-kit';
import { loneSurrogatePath } from '../../shared/text/well-formed';
import { startHost, type RunningHost } from '../../main/host/http-host';
import { makeTempDir, requireBuild } from '../support/temp-dir';

/**
 * Fuzzing the browser host's API over real HTTP: 10 000 generated requests (seeded, so a failure
 * replays), each checked against an oracle that does not trust the host — no 5xx, the server still
 * alive, forged senders always refused, and nothing accepted that the contract's own schema (or
 * the text rules) refuses.
 */

const SEED = 20261201;
const RUNS = 10_000;

/** Valid calls to these would reach the network, restart the core or write large files: never sent. */
const NOT_SENT_WHEN_VALID = new Set([
  'system.restoreLatestBackup',
  'system.backupNow',
  'exports.run',
  'flags.refresh',
  'metrics.dashboard',
  'metrics.extras',
  'compliance.check',
]);
const isSlowOfficial = (channel: string) =>
  channel.startsWith('official.') && channel !== 'official.status' && channel !== 'official.listFactReferences' && channel !== 'official.setApiKey';

type Auth = 'good' | 'noSecret' | 'badSecret' | 'badOrigin' | 'noOrigin' | 'badHost' | 'noBridgeHeader';

interface Case {
  auth: Auth;
  method: 'POST' | 'GET' | 'PUT';
  path: string;
  channel: string | null;
  body: Buffer;
}

const channels = Object.keys(contract);
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '\ud800', '\udc00x', 'a\ud83d', '💎', 'ção', '\u0000', '<script>', '../../etc/passwd', 'x'.repeat(600)),
);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(-1, 0, 1e308, Number.MAX_SAFE_INTEGER));
/** Objects shaped like the contract's inputs (their real field names) as well as anything at all. */
const fieldNames = fc.constantFrom(
  'id',
  'title',
  'property',
  'commodity',
  'reportId',
  'json',
  'patch',
  'language',
  'userId',
  'enabled',
  'source',
  'key',
  'name',
  'input',
  '__proto__',
  'constructor',
  'format',
  'sections',
  'bbox',
  'lat',
  'lon',
  'radiusKm',
  'process',
  'cnpj',
  'url',
  'window',
  'versionId',
  'from',
  'to',
);
const shaped = fc.dictionary(fieldNames, fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fieldNames, scalar, { maxKeys: 3 })), {
  maxKeys: 5,
});
const input = fc.oneof(shaped, shaped, fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined));

const jsonBody = fc
  .tuple(input, fc.constantFrom('wrapped', 'wrapped', 'wrapped', 'bare', 'empty'))
  .map(([value, form]) =>
    form === 'empty' ? Buffer.alloc(0) : Buffer.from(form === 'bare' ? JSON.stringify(value ?? null) : JSON.stringify({ input: value }), 'utf8'),
  );
const rawBody = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.string({ unit: 'binary', maxLength: 80 }).map((s) => Buffer.from(`{"input":{"title":"${s}"}}`, 'utf8')),
  fc
    .constantFrom('{', '{"input":', 'null', '[]', '{"input":{"title":"\\ud800"}}', '{"input":{"title":"ok","title":"dup"}}', '{"input":1e999}')
    .map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.concat([Buffer.from('{"input":{"title":"'), Buffer.from(b), Buffer.from('"}}')])),
);
const channelPath = fc.oneof(
  fc.constantFrom(...channels).map((c) => ({ channel: c, path: `/__qivo/ipc/${encodeURIComponent(c)}` })),
  fc.constantFrom(...channels).map((c) => ({ channel: c, path: `/__qivo/ipc/${encodeURIComponent(c)}` })),
  fc.string({ maxLength: 30 }).map((c) => ({ channel: c, path: `/__qivo/ipc/${encodeURIComponent(c)}` })),
  // Not percent-encoding at all (channel null: must be 400), and odd but valid encodings.
  fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%C0%AF', '%ED%A0%80', 'reports%2').map((raw) => ({ channel: null, path: `/__qivo/ipc/${raw}` })),
  fc.constantFrom('reports.list%00', '..%2F..%2Fapp.db', 'reports%2Elist').map((raw) => ({ channel: decodeURIComponent(raw), path: `/__qivo/ipc/${raw}` })),
);
const auth = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Auth>('good') },
  { weight: 1, arbitrary: fc.constantFrom<Auth>('noSecret', 'badSecret', 'badOrigin', 'noOrigin', 'badHost', 'noBridgeHeader') },
);
const cases: fc.Arbitrary<Case> = fc
  .record({
    auth,
    method: fc.oneof({ weight: 12, arbitrary: fc.constant<'POST'>('POST') }, { weight: 1, arbitrary: fc.constantFrom<'GET' | 'PUT'>('GET', 'PUT') }),
    target: channelPath,
    body: fc.oneof({ weight: 3, arbitrary: jsonBody }, { weight: 1, arbitrary: rawBody }),
  })
  .map(({ target, ...rest }) => ({ ...rest, path: target.path, channel: target.channel }));

/** What the host must have received as `input`, computed independently of the host. */
function expectedInput(body: Buffer): { kind: 'badUtf8' | 'badJson' } | { kind: 'input'; value: unknown } {
  let textBody: string;
  try {
    textBody = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { kind: 'badUtf8' };
  }
  if (textBody === '') return { kind: 'input', value: undefined };
  try {
    const parsed = JSON.parse(textBody) as unknown;
    return {
      kind: 'input',
      value: parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as { input?: unknown }).input : undefined,
    };
  } catch {
    return { kind: 'badJson' };
  }
}

let host: RunningHost;
let temp: { dir: string; cleanup: () => void };
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

function send(c: Case): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    host: `127.0.0.1:${host.port}`,
    origin: `http://127.0.0.1:${host.port}`,
    'x-qivo-bridge': '1',
    'x-qivo-secret': host.secret,
  };
  if (c.auth === 'noSecret') delete headers['x-qivo-secret'];
  if (c.auth === 'badSecret') headers['x-qivo-secret'] = `${host.secret.slice(0, -1)}!`;
  if (c.auth === 'badOrigin') headers.origin = 'http://evil.example';
  if (c.auth === 'noOrigin') delete headers.origin;
  if (c.auth === 'badHost') headers.host = `attacker.example:${host.port}`;
  if (c.auth === 'noBridgeHeader') delete headers['x-qivo-bridge'];
  headers['content-length'] = String(c.body.length);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, method: c.method, path: c.path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(c.body);
  });
}

beforeAll(async () => {
  requireBuild();
  temp = makeTempDir('qivo-host-fuzz-');
  // Official look-ups that pass the schema go nowhere fast: a closed port, no retries.
  const closed = 'http://127.0.0.1:9';
  host = await startHost({
    dataDir: temp.dir,
    env: {
      QIVO_ANM_SIGMINE_URL: closed,
      QIVO_SGB_WFS_URL: closed,
      QIVO_IBAMA_EMBARGO_URL: closed,
      QIVO_IBAMA_SISLIC_URL: closed,
      QIVO_ANP_WFS_URL: closed,
      QIVO_FLAGS_URL: '',
    },
  });
});
afterAll(async () => {
  agent.destroy();
  await host.close();
  temp.cleanup();
});

describe('fuzzing the browser host API', () => {
  it(`${RUNS} seeded payloads: no 5xx, no crash, forged senders refused, nothing invalid accepted`, async () => {
    const generated = fc.sample(cases, { seed: SEED, numRuns: RUNS });
    expect(generated).toHaveLength(RUNS);
    const problems: string[] = [];
    const tally: Record<string, number> = {};
    let sent = 0;
    const limit = pLimit(4);
    await Promise.all(
      generated.map((c) =>
        limit(async () => {
          const expected = expectedInput(c.body);
          const validCall =
            c.channel !== null &&
            isChannelName(c.channel) &&
            expected.kind === 'input' &&
            (contract[c.channel] as ChannelSpec).input.safeParse(expected.value).success &&
            loneSurrogatePath(expected.value) === null;
          if (validCall && c.auth === 'good' && c.method === 'POST' && (NOT_SENT_WHEN_VALID.has(c.channel!) || isSlowOfficial(c.channel!))) return;
          sent += 1;
          const answer = await send(c);
          const describe = () =>
            `${c.auth} ${c.method} ${c.path} ${JSON.stringify(c.body.toString('latin1').slice(0, 80))} → ${answer.status} ${answer.body.slice(0, 160)}`;
          tally[answer.status] = (tally[answer.status] ?? 0) + 1;
          if (answer.status >= 500) problems.push(`5xx: ${describe()}`);
          let result: { ok?: boolean } = {};
          try {
            result = JSON.parse(answer.body) as { ok?: boolean };
          } catch {
            problems.push(`not JSON: ${describe()}`);
          }
          if (c.auth !== 'good' || c.method !== 'POST') {
            if (answer.status !== 403) problems.push(`forged sender not refused: ${describe()}`);
            return;
          }
          if (c.channel === null && answer.status !== 400) problems.push(`bad percent-encoding not 400: ${describe()}`);
          if (expected.kind !== 'input' && c.channel !== null && answer.status !== 400) problems.push(`bad body not 400: ${describe()}`);
          if (result.ok === true && !validCall) problems.push(`invalid payload accepted: ${describe()}`);
        }),
      ),
    );
    expect(problems.slice(0, 20)).toEqual([]);
    // The run really exercised both sides: refusals of every kind and accepted calls.
    expect(sent).toBeGreaterThanOrEqual(RUNS * 0.95);
    expect(tally[200]).toBeGreaterThan(1000);
    expect(tally[400]).toBeGreaterThan(500);
    expect(tally[403]).toBeGreaterThan(500);
    // Still alive and still right.
    const after = await send({ auth: 'good', method: 'POST', path: '/__qivo/ipc/system.info', channel: 'system.info', body: Buffer.from('{}') });
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toMatchObject({ ok: true });
  }, 120_000);
});
