import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { QivoError } from '../../shared/errors';
import type { ReleaseNotes, UpdateFeed, UpdateFile, UpdatePlatform, UpdateRelease } from '../../shared/update/feed';

/**
 * Builds the next update feed from what a release produced: electron-builder's update manifests
 * (latest.yml, latest-linux.yml, latest-mac.yml — their SHA-512s are what electron-updater checks
 * the download against) and the CHANGELOG's notes for the version. Pure apart from parsing.
 */
const ManifestSchema = z.object({
  version: z.string(),
  files: z.array(z.object({ url: z.string(), sha512: z.string(), size: z.number().int().positive() })).min(1),
});

/** Which platform a manifest is for, from electron-builder's file names. */
export function manifestPlatform(file: string): UpdatePlatform | undefined {
  const name = path.basename(file).toLowerCase();
  if (name === 'latest.yml') return 'win32';
  if (name === 'latest-linux.yml') return 'linux';
  if (name === 'latest-mac.yml') return 'darwin';
  return undefined;
}

/** The file electron-updater installs on each platform (AppImage on Linux: deb users update through their package manager). */
const INSTALLABLE: Record<UpdatePlatform, RegExp> = { linux: /\.AppImage$/i, win32: /\.exe$/i, darwin: /\.zip$/i };

export function readManifest(file: string, text: string): { platform: UpdatePlatform; version: string; file: UpdateFile } {
  const platform = manifestPlatform(file);
  if (!platform)
    throw new QivoError('update.badManifest', `${file} is not named latest.yml, latest-linux.yml or latest-mac.yml`, { file, detail: 'unknown file name' });
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new QivoError('update.badManifest', `${file}: ${(error as Error).message}`, { file, detail: (error as Error).message });
  }
  const parsed = ManifestSchema.safeParse(raw);
  if (!parsed.success)
    throw new QivoError('update.badManifest', `${file}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, {
      file,
      detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    });
  const chosen = parsed.data.files.find((f) => INSTALLABLE[platform].test(f.url));
  if (!chosen)
    throw new QivoError('update.badManifest', `${file} lists no installable file for ${platform}`, { file, detail: `no ${INSTALLABLE[platform].source} file` });
  return { platform, version: parsed.data.version, file: chosen };
}

export interface ReleaseInput {
  version: string;
  baseUrl: string;
  stagingPercentage: number;
  bucketKey?: string;
  files: Partial<Record<UpdatePlatform, UpdateFile>>;
  notes: ReleaseNotes;
  releasedAt: string;
}

/** The previous feed with this release added (or replaced, same version), the sequence raised. */
export function nextFeed(previous: UpdateFeed | undefined, release: ReleaseInput, now: Date, validDays: number): UpdateFeed {
  const entry: UpdateRelease = {
    version: release.version,
    releasedAt: release.releasedAt,
    stagingPercentage: release.stagingPercentage,
    ...(release.bucketKey ? { bucketKey: release.bucketKey } : {}),
    baseUrl: release.baseUrl,
    files: release.files,
    notes: release.notes,
  };
  const others = (previous?.releases ?? []).filter((r) => r.version !== release.version);
  return {
    schemaVersion: 1,
    product: 'qivo-workstation',
    sequence: (previous?.sequence ?? 0) + 1,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + validDays * 86_400_000).toISOString(),
    releases: [entry, ...others],
  };
}

/** The previous feed with one release changed (withdrawn, or a new staging percentage), the sequence raised. */
export function amendFeed(
  previous: UpdateFeed,
  version: string,
  change: { withdrawnReason?: string; stagingPercentage?: number },
  now: Date,
  validDays: number,
): UpdateFeed {
  if (!previous.releases.some((r) => r.version === version)) throw new QivoError('update.unknownVersion', `The feed has no release ${version}`, { version });
  return {
    ...previous,
    sequence: previous.sequence + 1,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + validDays * 86_400_000).toISOString(),
    releases: previous.releases.map((r) => {
      if (r.version !== version) return r;
      const next: UpdateRelease = { ...r };
      if (change.stagingPercentage !== undefined) next.stagingPercentage = change.stagingPercentage;
      if (change.withdrawnReason !== undefined) next.withdrawn = { at: now.toISOString(), reason: change.withdrawnReason };
      return next;
    }),
  };
}

export function publicKeyOf(privateKeyPem: string): KeyObject {
  return createPublicKey(createPrivateKey(privateKeyPem));
}
