import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { QivoError } from '../../../shared/errors';
import { describeZodIssues, FlagConfigSchema, type FlagConfig } from '../../../shared/flags/config-schema';
import { ENVELOPE_FORMAT, MAX_CONFIG_BYTES } from '../../../shared/flags/envelope';
import { compileConfig, evaluateAll, simulateSchedule, simulateShares, type StepView } from '../../../shared/flags/evaluate';
import { FlagdExportError, toFlagdDocument, type FlagdDocument } from '../../../shared/flags/flagd-export';
import { resolveFlagAssetsDir } from '../../flags/assets';
import { serveSignedConfig } from '../../flags/config-server';
import { FLAG_SETTINGS } from '../../flags/flag-service';
import {
  generateSigningKeyPair,
  keyIdFromFileName,
  loadTrustedKeys,
  parsePublicKey,
  parseStrictJson,
  signPayload,
  verifySignedDocument,
  type VerifyResult,
} from '../../flags/signing';
import { LKG_FILE } from '../../flags/config-store';
import { MAX_ISSUED_AT_SKEW_MS } from '../../../shared/flags/envelope';
import { FileSettingsStore } from '../../settings/file-settings-store';
import type { CliContext } from '../cli-context';
import { registerFleetCommands } from './flags-fleet';

function readInput(file: string): Buffer {
  if (!existsSync(file)) throw new QivoError('flags.fileMissing', `File not found: ${file}`, { file });
  return readFileSync(file);
}

/** A configuration or envelope file: refused by size before it is read (a 100 MB file is not loaded). */
function readConfigFile(file: string): Buffer {
  if (!existsSync(file)) throw new QivoError('flags.fileMissing', `File not found: ${file}`, { file });
  const size = statSync(file).size;
  if (size > MAX_CONFIG_BYTES)
    throw new QivoError('flags.tooLarge', `${file} is ${size} bytes; at most ${MAX_CONFIG_BYTES} are accepted`, { detail: `${file}: ${size} bytes` });
  return readFileSync(file);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseAttrs(pairs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new QivoError('flags.badAttribute', `Attributes are key=value, got "${pair}"`, { value: pair });
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** Throws the verification failure as a translated QivoError `flags.<reason>`. */
function failVerification(r: { reason: string; message: string; details?: string[] }): never {
  const detail = r.details?.length ? ` ${r.details.join('; ')}` : '';
  throw new QivoError(`flags.${r.reason}`, `${r.message}${detail}`, { detail: `${r.message}${detail}` }, r.details);
}

/** Trusted keys for the CLI: --pub if given, else the shipped keys, the data folder's keys and policy keys. */
function trustedKeys(ctx: CliContext) {
  const dataDir = ctx.dataDir();
  const policy = new FileSettingsStore(dataDir).get(FLAG_SETTINGS.trustedKeys, z.array(z.object({ keyId: z.string(), publicKeyPem: z.string() })), []);
  return loadTrustedKeys([path.join(resolveFlagAssetsDir(ctx.io.env), 'keys'), path.join(dataDir, 'flags', 'keys')], policy).keys;
}

/**
 * A configuration for eval/simulate/export: a signed envelope (verified with --pub or the trusted
 * keys) or a bare configuration document (schema-checked only: it is IT's draft).
 */
function loadConfig(ctx: CliContext, file: string, pub?: string): { config: FlagConfig; signed: boolean } {
  const bytes = readConfigFile(file);
  // Strict: invalid UTF-8 or a key given twice is refused here, before anything is signed or evaluated.
  const strict = parseStrictJson(bytes);
  if (!strict.ok) {
    throw new QivoError(`flags.${strict.reason}`, `${file}: ${strict.message}`, { detail: `${file}: ${strict.message}` });
  }
  const doc = strict.value;
  if (doc && typeof doc === 'object' && (doc as { format?: unknown }).format === ENVELOPE_FORMAT) {
    const anyKey = pub ? parsePublicKey(readInput(pub).toString('utf8')) : undefined;
    const r = verifySignedDocument(bytes, { keys: trustedKeys(ctx), now: new Date(), checkTime: false, ...(anyKey ? { anyKey } : {}) });
    if (!r.ok) failVerification(r);
    return { config: r.config, signed: true };
  }
  const parsed = FlagConfigSchema.safeParse(doc);
  if (!parsed.success) {
    const details = describeZodIssues(parsed.error);
    throw new QivoError(
      'flags.schemaInvalid',
      `${file} does not follow the flag configuration schema: ${details.join('; ')}`,
      { detail: details.join('; ') },
      details,
    );
  }
  return { config: parsed.data, signed: false };
}

/** The earlier published files to compare with: --history DIR, else the data folder's last-known-good. */
function historyFiles(ctx: CliContext, dir: string | undefined): string[] {
  if (dir) {
    if (!existsSync(dir)) throw new QivoError('flags.fileMissing', `File not found: ${dir}`, { file: dir });
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => path.join(dir, f));
  }
  const lkg = path.join(ctx.dataDir(), 'flags', LKG_FILE);
  return existsSync(lkg) ? [lkg] : [];
}

/**
 * Refuses a rollback (a version below one already published for the same environment) and a
 * reused version (the same number with other content). Files that do not verify are not history.
 */
function checkHistory(current: Extract<VerifyResult, { ok: true }>, files: string[], verifyFile: (file: string) => VerifyResult): void {
  let newest: { version: number; file: string } | null = null;
  for (const file of files) {
    let past: VerifyResult;
    try {
      past = verifyFile(file);
    } catch {
      continue;
    }
    if (!past.ok || past.config.environment !== current.config.environment) continue;
    if (past.config.version === current.config.version && past.payloadSha256 !== current.payloadSha256) {
      throw new QivoError('flags.historyReused', `Version ${current.config.version} was already published with other content (${file})`, {
        version: current.config.version,
        file,
      });
    }
    if (!newest || past.config.version > newest.version) newest = { version: past.config.version, file };
  }
  if (newest && current.config.version < newest.version) {
    throw new QivoError('flags.historyRollback', `Version ${current.config.version} is older than version ${newest.version} (${newest.file})`, {
      version: current.config.version,
      newest: newest.version,
      file: newest.file,
    });
  }
}

export function register(program: Command, ctx: CliContext): void {
  const flags = program.command('flags').description('staged rollout: sign, verify, evaluate and serve flag configurations');

  flags
    .command('keygen')
    .description('create an Ed25519 key pair: NAME.private.pem (keep offline) and NAME.pem (ship in assets/flags/keys/)')
    .requiredOption('--out <dir>', 'folder for the two PEM files')
    .option('--name <keyId>', 'key id (file name)', `qivo-flags-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`)
    .action((opts: { out: string; name: string }) => {
      if (!/^[A-Za-z0-9._-]{1,100}$/.test(opts.name))
        throw new QivoError('flags.badKeyId', `Key ids use letters, digits, . _ -: "${opts.name}"`, { value: opts.name });
      mkdirSync(opts.out, { recursive: true });
      const privateFile = path.join(opts.out, `${opts.name}.private.pem`);
      const publicFile = path.join(opts.out, `${opts.name}.pem`);
      for (const f of [privateFile, publicFile])
        if (existsSync(f)) throw new QivoError('flags.fileExists', `${f} exists; refusing to overwrite a key`, { file: f });
      const pair = generateSigningKeyPair();
      writeFileSync(privateFile, pair.privateKeyPem, { mode: 0o600 });
      chmodSync(privateFile, 0o600);
      writeFileSync(publicFile, pair.publicKeyPem);
      ctx.print({ keyId: opts.name, privateKey: privateFile, publicKey: publicFile }, () =>
        ctx.t('flags.cli.keygen', { keyId: opts.name, privateKey: privateFile, publicKey: publicFile }),
      );
    });

  flags
    .command('sign')
    .description('sign a configuration (exact bytes) into a signed envelope')
    .argument('<config>', 'configuration JSON')
    .requiredOption('--key <private.pem>', 'Ed25519 private key')
    .requiredOption('--out <signed.json>', 'where to write the signed envelope')
    .option('--key-id <id>', 'key id to record (default: the key file name without .private.pem)')
    .requiredOption('--environment <name>', 'the environment the configuration is for; must equal its "environment" field')
    .option('--force', 'sign even though the validity window has already ended or not yet begun')
    .action((file: string, opts: { key: string; out: string; keyId?: string; environment: string; force?: boolean }) => {
      const payload = readConfigFile(file);
      // Refuse to sign what every workstation would refuse anyway (strict JSON, schema).
      const { config } = loadConfig(ctx, file);
      if (config.environment !== opts.environment) {
        throw new QivoError('flags.environmentMismatch', `${file} is for "${config.environment}", not "${opts.environment}"`, {
          payload: config.environment,
          given: opts.environment,
        });
      }
      const now = Date.now();
      const window =
        Date.parse(config.expiresAt) <= now
          ? `version ${config.version} expired at ${config.expiresAt}.`
          : Date.parse(config.issuedAt) > now + MAX_ISSUED_AT_SKEW_MS
            ? `version ${config.version} is not valid before ${config.issuedAt}.`
            : null;
      if (window && !opts.force) throw new QivoError('flags.signWindow', `Not signed: ${window}`, { detail: window });
      const keyId = opts.keyId ?? keyIdFromFileName(opts.key);
      let envelope;
      try {
        envelope = signPayload(payload, readInput(opts.key).toString('utf8'), keyId);
      } catch (err) {
        throw new QivoError('flags.badKey', `Cannot sign with ${opts.key}: ${(err as Error).message}`, { detail: (err as Error).message });
      }
      writeFileSync(opts.out, `${JSON.stringify(envelope, null, 2)}\n`);
      ctx.print({ out: opts.out, keyId, version: config.version }, () => ctx.t('flags.cli.signed', { out: opts.out, keyId, version: config.version }));
    });

  flags
    .command('verify')
    .description('verify a signed configuration: exit 0 if valid, else non-zero and the reason')
    .argument('<signed>', 'signed envelope JSON')
    .option('--pub <public.pem>', 'public key to verify with (default: the trusted keys)')
    .option('--at <iso>', 'judge expiry and issuedAt at this time instead of now')
    .option('--environment <name>', 'refuse a configuration for another environment')
    .option('--history <dir>', "folder of earlier published signed files: refuse a rollback or a reused version (default: the data folder's last-known-good)")
    .action((file: string, opts: { pub?: string; at?: string; environment?: string; history?: string }) => {
      const bytes = readConfigFile(file);
      const now = opts.at ? new Date(opts.at) : new Date();
      if (Number.isNaN(now.getTime())) throw new QivoError('flags.badDate', `Not a date: ${opts.at}`, { value: opts.at ?? '' });
      const anyKey = opts.pub ? parsePublicKey(readInput(opts.pub).toString('utf8')) : undefined;
      const keys = anyKey ? new Map() : trustedKeys(ctx);
      const r = verifySignedDocument(bytes, { keys, now, environment: opts.environment ?? null, ...(anyKey ? { anyKey } : {}) });
      if (!r.ok) failVerification(r);
      checkHistory(r, historyFiles(ctx, opts.history), (f) =>
        verifySignedDocument(readConfigFile(f), { keys, now, checkTime: false, ...(anyKey ? { anyKey } : {}) }),
      );
      const summary = {
        valid: true,
        keyId: r.keyId,
        version: r.config.version,
        environment: r.config.environment,
        issuedAt: r.config.issuedAt,
        expiresAt: r.config.expiresAt,
        flags: Object.keys(r.config.flags),
      };
      ctx.print(summary, () => ctx.t('flags.cli.valid', { version: r.config.version, keyId: r.keyId, expiresAt: r.config.expiresAt }));
    });

  flags
    .command('eval')
    .description('evaluate every flag for one user (--user) or for each id of a file (--users-file, one JSON line per user)')
    .argument('<config>', 'configuration or signed envelope JSON')
    .option('--user <id>', 'user id (organisation id or e-mail)')
    .option('--users-file <file>', 'UTF-8 file with one user id per line')
    .option('--attr <key=value>', 'context attribute (repeatable): role, emailDomain, appVersion, platform …', collect, [])
    .option('--pub <public.pem>', 'public key for a signed configuration')
    .action((file: string, opts: { user?: string; usersFile?: string; attr: string[]; pub?: string }) => {
      const { config, signed } = loadConfig(ctx, file, opts.pub);
      const compiled = compileConfig(config);
      const attrs = parseAttrs(opts.attr);
      const keys = Object.keys(config.flags);
      const evalFor = (userId: string) => {
        const attributes = { ...attrs };
        const at = userId.lastIndexOf('@');
        if (!attributes.emailDomain && at > 0) attributes.emailDomain = userId.slice(at + 1).toLowerCase();
        return evaluateAll(compiled, keys, { userId, attributes }, { source: signed ? 'remote' : 'bootstrap', now: new Date() });
      };
      if (opts.usersFile) {
        const ids = readInput(opts.usersFile)
          .toString('utf8')
          .replace(/^\uFEFF/, '')
          .split(/\r?\n/)
          .filter((l) => l.length > 0);
        for (const id of ids) ctx.io.stdout(`${JSON.stringify({ user: id, flags: evalFor(id) })}\n`);
        return;
      }
      if (!opts.user) throw new QivoError('flags.userRequired', 'Give --user ID or --users-file FILE');
      const result = evalFor(opts.user);
      const stepText = (s: StepView) => ctx.t('flags.cli.step', { phase: s.phase, percentage: s.rolloutPercentage, at: s.at ?? '—' });
      ctx.print(result, () =>
        Object.values(result)
          .map((e) => {
            const line = `${e.flag.padEnd(24)} ${e.value ? 'on ' : 'off'}  ${e.reason}${e.phase ? `  ${e.phase}` : ''}${e.rolloutPercentage !== null ? `  ${e.rolloutPercentage} %` : ''}`;
            const plan = e.step
              ? `\n${' '.repeat(26)}${ctx.t('flags.cli.currentStep')}: ${stepText(e.step)}; ${ctx.t('flags.cli.nextStep')}: ${e.nextStep ? stepText(e.nextStep) : '—'}`
              : '';
            return line + plan;
          })
          .join('\n'),
      );
    });

  flags
    .command('simulate')
    .description('share of N synthetic users that get each flag')
    .argument('<config>', 'configuration or signed envelope JSON')
    .option('--users <n>', 'number of users', '100000')
    .option('--attr <key=value>', 'context attribute for every user (repeatable)', collect, [])
    .option('--pub <public.pem>', 'public key for a signed configuration')
    .action((file: string, opts: { users: string; attr: string[]; pub?: string }) => {
      const n = Number(opts.users);
      if (!Number.isInteger(n) || n < 1 || n > 10_000_000)
        throw new QivoError('flags.badUserCount', `--users must be a whole number from 1 to 10 000 000, got ${opts.users}`, { value: opts.users });
      const { config } = loadConfig(ctx, file, opts.pub);
      const compiled = compileConfig(config);
      const shares = simulateShares(compiled, n, parseAttrs(opts.attr), 'user-', new Date());
      const steps = simulateSchedule(compiled, n, parseAttrs(opts.attr));
      const text = () => {
        const lines = Object.entries(shares).map(
          ([flag, s]) => `${flag.padEnd(24)} ${(s.share * 100).toFixed(3)} % on (${s.on}/${s.users}), target ${(s.target * 100).toFixed(3)} %`,
        );
        for (const [flag, rows] of Object.entries(steps)) {
          lines.push('', `${flag} — ${ctx.t('flags.cli.perStep')}`);
          for (const r of rows) {
            const when = r.step.at ?? ctx.t('flags.cli.beforePlan');
            lines.push(
              `  ${String(r.step.index + 1).padStart(2)}  ${when.padEnd(26)} ${r.step.phase.padEnd(9)} ${(r.share * 100).toFixed(3)} % on (${r.on}/${r.users}), target ${(r.target * 100).toFixed(3)} %`,
            );
          }
        }
        return lines.join('\n');
      };
      ctx.print(Object.keys(steps).length ? { ...shares, steps } : shares, text);
    });

  flags
    .command('serve')
    .description('serve a signed configuration over HTTP with ETag (for testing; production: any HTTPS static host or CDN)')
    .argument('<signed>', 'signed envelope JSON (re-read on every request: replace the file to publish)')
    .option('--port <port>', 'TCP port', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(async (file: string, opts: { port: string; host: string }) => {
      readInput(file);
      const running = await serveSignedConfig(() => readFileSync(file), { port: Number(opts.port), host: opts.host });
      ctx.print({ url: running.url, file }, () => ctx.t('flags.cli.serving', { url: running.url, file }));
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  flags
    .command('export-flagd')
    .description('print a flagd flag-definition document that buckets identically (fractional v2)')
    .argument('<config>', 'configuration or signed envelope JSON')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--pub <public.pem>', 'public key for a signed configuration')
    .action((file: string, opts: { out?: string; pub?: string }) => {
      const config = loadConfig(ctx, file, opts.pub).config;
      let doc: FlagdDocument;
      try {
        doc = toFlagdDocument(config);
      } catch (error) {
        if (!(error instanceof FlagdExportError)) throw error;
        const key = `flags.flagd${error.problem[0]!.toUpperCase()}${error.problem.slice(1)}`;
        const { place } = error;
        const where = 'rule' in place ? ctx.t('flags.cli.flagdRule', place) : ctx.t('flags.cli.flagdStep', place);
        throw new QivoError(key, `Not exported to flagd: ${error.where} (${error.problem})`, { where });
      }
      const text = `${JSON.stringify(doc, null, 2)}\n`;
      if (opts.out) writeFileSync(opts.out, text);
      else ctx.io.stdout(text);
    });

  registerFleetCommands(flags, ctx, (file, pub) => loadConfig(ctx, file, pub));
}
