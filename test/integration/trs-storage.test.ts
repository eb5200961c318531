import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { QivoError } from '../../shared/errors';
import type { FeatureGate, FlagKey } from '../../shared/flags/flag-keys';
import { serializeTrsReport } from '../../shared/trs/migrations';
import { createEmptyReport, type TrsReport } from '../../shared/trs/model';
import { richTextFromPlain, richTextToPlainText } from '../../shared/trs/rich-text';
import { openCore, type Core } from '../../main/core/core';
import { reportsFeature } from '../../main/reports/feature';
import { trsFeature } from '../../main/trs/feature';
import type { TrsService } from '../../main/trs/trs-service';
import { appMigrations } from '../../main/storage/app-migrations';
import { closeDatabase, openDatabase } from '../../main/storage/sqlite';
import { makeTempDir } from '../support/temp-dir';

const SAMPLES = path.resolve(__dirname, '../../assets/samples');
const goldText = fs.readFileSync(path.join(SAMPLES, 'trs-gold-ribeirao-dourado.json'), 'utf8');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function gateWith(off: FlagKey[]): FeatureGate {
  return { isEnabled: (f) => !off.includes(f), reason: (f) => (off.includes(f) ? 'DISABLED' : 'STATIC') };
}

function open(dataDir?: string): { core: Core; trs: TrsService; dir: string; clock: { t: number } } {
  const temp = dataDir ? undefined : makeTempDir('qivo-trs-');
  const dir = dataDir ?? temp!.dir;
  const clock = { t: Date.parse('2026-01-10T12:00:00Z') };
  const core = openCore({ dataDir: dir, appVersion: '0.0.0-test', shell: 'cli', features: [reportsFeature, trsFeature], now: () => new Date(clock.t) });
  cleanups.push(async () => {
    await core.close();
    temp?.cleanup();
  });
  return { core, trs: core.services.trs!, dir, clock };
}

function withSectionText(doc: TrsReport, number: number, text: string): TrsReport {
  return { ...doc, sections: doc.sections.map((s) => (s.number === number ? { ...s, body: richTextFromPlain(text) } : s)) };
}

describe('TRS storage', () => {
  it('opens a new draft with the 25-section template and saves with revision checks', () => {
    const { core, trs } = open();
    const draft = core.services.reports!.create({ title: 'Serra Azul TRS', propertyName: 'Serra Azul' });
    const first = trs.get(draft.id);
    expect(first.revision).toBe(1);
    expect(first.document.sections).toHaveLength(25);
    expect(first.document.metadata.title).toBe('Serra Azul TRS');

    const saved = trs.save(draft.id, 1, withSectionText(first.document, 7, 'Drilling of 84 holes.'));
    expect(saved.revision).toBe(2);
    expect(richTextToPlainText(trs.get(draft.id).document.sections[6]!.body)).toBe('Drilling of 84 holes.');

    // A second window still editing revision 1 must not overwrite revision 2.
    expect(() => trs.save(draft.id, 1, first.document)).toThrowError(expect.objectContaining({ code: 'trs.conflict' }));
    expect(richTextToPlainText(trs.get(draft.id).document.sections[6]!.body)).toBe('Drilling of 84 holes.');
  });

  it('keeps the Reports list in step with the TRS title without undoing a rename done in the list', () => {
    const { core, trs } = open();
    const id = core.services.reports!.create({ title: 'First title' }).id;
    const doc = trs.get(id).document;
    trs.save(id, 1, {
      ...doc,
      metadata: { ...doc.metadata, title: 'Title from the editor', propertyName: 'Serra', commodities: [{ code: 'Au', name: 'Gold', primary: true }] },
    });
    expect(core.services.reports!.get(id)).toMatchObject({ title: 'Title from the editor', propertyName: 'Serra', commodity: 'Au' });
    core.services.reports!.update(id, { title: 'Renamed in the list' });
    const again = trs.get(id);
    trs.save(id, again.revision, withSectionText(again.document, 1, 'Text only.'));
    expect(core.services.reports!.get(id).title).toBe('Renamed in the list');
    // The rename reached the TRS too: the list and the report agree.
    expect(trs.get(id).document.metadata.title).toBe('Renamed in the list');
  });

  it('keeps the document across a close and reopen of the database', async () => {
    const { core, trs, dir } = open(makeTempDir('qivo-trs-reopen-').dir);
    const draft = core.services.reports!.create({ title: 'Reopen' });
    trs.save(draft.id, trs.get(draft.id).revision, withSectionText(trs.get(draft.id).document, 1, 'Persisted summary.'));
    await core.close();
    const again = open(dir);
    expect(richTextToPlainText(again.trs.get(draft.id).document.sections[0]!.body)).toBe('Persisted summary.');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes automatic snapshots at most every 10 minutes, named ones on demand, and diffs and restores them', () => {
    const { core, trs, clock } = open();
    const id = core.services.reports!.create({ title: 'Versions' }).id;
    let rev = trs.get(id).revision;
    const doc0 = trs.get(id).document;
    rev = trs.save(id, rev, withSectionText(doc0, 3, 'Version A text.')).revision;
    clock.t += 60_000;
    rev = trs.save(id, rev, withSectionText(doc0, 3, 'Version A text, edited.')).revision;
    expect(trs.listVersions(id).filter((v) => v.kind === 'auto')).toHaveLength(1);
    clock.t += 11 * 60_000;
    rev = trs.save(id, rev, withSectionText(doc0, 3, 'Version B text.')).revision;
    expect(trs.listVersions(id).filter((v) => v.kind === 'auto')).toHaveLength(2);

    const named = trs.createVersion(id, 'Before QP review');
    expect(named).toMatchObject({ kind: 'named', name: 'Before QP review', revision: rev });
    const docB = trs.get(id).document;
    rev = trs.save(id, rev, {
      ...withSectionText(docB, 3, 'Version C text after review.'),
      metadata: { ...docB.metadata, effectiveDate: '2025-12-31' },
    }).revision;

    const diff = trs.diff(id, named.id, null);
    const section = diff.find((d) => d.path === 'sections.3')!;
    expect(section).toMatchObject({ section: 3, change: 'changed' });
    expect(
      section.parts
        .filter((p) => p.op === 'removed')
        .map((p) => p.text)
        .join(''),
    ).toContain('B');
    expect(
      section.parts
        .filter((p) => p.op === 'added')
        .map((p) => p.text)
        .join(''),
    ).toContain('C');
    expect(diff.find((d) => d.path === 'metadata.effectiveDate')).toMatchObject({ before: 'null', after: '"2025-12-31"' });
    expect(diff.some((d) => d.path === 'sections.4')).toBe(false);

    const restored = trs.restore(id, named.id);
    expect(restored.revision).toBe(rev + 1);
    expect(richTextToPlainText(trs.get(id).document.sections[2]!.body)).toBe('Version B text.');
    const beforeRestore = trs.listVersions(id).find((v) => v.kind === 'beforeRestore')!;
    expect(trs.diff(id, beforeRestore.id, null).find((d) => d.path === 'sections.3')!.before).toContain('Version C');
  });

  it('imports the canonical JSON as a new report and exports it byte for byte', () => {
    const { trs, core } = open();
    const result = trs.importJson(goldText);
    expect(result.migratedFrom).toBeNull();
    expect(core.services.reports!.get(result.reportId)).toMatchObject({ propertyName: 'Ribeirão Dourado Gold Mine', commodity: 'Au' });
    const exported = trs.exportJson(result.reportId);
    expect(exported.json).toBe(goldText);
    expect(exported.fileName).toBe('ribeirao-dourado-gold-mine.trs.json');
  });

  it('refuses broken and hostile JSON with a clear error and overwrites nothing', () => {
    const { core, trs } = open();
    const id = core.services.reports!.create({ title: 'Keep me' }).id;
    const rev = trs.save(id, 1, withSectionText(trs.get(id).document, 1, 'Precious text.')).revision;
    const before = { doc: serializeTrsReport(trs.get(id).document), versions: trs.listVersions(id).length, reports: core.services.reports!.list().length };

    const hostile = JSON.parse(goldText);
    hostile.sections[0].body.push({ type: 'html', html: '<img src=x onerror=alert(1)>' });
    const cases = [
      '{"format":"qivo.trs",',
      JSON.stringify(hostile),
      goldText.replace('"metadata": {', '"metadata": {"__proto__": {"admin": true},'),
      '['.repeat(50_000),
      JSON.stringify({ ...createEmptyReport(), schemaVersion: 7 }),
      'null',
    ];
    for (const json of cases) {
      let error: unknown;
      try {
        trs.importJson(json, id);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(QivoError);
      expect((error as QivoError).code).toBe('trs.invalidFile');
      expect((error as QivoError).details!.length).toBeGreaterThan(0);
      expect((error as QivoError).details![0]).toMatch(/^\$/);
      // Also as a new report: nothing is created.
      expect(() => trs.importJson(json)).toThrowError(expect.objectContaining({ code: 'trs.invalidFile' }));
    }
    const hostileError = (() => {
      try {
        trs.importJson(JSON.stringify(hostile), id);
      } catch (e) {
        return e as QivoError;
      }
      return undefined;
    })();
    expect(hostileError!.details![0]).toMatch(/^\$\.sections\[0\]\.body\[5\]\.type: Invalid discriminator/);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(serializeTrsReport(trs.get(id).document)).toBe(before.doc);
    expect(trs.get(id).revision).toBe(rev);
    expect(trs.listVersions(id)).toHaveLength(before.versions);
    expect(core.services.reports!.list()).toHaveLength(before.reports);
  });

  it('replaces a report on import into it, keeping the old content as a version', () => {
    const { core, trs } = open();
    const id = core.services.reports!.create({ title: 'Target' }).id;
    trs.save(id, 1, withSectionText(trs.get(id).document, 1, 'Old text.'));
    const result = trs.importJson(goldText, id);
    expect(result.reportId).toBe(id);
    expect(trs.get(id).document.metadata.propertyName).toBe('Ribeirão Dourado Gold Mine');
    const snapshot = trs.listVersions(id).find((v) => v.kind === 'beforeImport')!;
    expect(trs.diff(id, snapshot.id, null).find((d) => d.path === 'sections.1')!.before).toContain('Old text.');
  });

  it('respects SEC_SK_1300 and BRAZILIAN_FIELDS through the dispatcher', async () => {
    const { core, trs } = open();
    const imported = trs.importJson(goldText).reportId;
    core.setGate(gateWith(['SEC_SK_1300']));
    const refused = await core.dispatch('trs.get', { reportId: imported }, { transport: 'in-process' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ipc.featureDisabled' } });

    core.setGate(gateWith(['BRAZILIAN_FIELDS']));
    const stored = trs.get(imported);
    const changedCnpj = { ...stored.document, brazil: { ...stored.document.brazil!, holderCnpj: '11.222.333/0001-81' } };
    const r1 = await core.dispatch('trs.save', { reportId: imported, baseRevision: stored.revision, document: changedCnpj }, { transport: 'in-process' });
    expect(r1).toMatchObject({ ok: false, error: { code: 'trs.brazilianFieldsDisabled' } });
    const changedCategory = {
      ...stored.document,
      mineralResources: stored.document.mineralResources.map((t) => ({ ...t, rows: t.rows.map((r) => ({ ...r, cbrrCategory: null })) })),
    };
    const r2 = await core.dispatch('trs.save', { reportId: imported, baseRevision: stored.revision, document: changedCategory }, { transport: 'in-process' });
    expect(r2).toMatchObject({ ok: false, error: { code: 'trs.brazilianFieldsDisabled' } });
    // Editing anything else is fine, and the stored Brazilian values stay as they were.
    const textOnly = withSectionText(stored.document, 22, 'New conclusions.');
    const r3 = await core.dispatch('trs.save', { reportId: imported, baseRevision: stored.revision, document: textOnly }, { transport: 'in-process' });
    expect(r3.ok).toBe(true);
    expect(trs.get(imported).document.brazil!.holderCnpj).toBe(stored.document.brazil!.holderCnpj);
    // Importing a file with Brazilian fields as a new report is refused while the flag is off.
    expect(() => trs.importJson(goldText)).toThrowError(expect.objectContaining({ code: 'trs.brazilianFieldsDisabled' }));
  });

  it('saves only the changed parts (autosave patches) and checks them like a whole document', async () => {
    const { core, trs } = open();
    const id = trs.importJson(goldText).reportId;
    const stored = trs.get(id);
    const section = { ...stored.document.sections[6]!, body: richTextFromPlain('Patched exploration text.') };
    const r = await core.dispatch('trs.save', { reportId: id, baseRevision: stored.revision, changes: { sections: [section] } }, { transport: 'in-process' });
    expect(r).toMatchObject({ ok: true, value: { revision: stored.revision + 1 } });
    const after = trs.get(id).document;
    expect(richTextToPlainText(after.sections[6]!.body)).toBe('Patched exploration text.');
    expect(after.sections[5]).toEqual(stored.document.sections[5]);
    expect(after.mineralResources).toEqual(stored.document.mineralResources);
    // The stored text is still the canonical serialisation.
    expect(trs.exportJson(id).json).toBe(serializeTrsReport(after));

    const moved = { ...section, number: 8 };
    const bad = await core.dispatch(
      'trs.save',
      { reportId: id, baseRevision: stored.revision + 1, changes: { sections: [moved] } },
      { transport: 'in-process' },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'trs.invalidPatch' } });
    const both = await core.dispatch(
      'trs.save',
      { reportId: id, baseRevision: stored.revision + 1, changes: {}, document: after },
      { transport: 'in-process' },
    );
    expect(both).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } });
    core.setGate(gateWith(['BRAZILIAN_FIELDS']));
    const br = await core.dispatch('trs.save', { reportId: id, baseRevision: stored.revision + 1, changes: { brazil: null } }, { transport: 'in-process' });
    expect(br).toMatchObject({ ok: false, error: { code: 'trs.brazilianFieldsDisabled' } });
    expect(trs.get(id).revision).toBe(stored.revision + 1);
  });

  it('splits documents stored whole by the first TRS schema into parts when the database is upgraded', async () => {
    const temp = makeTempDir('qivo-trs-migrate-');
    cleanups.push(() => temp.cleanup());
    const before = appMigrations.filter(
      (m) => m.name !== 'trs document parts' && m.version < appMigrations.find((x) => x.name === 'trs document parts')!.version,
    );
    const { db } = openDatabase({ file: path.join(temp.dir, 'app.db'), label: 'app', migrations: before, synchronous: 'FULL' });
    const at = '2026-01-01T00:00:00.000Z';
    db.prepare('INSERT INTO reports (id, title, property_name, commodity, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      '6f1f7c1e-5b7a-4c55-9d7e-0a4c9c3f7e11',
      'Old',
      '',
      '',
      at,
      at,
    );
    db.prepare('INSERT INTO report_documents (report_id, schema_version, revision, document, updated_at) VALUES (?, 2, 7, ?, ?)').run(
      '6f1f7c1e-5b7a-4c55-9d7e-0a4c9c3f7e11',
      goldText,
      at,
    );
    closeDatabase(db);
    const { trs } = open(temp.dir);
    const stored = trs.get('6f1f7c1e-5b7a-4c55-9d7e-0a4c9c3f7e11');
    expect(stored.revision).toBe(7);
    expect(trs.exportJson('6f1f7c1e-5b7a-4c55-9d7e-0a4c9c3f7e11').json).toBe(goldText);
  });

  it('sees a write made by another process (no stale cache)', async () => {
    const { core, trs, dir } = open();
    const id = core.services.reports!.create({ title: 'Two writers' }).id;
    trs.get(id);
    const other = openCore({ dataDir: dir, appVersion: '0.0.0-test', shell: 'cli', features: [reportsFeature, trsFeature] });
    const otherTrs = other.services.trs!;
    otherTrs.save(id, 1, withSectionText(otherTrs.get(id).document, 2, 'Written by the CLI.'));
    await other.close();
    expect(trs.get(id).revision).toBe(2);
    expect(richTextToPlainText(trs.get(id).document.sections[1]!.body)).toBe('Written by the CLI.');
  });

  it('rejects an invalid document at the IPC boundary with its path', async () => {
    const { core, trs } = open();
    const id = core.services.reports!.create({ title: 'IPC' }).id;
    const doc = trs.get(id).document;
    const bad = {
      ...doc,
      sections: doc.sections.map((s, i) => (i === 0 ? { ...s, body: [{ type: 'paragraph', content: [{ type: 'text', text: 'x\u0000y' }] }] } : s)),
    };
    const result = await core.dispatch('trs.save', { reportId: id, baseRevision: 1, document: bad }, { transport: 'in-process' });
    expect(result).toMatchObject({ ok: false, error: { code: 'ipc.invalidInput' } });
    expect(JSON.stringify(result)).toContain('document.sections.0.body.0.content.0.text');
    expect(trs.get(id).revision).toBe(1);
  });
});
