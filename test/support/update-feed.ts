import { createHash } from 'node:crypto';
import type { UpdateFeed, UpdateRelease } from '../../shared/update/feed';

/** A syntactically real base64 SHA-512 (of the given text) for feed fixtures. */
export function sha512Of(text: string): string {
  return createHash('sha512').update(text).digest('base64');
}

export function release(version: string, stagingPercentage: number, patch: Partial<UpdateRelease> = {}): UpdateRelease {
  return {
    version,
    releasedAt: '2026-11-20T10:00:00Z',
    stagingPercentage,
    baseUrl: 'https://updates.qivo.example/stable/',
    files: {
      linux: { url: `QIVO-${version}.AppImage`, sha512: sha512Of(`linux ${version}`), size: 1000 },
      win32: { url: `QIVO-Setup-${version}.exe`, sha512: sha512Of(`win ${version}`), size: 1000 },
      darwin: { url: `QIVO-${version}-mac.zip`, sha512: sha512Of(`mac ${version}`), size: 1000 },
    },
    notes: { en: [`Version ${version}.`], 'pt-BR': [`Versão ${version}.`] },
    ...patch,
  };
}

export function feedOf(releases: UpdateRelease[], sequence = 1, now = new Date()): UpdateFeed {
  return {
    schemaVersion: 1,
    product: 'qivo-workstation',
    sequence,
    issuedAt: new Date(now.getTime() - 60_000).toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
    releases,
  };
}
