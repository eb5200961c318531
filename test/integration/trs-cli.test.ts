import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseTrsJson } from '../../shared/trs/migrations';
import { runQivoInProcess } from '../support/cli';
import { makeTempDir } from '../support/temp-dir';

const SAMPLES = path.resolve(__dirname, '../../assets/samples');
const temp = makeTempDir('qivo-trs-cli-');
afterAll(() => temp.cleanup());

const qivo = (...args: string[]) => runQivoInProcess(path.join(temp.dir, 'data'), args);

describe('qivo report (TRS files)', () => {
  it('new --template sk1300 writes the 25 official headings and refuses to overwrite without --force', async () => {
    const file = path.join(temp.dir, 'new.json');
    const run = await qivo('report', 'new', '--template', 'sk1300', '--out', file, '--title', 'Projeto Novo', '--study', 'feasibility');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('25 official headings');
    const parsed = parseTrsJson(fs.readFileSync(file, 'utf8'));
    expect(parsed.ok && parsed.report.sections.map((s) => s.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(parsed.ok && parsed.report.metadata).toMatchObject({ title: 'Projeto Novo', studyType: 'feasibility' });
    const again = await qivo('report', 'new', '--out', file);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toContain('already exists');
  });

  it('validate accepts the samples and lists schema errors with JSON paths and a non-zero exit', async () => {
    for (const sample of ['trs-gold-ribeirao-dourado.json', 'trs-lithium-lagoa-seca.json']) {
      const ok = await qivo('report', 'validate', path.join(SAMPLES, sample));
      expect(ok.status).toBe(0);
      expect(ok.stdout).toContain('is a valid TRS file');
    }
    const broken = JSON.parse(fs.readFileSync(path.join(SAMPLES, 'trs-gold-ribeirao-dourado.json'), 'utf8'));
    broken.metadata.studyType = 'scoping';
    broken.mineralResources[0].rows[2].tonnage.value = '3,960';
    delete broken.sections[10].title;
    const file = path.join(temp.dir, 'broken.json');
    fs.writeFileSync(file, JSON.stringify(broken));
    const run = await qivo('report', 'validate', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('$.metadata.studyType:');
    expect(run.stderr).toContain('$.mineralResources[0].rows[2].tonnage.value:');
    expect(run.stderr).toContain('$.sections[10].title:');
    expect(run.stderr).toContain('not a valid Technical Report Summary');

    const json = await qivo('--json', 'report', 'validate', file);
    expect(json.status).toBe(1);
    const out = JSON.parse(json.stdout) as { valid: boolean; issues: { path: string }[] };
    expect(out.valid).toBe(false);
    expect(out.issues.map((i) => i.path)).toContain('$.metadata.studyType');

    const garbage = path.join(temp.dir, 'garbage.json');
    fs.writeFileSync(garbage, 'not json at all');
    const g = await qivo('report', 'validate', garbage);
    expect(g.status).toBe(1);
    expect(g.stderr).toContain('not valid JSON');
  });

  it('import then export-json round-trips the canonical file through the app database', async () => {
    const sample = path.join(SAMPLES, 'trs-lithium-lagoa-seca.json');
    const imported = await qivo('--json', 'report', 'import', sample);
    expect(imported.status).toBe(0);
    const { reportId } = JSON.parse(imported.stdout) as { reportId: string };
    const listed = await qivo('--json', 'reports', 'list');
    expect(JSON.parse(listed.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: reportId, propertyName: 'Lagoa Seca Lithium Project' })]));
    const out = path.join(temp.dir, 'exported.json');
    const exported = await qivo('report', 'export-json', reportId.slice(0, 8), '--out', out);
    expect(exported.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(sample, 'utf8'));
  });

  it('a broken import leaves the database as it was', async () => {
    const before = JSON.parse((await qivo('--json', 'reports', 'list')).stdout) as unknown[];
    const file = path.join(temp.dir, 'hostile.json');
    fs.writeFileSync(file, '{"format":"qivo.trs","schemaVersion":2,"metadata":{"title":"<script>alert(1)</script>"}}');
    const run = await qivo('report', 'import', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('nothing was changed');
    expect(JSON.parse((await qivo('--json', 'reports', 'list')).stdout)).toEqual(before);
  });
});
