import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { QivoError } from '../../../shared/errors';
import type { UpdateStatus } from '../../../shared/ipc/update-contract';
import { releaseNotesFor } from '../../../shared/update/changelog';
import { MAX_UPDATE_FEED_BYTES, type UpdateFeed, type UpdateFile, type UpdatePlatform } from '../../../shared/update/feed';
import { keyIdFromFileName } from '../../flags/signing';
import { amendFeed, nextFeed, publicKeyOf, readManifest } from '../../update/feed-builder';
import { signUpdateFeed, verifyUpdateFeed } from '../../update/feed-signing';
import { createUpdateService, updateTrustedKeys } from '../../update/feature';
import type { CliContext } from '../cli-context';
import { allFeatures } from '../../core/features';

function readSmall(file: string, max: number): Buffer {
  if (!existsSync(file)) throw new QivoError('flags.fileMissing', `File not found: ${file}`, { file });
  const size = statSync(file).size;
  if (size > max) throw new QivoError('update.feed.tooLarge', `${file} is ${size} bytes; at most ${max} are accepted`, { detail: `${file}: ${size} bytes` });
  return readFileSync(file);
}

function readPrivateKey(file: string): string {
  const pem = readSmall(file, 64 * 1024).toString('utf8');
  try {
    publicKeyOf(pem);
  } catch (error) {
    throw new QivoError('flags.badKey', `Cannot sign with ${file}: ${(error as Error).message}`, { detail: (error as Error).message });
  }
  return pem;
}

function percentage(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 100)
    throw new QivoError('update.badPercentage', `--staging takes a percentage from 0 to 100, got "${value}"`, { value });
  return n;
}

/** The previous signed feed, verified with the signing key (and the trusted keys): IT only ever builds on a feed it signed. */
function readPreviousFeed(ctx: CliContext, file: string, privatePem: string): UpdateFeed {
  const r = verifyUpdateFeed(readSmall(file, MAX_UPDATE_FEED_BYTES), {
    keys: updateTrustedKeys(ctx.core(allFeatures)),
    now: new Date(0),
    anyKey: publicKeyOf(privatePem),
  });
  if (!r.ok) throw new QivoError(`update.feed.${r.reason}`, `${file}: ${r.message}`, { detail: r.message }, r.details);
  return r.feed;
}

function writeSigned(out: string, feed: UpdateFeed, privatePem: string, keyId: string): void {
  writeFileSync(out, `${JSON.stringify(signUpdateFeed(feed, privatePem, keyId), null, 2)}\n`);
}

function describe(ctx: CliContext, s: UpdateStatus): string {
  const lines = [ctx.t('update.current', { version: s.currentVersion })];
  const state = s.state === 'available' && !s.canInstall ? 'availableHere' : s.state;
  if (s.state === 'error' && s.error) lines.push(ctx.t(`errors.${s.error.code}`, { detail: s.error.message, ...s.error.params }));
  else lines.push(ctx.t(`update.states.${state}`, { version: s.version ?? '', percentage: s.stagingPercentage ?? 0 }));
  if (s.offerReason === 'currentWithdrawn' && s.version) lines.push(ctx.t('update.withdrawn', { version: s.version }));
  const notes = s.notes?.[ctx.lang];
  if (notes?.length && s.version) lines.push(ctx.t('update.notes', { version: s.version }), ...notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}

/**
 * `qivo update check` reports what the signed feed offers this machine (same decision as the app);
 * `feed`, `stage` and `withdraw` are release engineering's: they write the next signed feed.
 */
export function register(program: Command, ctx: CliContext): void {
  const update = program.command('update').description("the app's own staged updates (signed feed)");

  update
    .command('check')
    .description('what the signed update feed offers this machine, and why')
    .option('--feed <url>', 'the feed address (default: QIVO_UPDATE_FEED_URL or the setting update.feedUrl)')
    .action(async (opts: { feed?: string }) => {
      const core = ctx.core(allFeatures);
      const service = createUpdateService(core, { feedUrl: opts.feed });
      const status = await service.check();
      if (status.state === 'notConfigured') throw new QivoError('update.noFeed', 'No update feed is configured');
      ctx.print(status, () => describe(ctx, status));
      if (status.state === 'error' && status.error) {
        throw new QivoError(status.error.code, status.error.message, { detail: status.error.message, ...status.error.params });
      }
    });

  update
    .command('feed')
    .description('add a release to the signed update feed (from electron-builder manifests and CHANGELOG.md)')
    .requiredOption('--release <semver>', 'the released version (as in package.json)')
    .requiredOption('--base-url <url>', 'where the release files are published')
    .requiredOption('--staging <percent>', 'share of the fleet offered the release first (0–100)')
    .requiredOption('--key <private.pem>', 'Ed25519 private key (the flags signing key)')
    .requiredOption('--out <signed.json>', 'where to write the signed feed')
    .option('--manifest <file>', 'latest.yml / latest-linux.yml / latest-mac.yml (repeatable)', (v: string, p: string[]) => [...p, v], [] as string[])
    .option('--changelog <file>', 'release notes source', 'CHANGELOG.md')
    .option('--previous <signed.json>', 'the feed published so far')
    .option('--bucket-key <flag>', "stage the app with this feature flag's users (default: one ring for all updates)")
    .option('--key-id <id>', 'key id to record (default: the key file name)')
    .option('--valid-days <n>', 'days until the feed expires', '90')
    .action(
      (opts: {
        release: string;
        baseUrl: string;
        staging: string;
        key: string;
        out: string;
        manifest: string[];
        changelog: string;
        previous?: string;
        bucketKey?: string;
        keyId?: string;
        validDays: string;
      }) => {
        const privatePem = readPrivateKey(opts.key);
        const notes = releaseNotesFor(readSmall(opts.changelog, 4 * 1024 * 1024).toString('utf8'), opts.release);
        if (!notes || notes.en.length === 0 || notes['pt-BR'].length === 0)
          throw new QivoError('update.noNotes', `CHANGELOG has no notes for ${opts.release}`, { version: opts.release });
        const files: Partial<Record<UpdatePlatform, UpdateFile>> = {};
        for (const manifest of opts.manifest) {
          const read = readManifest(manifest, readSmall(manifest, 1024 * 1024).toString('utf8'));
          if (read.version !== opts.release)
            throw new QivoError('update.badManifest', `${manifest} is for version ${read.version}, not ${opts.release}`, {
              file: manifest,
              detail: `version ${read.version}`,
            });
          files[read.platform] = read.file;
        }
        const previous = opts.previous ? readPreviousFeed(ctx, opts.previous, privatePem) : undefined;
        const now = new Date();
        const feed = nextFeed(
          previous,
          {
            version: opts.release,
            baseUrl: opts.baseUrl,
            stagingPercentage: percentage(opts.staging),
            ...(opts.bucketKey ? { bucketKey: opts.bucketKey } : {}),
            files,
            notes,
            releasedAt: now.toISOString(),
          },
          now,
          Number(opts.validDays),
        );
        writeSigned(opts.out, feed, privatePem, opts.keyId ?? keyIdFromFileName(opts.key));
        ctx.print(
          { out: opts.out, sequence: feed.sequence, version: opts.release, platforms: Object.keys(files) },
          `${path.basename(opts.out)}: feed ${feed.sequence}, ${opts.release} at ${opts.staging} %`,
        );
      },
    );

  for (const [name, description] of [
    ['stage', 'change the share of the fleet offered a release'],
    ['withdraw', 'withdraw a bad release: it is no longer offered, and machines running it go back to the newest good one'],
  ] as const) {
    const cmd = update
      .command(name)
      .description(description)
      .argument('<signed>', 'the feed published so far')
      .requiredOption('--release <semver>', 'the release to change')
      .requiredOption('--key <private.pem>', 'Ed25519 private key')
      .requiredOption('--out <signed.json>', 'where to write the next signed feed')
      .option('--key-id <id>', 'key id to record (default: the key file name)')
      .option('--valid-days <n>', 'days until the feed expires', '90');
    if (name === 'stage') cmd.requiredOption('--staging <percent>', 'the new share (0–100)');
    else cmd.requiredOption('--reason <text>', 'why it is withdrawn (shown in the audit)');
    cmd.action((file: string, opts: { release: string; key: string; out: string; keyId?: string; validDays: string; staging?: string; reason?: string }) => {
      const privatePem = readPrivateKey(opts.key);
      const feed = amendFeed(
        readPreviousFeed(ctx, file, privatePem),
        opts.release,
        name === 'stage' ? { stagingPercentage: percentage(opts.staging ?? '') } : { withdrawnReason: opts.reason ?? '' },
        new Date(),
        Number(opts.validDays),
      );
      writeSigned(opts.out, feed, privatePem, opts.keyId ?? keyIdFromFileName(opts.key));
      ctx.print({ out: opts.out, sequence: feed.sequence, version: opts.release }, `${path.basename(opts.out)}: feed ${feed.sequence}`);
    });
  }
}
