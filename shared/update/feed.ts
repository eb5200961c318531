import { z } from 'zod';
import { inRollout } from '../flags/bucketing';

/**
 * The signed update feed: which app versions IT offers, to what share of the fleet, and which are
 * withdrawn. It travels in the same Ed25519 envelope as the flag configuration (format
 * `qivo.update.signed/1`, same trusted keys), so no update is installed that IT did not sign.
 *
 * The files themselves are checked by electron-updater against the SHA-512 that electron-builder
 * writes into `latest*.yml`; the app first checks that this SHA-512 is the one named here, so the
 * chain of trust runs from the signature to the bytes installed.
 */
export const UPDATE_ENVELOPE_FORMAT = 'qivo.update.signed/1';
/** Largest accepted feed (envelope and payload). */
export const MAX_UPDATE_FEED_BYTES = 1024 * 1024;
/**
 * The bucketing key of an update when a release names none: one constant for every version, so the
 * same users form the early ring release after release, as IT expects of a staged rollout.
 */
export const DEFAULT_UPDATE_BUCKET_KEY = 'QIVO_APP_UPDATE';

export const UPDATE_PLATFORMS = ['linux', 'win32', 'darwin'] as const;
export type UpdatePlatform = (typeof UPDATE_PLATFORMS)[number];

/** Plain semantic version, as electron-builder writes it (no range, no leading "v"). */
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const IsoDate = z.string().refine((s) => /[zZ]|[+-]\d\d:\d\d$/.test(s) && !Number.isNaN(Date.parse(s)), 'an ISO 8601 date with a zone');

export const UpdateFileSchema = z.strictObject({
  /** File name as electron-builder publishes it, relative to the release's baseUrl. */
  url: z
    .string()
    .min(1)
    .max(300)
    .regex(/^[^/\\?#][^\\?#]*$/, 'a relative file name'),
  /** Base64 SHA-512 of the file, exactly as in electron-builder's latest*.yml. */
  sha512: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a base64 SHA-512'),
  size: z.number().int().positive(),
});

export const ReleaseNotesSchema = z.strictObject({
  en: z.array(z.string().max(500)).max(100),
  'pt-BR': z.array(z.string().max(500)).max(100),
});

export const UpdateReleaseSchema = z.strictObject({
  version: z.string().regex(SEMVER, 'a semantic version such as 1.4.0'),
  releasedAt: IsoDate,
  /** Share of the fleet offered this version, 0–100 (same sticky bucketing as the feature flags). */
  stagingPercentage: z.number().min(0).max(100),
  /** Bucket on a feature flag's key to move the app with that feature's rollout; default: one ring for all updates. */
  bucketKey: z.string().min(1).max(100).optional(),
  /** Where the files and electron-builder's latest*.yml are published (https in production). */
  baseUrl: z.string().url(),
  files: z.partialRecord(z.enum(UPDATE_PLATFORMS), UpdateFileSchema),
  notes: ReleaseNotesSchema,
  /** A withdrawn release: never offered; machines running it are offered the newest good one, even if older. */
  withdrawn: z.strictObject({ at: IsoDate, reason: z.string().min(1).max(500) }).optional(),
});

export const UpdateFeedSchema = z.strictObject({
  schemaVersion: z.literal(1),
  product: z.literal('qivo-workstation'),
  /** Higher with every publish; a lower one is refused as a replay, like the flag configuration. */
  sequence: z.number().int().min(1),
  issuedAt: IsoDate,
  expiresAt: IsoDate,
  releases: z.array(UpdateReleaseSchema).max(200),
});

export type UpdateFile = z.infer<typeof UpdateFileSchema>;
export type UpdateRelease = z.infer<typeof UpdateReleaseSchema>;
export type UpdateFeed = z.infer<typeof UpdateFeedSchema>;
export type ReleaseNotes = z.infer<typeof ReleaseNotesSchema>;

interface ParsedVersion {
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

export function parseVersion(version: string): ParsedVersion | undefined {
  const m = SEMVER.exec(version);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), pre: m[4] ? m[4].split('.') : [] };
}

/** Semantic-version precedence (semver.org §11): negative when a < b. Unparsable versions sort lowest. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (x[key] !== y[key]) return x[key] - y[key];
  }
  if (x.pre.length === 0 || y.pre.length === 0) return (x.pre.length === 0 ? 1 : 0) - (y.pre.length === 0 ? 1 : 0);
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined || q === undefined) return p === undefined ? -1 : 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

export interface UpdateContext {
  currentVersion: string;
  /** The flags user id: the same id, so the same ring, as the feature rollout. */
  userId: string;
  platform: string;
}

/** What the feed offers this machine, and why. */
export type UpdateDecision =
  | { kind: 'upToDate'; currentVersion: string; newest?: string }
  | { kind: 'notYet'; currentVersion: string; version: string; stagingPercentage: number; reason: 'outsideStage' }
  | { kind: 'noBuild'; currentVersion: string; version: string; platform: string }
  | {
      kind: 'offer';
      currentVersion: string;
      version: string;
      release: UpdateRelease;
      file: UpdateFile;
      /** true when the running version was withdrawn and the offer is an older, good one. */
      downgrade: boolean;
      reason: 'newer' | 'currentWithdrawn';
    };

/** Whether this user is in the release's stage: the flags' sticky bucketing on the release's bucket key. */
export function inUpdateStage(release: UpdateRelease, userId: string): boolean {
  return inRollout(release.bucketKey ?? DEFAULT_UPDATE_BUCKET_KEY, userId, release.stagingPercentage);
}

/**
 * Pure decision: the newest good release for this platform that is newer than the running one
 * and whose stage includes this user. A withdrawn release is never offered; a machine running a
 * withdrawn release is offered the newest good release it is staged for, even an older one.
 */
export function decideUpdate(feed: UpdateFeed, context: UpdateContext): UpdateDecision {
  const { currentVersion, userId, platform } = context;
  const good = feed.releases.filter((r) => !r.withdrawn).sort((a, b) => compareVersions(b.version, a.version));
  const currentWithdrawn = feed.releases.some((r) => r.withdrawn && compareVersions(r.version, currentVersion) === 0);
  const candidates = currentWithdrawn
    ? good.filter((r) => compareVersions(r.version, currentVersion) !== 0)
    : good.filter((r) => compareVersions(r.version, currentVersion) > 0);
  let firstOutside: UpdateRelease | undefined;
  let firstWithoutBuild: UpdateRelease | undefined;
  for (const release of candidates) {
    if (!inUpdateStage(release, userId)) {
      firstOutside ??= release;
      continue;
    }
    const file = (release.files as Partial<Record<string, UpdateFile>>)[platform];
    if (!file) {
      firstWithoutBuild ??= release;
      continue;
    }
    const downgrade = compareVersions(release.version, currentVersion) < 0;
    return { kind: 'offer', currentVersion, version: release.version, release, file, downgrade, reason: currentWithdrawn ? 'currentWithdrawn' : 'newer' };
  }
  if (firstOutside && (!firstWithoutBuild || compareVersions(firstOutside.version, firstWithoutBuild.version) > 0)) {
    return { kind: 'notYet', currentVersion, version: firstOutside.version, stagingPercentage: firstOutside.stagingPercentage, reason: 'outsideStage' };
  }
  if (firstWithoutBuild) return { kind: 'noBuild', currentVersion, version: firstWithoutBuild.version, platform };
  return { kind: 'upToDate', currentVersion, ...(good[0] ? { newest: good[0].version } : {}) };
}
