import semver, { type SemVer } from 'semver';

/**
 * How a version string in a rule or in the context (`appVersion`) is read: the way flagd reads it
 * (flagd-core's `sem_ver`), so a configuration exported with `qivo flags export-flagd` matches the
 * same users in flagd as in the app. One leading `v`/`V` is dropped; then a full semantic version
 * (`2.1.0`, `2.1.0-beta.1`), or a partial numeric one completed with zeros (`2` → 2.0.0,
 * `2.1` → 2.1.0). Anything else (`2.1.x`, `1.2.3.4`, `latest`) is no version: a rule comparing
 * it never matches.
 */
export function parseVersion(raw: string): SemVer | null {
  const str = raw.replace(/^[vV]/, '');
  const strict = semver.parse(str);
  if (strict) return strict;
  return /^\d+(\.\d+)?$/.test(str) ? semver.coerce(str) : null;
}
