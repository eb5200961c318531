import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { lintEdgarHtml } from '../../shared/edgar/lint';
import { runQivoInProcess } from '../support/cli';
import { parseExposition } from '../support/metrics-exposition-parser';
import { makeTempDir } from '../support/temp-dir';

vi.setConfig({ testTimeout: 240_000 });

const SAMPLES = path.resolve(__dirname, '../../assets/samples');
const GOLD = path.join(SAMPLES, 'trs-gold-ribeirao-dourado.json');
const temp = makeTempDir('qivo-exports-cli-');
afterAll(() => temp.cleanup());

const qivo = (...args: string[]) => runQivoInProcess(temp.dir, args);

describe('qivo report export', () => {
  it('writes the EX-96 folder and prints each file with its hash', async () => {
    const out = path.join(temp.dir, 'ex96');
    const run = await qivo('report', 'export', GOLD, '--format', 'ex96', '--out', out);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`Exported 2 file(s) to ${out}`);
    const html = fs.readFileSync(path.join(out, 'ex96-1.htm'), 'latin1');
    expect(lintEdgarHtml(html, { fileName: 'ex96-1.htm' }).ok).toBe(true);
    const hash = createHash('sha256')
      .update(fs.readFileSync(path.join(out, 'ex96-1.htm')))
      .digest('hex');
    expect(run.stdout).toContain(`ex96-1.htm\t${fs.statSync(path.join(out, 'ex96-1.htm')).size}\t${hash}`);
  });

  it('numbers the exhibit and names the filing in the consents', async () => {
    const out = path.join(temp.dir, 'ex23');
    const run = await qivo(
      '--json',
      'report',
      'export',
      GOLD,
      '--format',
      'ex23',
      '--out',
      out,
      '--exhibit',
      '2',
      '--filing',
      'Registration Statement on Form S-1',
    );
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { files: { name: string; path: string }[] };
    expect(result.files.map((f) => f.name)).toEqual(['ex23-1.htm', 'ex23-2.htm']);
    const html = fs.readFileSync(result.files[0]!.path, 'latin1');
    expect(html).toContain('Registration Statement on Form S-1');
    expect(html).toContain('as Exhibit 96.2 to the Filing');
    const ex96 = await qivo('report', 'export', GOLD, '--format', 'ex96', '--out', out, '--exhibit', '2');
    expect(ex96.status).toBe(0);
    const exhibit = fs.readFileSync(path.join(out, 'ex96-2.htm'), 'latin1');
    expect(exhibit).toContain('>Exhibit 96.2</p>');
    expect(exhibit).toContain('<img src="ex96-2-fig01.gif"');
  });

  it('refuses on a critical finding with the findings on stderr and writes nothing; --draft exports', async () => {
    const doc = JSON.parse(fs.readFileSync(GOLD, 'utf8'));
    doc.metadata.reportDate = null;
    const file = path.join(temp.dir, 'undated.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const out = path.join(temp.dir, 'undated.zip');
    const refused = await qivo('report', 'export', file, '--format', 'package', '--out', out);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/^\[critical\] structure\.report-date: /m);
    expect(refused.stderr).toContain('Export refused: the compliance check found 1 critical finding(s)');
    expect(fs.existsSync(out)).toBe(false);

    const draft = await qivo('report', 'export', file, '--format', 'package', '--out', out, '--draft');
    expect(draft.status).toBe(0);
    expect(draft.stdout).toContain('DRAFT');
    expect(fs.existsSync(path.join(temp.dir, 'undated-draft.zip'))).toBe(true);
  });

  it('rejects a bad format, a bad exhibit number and an invalid file with clear messages', async () => {
    const badFormat = await qivo('report', 'export', GOLD, '--format', 'rtf', '--out', temp.dir);
    expect(badFormat.status).not.toBe(0);
    expect(badFormat.stderr).toMatch(/Allowed choices are ex96, ex23, pdf, docx, json, package/);
    const badExhibit = await qivo('report', 'export', GOLD, '--format', 'ex96', '--out', temp.dir, '--exhibit', '0');
    expect(badExhibit.status).not.toBe(0);
    expect(badExhibit.stderr).toContain('--exhibit must be a whole number from 1 to 99');
    const junk = path.join(temp.dir, 'junk.json');
    fs.writeFileSync(junk, '{"format":"qivo.trs","schemaVersion":2}');
    const invalid = await qivo('report', 'export', junk, '--format', 'ex96', '--out', path.join(temp.dir, 'never'));
    expect(invalid.status).not.toBe(0);
    expect(invalid.stderr).toMatch(/not a valid Technical Report Summary/);
    expect(fs.existsSync(path.join(temp.dir, 'never'))).toBe(false);
  });

  it('records every export from the command line in the metrics (qivo_exports_total)', async () => {
    const out = path.join(temp.dir, 'metered');
    expect((await qivo('report', 'export', GOLD, '--format', 'ex96', '--out', out)).status).toBe(0);
    expect((await qivo('report', 'export', GOLD, '--format', 'json', '--out', path.join(out, 'gold.json'))).status).toBe(0);
    const metrics = await qivo('metrics', 'export', '--format', 'prometheus', '--window', '24h');
    expect(metrics.status).toBe(0);
    const exportsTotal = parseExposition(metrics.stdout).get('qivo_exports_total')!.samples;
    for (const format of ['ex96', 'json']) {
      expect(exportsTotal.find((s) => s.labels.format === format)?.value ?? 0, format).toBeGreaterThanOrEqual(1);
    }
  });

  it('refuses a firm consent without the firm name, translated, even as a draft; the signature is never an address', async () => {
    const doc = JSON.parse(fs.readFileSync(GOLD, 'utf8'));
    doc.signingFirm = {
      name: '',
      address: '1 Mining Street\nDenver, CO',
      signatureDate: null,
      consentStatus: 'received',
      consentDate: null,
      qualifiedPersonIds: [],
    };
    const file = path.join(temp.dir, 'unnamed-firm.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const out = path.join(temp.dir, 'unnamed-firm');
    const en = await qivo('report', 'export', file, '--format', 'ex23', '--out', out, '--draft');
    expect(en.status).not.toBe(0);
    expect(en.stderr).toContain("a firm consent (EX-23) needs the firm's name");
    const pt = await runQivoInProcess(temp.dir, ['report', 'export', file, '--format', 'package', '--out', out, '--draft'], { QIVO_LANG: 'pt-BR' });
    expect(pt.status).not.toBe(0);
    expect(pt.stderr).toContain('o consentimento da empresa (EX-23) exige o nome dela');
    expect(fs.existsSync(out)).toBe(false);

    doc.signingFirm.name = 'Geo Consultores Ltda.';
    fs.writeFileSync(file, JSON.stringify(doc));
    const named = await qivo('--json', 'report', 'export', file, '--format', 'ex23', '--out', out, '--draft');
    expect(named.status).toBe(0);
    const html = fs.readFileSync(path.join(out, 'ex23-1-draft.htm'), 'latin1');
    expect(html).toMatch(/By: <b>\/s\/ Geo Consultores Ltda\.<\/b><br>\nGeo Consultores Ltda\.<\/p>/);
    expect(html).not.toMatch(/\/s\/ *<\/b>/);
  });
});
