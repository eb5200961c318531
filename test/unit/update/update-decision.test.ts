import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlagConfigSchema } from '../../../shared/flags/config-schema';
import { compileConfig, evaluateFlag } from '../../../shared/flags/evaluate';
import { parseChangelog, releaseNotesFor } from '../../../shared/update/changelog';
import { compareVersions, decideUpdate, inUpdateStage, UpdateFeedSchema } from '../../../shared/update/feed';
import { NON_ASCII_IDS, sampleConfigInput } from '../flags/flags-fixtures';
import { feedOf, release } from '../../support/update-feed';

const linux = { platform: 'linux' };

describe('update decision', () => {
  it('offers the newest good release this user is staged for', () => {
    const feed = feedOf([release('0.3.0', 100), release('0.2.0', 100), release('0.1.0', 100)]);
    const d = decideUpdate(feed, { currentVersion: '0.1.0', userId: 'ana@qivo.example', ...linux });
    expect(d).toMatchObject({ kind: 'offer', version: '0.3.0', downgrade: false, reason: 'newer' });
    if (d.kind === 'offer') expect(d.file.url).toBe('QIVO-0.3.0.AppImage');
  });

  it('is up to date on the newest version, and never offers an older one to a healthy machine', () => {
    const feed = feedOf([release('0.2.0', 100), release('0.1.0', 100)]);
    expect(decideUpdate(feed, { currentVersion: '0.2.0', userId: 'u', ...linux })).toEqual({ kind: 'upToDate', currentVersion: '0.2.0', newest: '0.2.0' });
    expect(decideUpdate(feed, { currentVersion: '0.9.0', userId: 'u', ...linux }).kind).toBe('upToDate');
  });

  it('holds back a machine outside the stage, and tells which version and share', () => {
    const feed = feedOf([release('0.2.0', 0)]);
    expect(decideUpdate(feed, { currentVersion: '0.1.0', userId: 'u', ...linux })).toEqual({
      kind: 'notYet',
      currentVersion: '0.1.0',
      version: '0.2.0',
      stagingPercentage: 0,
      reason: 'outsideStage',
    });
  });

  it('falls back to an older staged release when the newest does not include this user yet', () => {
    const feed = feedOf([release('0.3.0', 0), release('0.2.0', 100)]);
    expect(decideUpdate(feed, { currentVersion: '0.1.0', userId: 'u', ...linux })).toMatchObject({ kind: 'offer', version: '0.2.0' });
  });

  it('never offers a withdrawn release', () => {
    const feed = feedOf([release('0.3.0', 100, { withdrawn: { at: '2026-11-21T00:00:00Z', reason: 'crashes on open' } }), release('0.2.0', 100)]);
    expect(decideUpdate(feed, { currentVersion: '0.1.0', userId: 'u', ...linux })).toMatchObject({ kind: 'offer', version: '0.2.0' });
    expect(decideUpdate(feed, { currentVersion: '0.2.0', userId: 'u', ...linux }).kind).toBe('upToDate');
  });

  it('moves a machine running a withdrawn release back to the newest good one (a downgrade)', () => {
    const feed = feedOf([release('0.3.0', 100, { withdrawn: { at: '2026-11-21T00:00:00Z', reason: 'bad' } }), release('0.2.0', 100), release('0.1.0', 100)]);
    expect(decideUpdate(feed, { currentVersion: '0.3.0', userId: 'u', ...linux })).toMatchObject({
      kind: 'offer',
      version: '0.2.0',
      downgrade: true,
      reason: 'currentWithdrawn',
    });
  });

  it('says when a staged release has no build for this platform', () => {
    const feed = feedOf([release('0.2.0', 100, { files: { win32: release('0.2.0', 100).files.win32! } })]);
    expect(decideUpdate(feed, { currentVersion: '0.1.0', userId: 'u', ...linux })).toEqual({
      kind: 'noBuild',
      currentVersion: '0.1.0',
      version: '0.2.0',
      platform: 'linux',
    });
    expect(decideUpdate(feed, { currentVersion: '0.1.0', userId: 'u', platform: 'win32' }).kind).toBe('offer');
  });

  it('orders versions by semantic-version precedence, pre-releases below their release', () => {
    const sorted = ['1.0.0', '0.10.0', '0.9.9', '1.0.0-rc.2', '1.0.0-rc.10', '1.0.0-alpha', '1.0.0-alpha.1', '0.2.0'].sort(compareVersions);
    expect(sorted).toEqual(['0.2.0', '0.9.9', '0.10.0', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-rc.2', '1.0.0-rc.10', '1.0.0']);
  });

  it('refuses feeds with versions that are not plain semantic versions, or unknown fields', () => {
    for (const version of ['2.1', 'V2.0.0', '1.0.0.0', '01.2.3', '']) {
      expect(UpdateFeedSchema.safeParse(feedOf([release(version, 10)])).success, version).toBe(false);
    }
    expect(UpdateFeedSchema.safeParse({ ...feedOf([release('1.0.0', 10)]), extra: true }).success).toBe(false);
    expect(UpdateFeedSchema.safeParse(feedOf([release('1.0.0', 101)])).success).toBe(false);
  });
});

describe('update staging uses the flags’ sticky bucketing', () => {
  it('stages exactly the users a feature flag at the same percentage turns on, when the release buckets on that flag', () => {
    const config = FlagConfigSchema.parse(sampleConfigInput());
    const compiled = compileConfig({
      ...config,
      flags: { ...config.flags, OFFICIAL_INTEGRATIONS: { ...config.flags.OFFICIAL_INTEGRATIONS!, allow: [], deny: [], rules: [], rolloutPercentage: 37.5 } },
    });
    const rel = release('0.2.0', 37.5, { bucketKey: 'OFFICIAL_INTEGRATIONS' });
    const ids = [...NON_ASCII_IDS, ...Array.from({ length: 3000 }, (_, i) => `user-${i}@mineradora.example`)];
    for (const userId of ids) {
      const flagOn = evaluateFlag(compiled, 'OFFICIAL_INTEGRATIONS', { userId, attributes: {} }, { source: 'bootstrap' }).value;
      expect(inUpdateStage(rel, userId), userId).toBe(flagOn);
    }
  });

  it('never drops a user when IT raises the staging percentage (any id, accented and non-Latin included)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (userId, a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          if (inUpdateStage(release('1.0.0', low), userId)) expect(inUpdateStage(release('1.0.0', high), userId)).toBe(true);
        },
      ),
      { seed: 20261201, numRuns: 2000 },
    );
  });

  it('offers each stage to its share of 100 000 machines within ±0.5 %', () => {
    for (const pct of [1, 10, 50, 90]) {
      let on = 0;
      const rel = release('0.2.0', pct);
      for (let i = 0; i < 100_000; i++) if (inUpdateStage(rel, `ws-${i}`)) on++;
      expect(Math.abs(on / 100_000 - pct / 100), `${pct} %`).toBeLessThanOrEqual(0.005);
    }
  });
});

describe('release notes from CHANGELOG.md', () => {
  const changelog = [
    '# Changelog',
    '',
    '## [0.2.0] - 2026-12-01',
    '### English',
    '- Official facts travel with the report,',
    '  and the filing cites them.',
    '- Staged app updates.',
    '### Português (Brasil)',
    '- Os dados oficiais viajam com o relatório.',
    '- Atualizações do app em etapas.',
    '',
    '## [0.1.0] - 2026-11-27',
    '### English',
    '- First release.',
    '### Português (Brasil)',
    '- Primeira versão.',
  ].join('\n');

  it('reads each version’s notes in both languages, joining wrapped lines', () => {
    expect(parseChangelog(changelog).map((e) => [e.version, e.date])).toEqual([
      ['0.2.0', '2026-12-01'],
      ['0.1.0', '2026-11-27'],
    ]);
    expect(releaseNotesFor(changelog, '0.2.0')).toEqual({
      en: ['Official facts travel with the report, and the filing cites them.', 'Staged app updates.'],
      'pt-BR': ['Os dados oficiais viajam com o relatório.', 'Atualizações do app em etapas.'],
    });
    expect(releaseNotesFor(changelog, '0.3.0')).toBeUndefined();
  });
});

describe('the repository’s own CHANGELOG', () => {
  it('has release notes in both languages for the version in package.json (the update notice shows them)', async () => {
    const { readFileSync } = await import('node:fs');
    const { REPO_ROOT } = await import('../../support/temp-dir');
    const version = (JSON.parse(readFileSync(`${REPO_ROOT}/package.json`, 'utf8')) as { version: string }).version;
    const notes = releaseNotesFor(readFileSync(`${REPO_ROOT}/CHANGELOG.md`, 'utf8'), version);
    expect(notes?.en.length, `CHANGELOG.md ## [${version}] ### English`).toBeGreaterThan(0);
    expect(notes?.['pt-BR'].length, `CHANGELOG.md ## [${version}] ### Português (Brasil)`).toBeGreaterThan(0);
  });
});
