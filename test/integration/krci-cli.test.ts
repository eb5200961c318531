import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KRCI_RULES } from '../../shared/krci';
import { runQivoInProcess } from '../support/cli';
import { makeTempDir } from '../support/temp-dir';

const SAMPLES = path.resolve(__dirname, '../../assets/samples');
const GOLD = path.join(SAMPLES, 'trs-gold-ribeirao-dourado.json');
const LITHIUM = path.join(SAMPLES, 'trs-lithium-lagoa-seca.json');
const temp = makeTempDir('qivo-krci-cli-');
afterAll(() => temp.cleanup());

const qivo = (...args: string[]) => runQivoInProcess(path.join(temp.dir, 'data'), args);

function writeMutated(name: string, mutate: (doc: any) => void): string {
  const doc = JSON.parse(fs.readFileSync(GOLD, 'utf8'));
  mutate(doc);
  const file = path.join(temp.dir, name);
  fs.writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('qivo report check', () => {
  it('the gold sample: exit 0, the documented JSON shape, a score of at least 90 and no finding', async () => {
    const run = await qivo('report', 'check', GOLD, '--json', '--no-official');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out).sort()).toEqual(['findings', 'score']);
    expect(out.score).toBeGreaterThanOrEqual(90);
    expect(out.findings).toEqual([]);
  });

  it('the lithium sample: exit 0 with its two non-critical findings', async () => {
    const run = await qivo('report', 'check', LITHIUM, '--json', '--no-official');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(new Set(out.findings.map((f: { ruleId: string }) => f.ruleId))).toEqual(
      new Set(['structure.processing-for-resources', 'property.rights-expired-since']),
    );
    for (const f of out.findings) expect(Object.keys(f).sort()).toEqual(['basis', 'citation', 'message', 'path', 'ruleId', 'severity']);
  });

  it('a critical finding: exit 2, the finding with its citation and path, and a line on stderr', async () => {
    const file = writeMutated('unsigned.json', (d) => {
      d.qualifiedPersons[0].signatureDate = null;
      d.metadata.studyType = 'initialAssessment';
    });
    const run = await qivo('report', 'check', file, '--json', '--no-official');
    expect(run.status).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out.score).toBeLessThanOrEqual(49);
    const signature = out.findings.find((f: { ruleId: string }) => f.ruleId === 'qp.signature');
    expect(signature).toEqual({
      ruleId: 'qp.signature',
      severity: 'critical',
      citation: '17 CFR 229.1302(b)(1)',
      basis: 'law',
      message: expect.stringContaining('Helena Prado Vasconcelos has not dated and signed'),
      path: 'qualifiedPersons.0.signatureDate',
    });
    // Reserves on an IA, and IA economics without the equal-prominence statement, are critical too.
    expect(
      out.findings
        .filter((f: { severity: string }) => f.severity === 'critical')
        .map((f: { ruleId: string }) => f.ruleId)
        .sort(),
    ).toEqual(['economics.ia-cautionary-statement', 'qp.signature', 'reserves.study-type']);
    // Critical findings come first.
    expect(out.findings[0].severity).toBe('critical');
    expect(run.stderr).toMatch(/3 critical finding/);
  });

  it('--lang pt-BR gives the messages in Portuguese; the human output lists findings with fixes', async () => {
    const file = writeMutated('bad-cnpj.json', (d) => {
      d.brazil.holderCnpj = '47.318.562/0001-42';
    });
    const pt = await qivo('report', 'check', file, '--json', '--lang', 'pt-BR', '--no-official');
    expect(pt.status).toBe(0);
    const finding = JSON.parse(pt.stdout).findings.find((f: { ruleId: string }) => f.ruleId === 'brazil.cnpj');
    expect(finding.message).toBe('O CNPJ do titular "47.318.562/0001-42" é inválido (dígitos verificadores não conferem).');
    const human = await qivo('report', 'check', file, '--no-official');
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('KRCI score:');
    expect(human.stdout).toContain('[HIGH] brazil.cnpj');
    expect(human.stdout).toContain('→ Enter the CNPJ as NN.NNN.NNN/NNNN-DD');
  });

  it('a file that is not a TRS: exit 1 with a translated error, nothing on stdout', async () => {
    const file = path.join(temp.dir, 'not-trs.json');
    fs.writeFileSync(file, '{"format":"other"}');
    const run = await qivo('report', 'check', file, '--json');
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/not a valid Technical Report Summary/);
    const missing = await qivo('report', 'check', path.join(temp.dir, 'nope.json'));
    expect(missing.status).toBe(1);
  });
});

describe('qivo report rules', () => {
  it('--json lists every rule with id, category, severity, citation and citationVerified', async () => {
    const run = await qivo('report', 'rules', '--json');
    expect(run.status).toBe(0);
    const rules = JSON.parse(run.stdout);
    expect(rules).toHaveLength(KRCI_RULES.length);
    expect(rules.length).toBeGreaterThanOrEqual(50);
    for (const r of rules)
      expect(
        Object.keys(r)
          .filter((k) => k !== 'filingSeverity')
          .sort(),
      ).toEqual(['basis', 'category', 'citation', 'citationVerified', 'id', 'severity']);
    expect(rules.find((r: { id: string }) => r.id === 'resources.exclusive-of-reserves')).toEqual({
      id: 'resources.exclusive-of-reserves',
      category: 'resources',
      severity: 'critical',
      citation: 'Item 601(b)(96)(iii)(B)(11)(ii)',
      basis: 'law',
      citationVerified: true,
    });
    const human = await qivo('report', 'rules');
    expect(human.stdout).toContain('costs.contingency');
    expect(human.stdout).toContain('citation unverified');
  });
});

describe('qivo report check --format csv and qivo report findings', () => {
  it('prints the findings as CSV, and reviews a stored report: accept, list as accepted, audit, reopen', async () => {
    const file = writeMutated('no-payback.json', (d) => {
      d.economicAnalysis.paybackYears = null;
    });
    const csv = await qivo('report', 'check', file, '--format', 'csv', '--no-official');
    expect(csv.status).toBe(0);
    const lines = csv.stdout
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]!.startsWith('Finding id,Status,Severity,Rule')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[3])).toEqual(['economics.payback']);

    const dataDir = path.join(temp.dir, 'review-data');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'settings.json'), JSON.stringify({ 'user.displayName': 'Rita Campos' }));
    const run = (...args: string[]) => runQivoInProcess(dataDir, args);
    const imported = await run('report', 'import', file, '--json');
    expect(imported.status).toBe(0);
    const reportId = JSON.parse(imported.stdout).reportId as string;
    const listed = JSON.parse((await run('report', 'findings', 'list', reportId, '--format', 'json')).stdout);
    const id = listed.findings[0].id as string;
    expect(listed.score).toBe(90);
    const refused = await run('report', 'findings', 'accept', reportId, id, '--justification', 'too short');
    expect(refused.status).not.toBe(0);
    const accepted = await run('report', 'findings', 'accept', reportId, id, '--justification', 'Payback stated in the section 19 text.', '--json');
    expect(accepted.status).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ status: 'accepted', acceptedBy: 'Rita Campos' });
    const after = await run('report', 'findings', 'list', reportId, '--format', 'csv');
    expect(after.stdout).toContain(',accepted,high,economics.payback,');
    expect(after.stdout).toContain('Rita Campos');
    const audit = JSON.parse((await run('report', 'findings', 'audit', reportId, '--json')).stdout);
    expect(audit.map((a: { action: string; actor: string }) => [a.action, a.actor])).toEqual([['accept', 'Rita Campos']]);
    expect((await run('report', 'findings', 'reopen', reportId, id)).status).toBe(0);
    expect(JSON.parse((await run('report', 'findings', 'list', reportId, '--format', 'json')).stdout).accepted).toBe(0);
  });
});
