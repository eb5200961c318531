import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileSettingsStore } from '../../main/settings/file-settings-store';
import { DATASETS } from '../../shared/official/records';
import { parseTrsJson } from '../../shared/trs/migrations';
import { startOfficialServers, type OfficialServers } from '../servers/index';
import { CLI_BIN, makeTempDir, REPO_ROOT, requireBuild } from '../support/temp-dir';

// Issue 13 point 7: `qivo report apply-official` and `qivo report facts`, the built CLI against the
// regulator fakes: online, then offline from the cache (with its age), then with no data at all.
vi.setConfig({ testTimeout: 240_000 });

const BIN = process.env.QIVO_TEST_CLI_BIN ?? CLI_BIN;
const GOLD_SAMPLE = path.join(REPO_ROOT, 'assets/samples/trs-gold-ribeirao-dourado.json');

let servers: OfficialServers;
let temp: { dir: string; cleanup: () => void };
let dataDir: string;

beforeAll(async () => {
  if (!process.env.QIVO_TEST_CLI_BIN) requireBuild();
  servers = await startOfficialServers();
});
afterAll(async () => {
  await servers.stop();
});
beforeEach(async () => {
  await servers.restart();
  servers.reset();
  temp = makeTempDir('qivo-report-facts-cli-');
  dataDir = path.join(temp.dir, 'data');
});
afterEach(() => temp.cleanup());

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function qivo(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Run> {
  const env = {
    ...process.env,
    QIVO_LANG: 'en',
    ...servers.env,
    QIVO_DATA_DIR: dataDir,
    ENABLE_OFFICIAL_INTEGRATIONS: 'true',
    ENABLE_BRAZILIAN_FIELDS: 'true',
    ...extra,
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end();
  });
}

/** A new, empty TRS file written by the CLI itself. */
async function blankReport(name: string): Promise<string> {
  const file = path.join(temp.dir, name);
  const made = await qivo(['report', 'new', '--out', file, '--title', 'Mina Serra Azul']);
  expect(made.status, made.stderr).toBe(0);
  return file;
}

const read = (file: string) => {
  const parsed = parseTrsJson(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) throw new Error(`not a TRS: ${parsed.issues.map((i) => i.message).join('; ')}`);
  return parsed.report;
};

/** Internal names that must never reach a person reading the terminal. */
const INTERNAL = [
  'anmProcess',
  'ibamaEmbargo',
  'anpBlock',
  'holderName',
  'processNumber',
  'areaHa',
  'appliedTo',
  'officialFact',
  'brazil.anmProcesses',
  'property.polygon',
];

function expectNoInternalNames(text: string) {
  for (const code of INTERNAL) expect(text, code).not.toContain(code);
}

function expireCache() {
  // TTL and stale-while-revalidate 0: every cached answer is old, so the CLI must try the agency first.
  const settings = new FileSettingsStore(dataDir);
  const zero = Object.fromEntries(DATASETS.map((d) => [d, 0]));
  settings.set('official.cache.ttlSeconds', zero);
  settings.set('official.cache.staleWhileRevalidateSeconds', zero);
}

describe('qivo report apply-official and facts', () => {
  it('online, then offline from the cache with its age, then with no data at all: nothing changed and why', async () => {
    // 1. Online: every proposed field applied, printed as field, old, new, fact; nearby records cited.
    const file = await blankReport('online.json');
    const online = await qivo(['report', 'apply-official', file, '--anm-process', '802563/1973', '--json']);
    expect(online.stderr).toBe('');
    expect(online.status).toBe(0);
    const result = JSON.parse(online.stdout);
    expect(result).toMatchObject({ changed: true, process: '802.563/1973', out: file });
    const byField = Object.fromEntries(result.applied.map((a: { field: string }) => [a.field, a]));
    expect(byField.phase).toMatchObject({ old: '', new: 'REQUERIMENTO DE PESQUISA', path: 'brazil.anmProcesses.0.phase' });
    expect(byField.holder).toMatchObject({ old: '', new: 'TRATEX MINERACAO LTDA' });
    expect(Object.keys(byField).sort()).toEqual(['areaHa', 'holder', 'location', 'phase', 'polygon', 'processNumber', 'substances']);
    expect(result.sources[0]).toMatchObject({
      agency: 'ANM',
      dataset: 'SIGMINE',
      cache: 'miss',
      url: expect.stringContaining(servers.env.QIVO_ANM_SIGMINE_URL),
    });
    expect(result.facts.map((f: { recordType: string; recordId: string }) => `${f.recordType} ${f.recordId}`)).toEqual(
      expect.arrayContaining(['ibamaEmbargo SINT1-E']),
    );

    const written = read(file);
    expect(written.brazil!.anmProcesses).toEqual([
      expect.objectContaining({
        processNumber: '802.563/1973',
        phase: 'REQUERIMENTO DE PESQUISA',
        holderName: 'TRATEX MINERACAO LTDA',
        substance: 'MANGANÊS',
        areaHa: 27.05,
      }),
    ]);
    const anmFact = written.references.find((r) => r.officialFact?.recordType === 'anmProcess')!;
    expect(anmFact.officialFact!.appliedTo).toEqual(
      expect.arrayContaining(['brazil.anmProcesses.0.phase', 'brazil.anmProcesses.0.holderName', 'property.polygon']),
    );
    expect(written.property.polygon).not.toBeNull();

    // The same again: the report already agrees, nothing is duplicated and the file is not rewritten.
    const bytes = fs.readFileSync(file);
    const again = await qivo(['report', 'apply-official', file, '--anm-process', '802.563/1973', '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ changed: false, applied: [] });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    expect(read(file).references.filter((r) => r.officialFact).length).toBe(written.references.filter((r) => r.officialFact).length);

    // Human output in both languages: labels, never the internal names.
    const en = await qivo(['report', 'apply-official', await blankReport('en.json'), '--anm-process', '802.563/1973']);
    expect(en.status, en.stderr).toBe(0);
    expect(en.stdout).toMatch(/^Field\s+Before\s+After\s+Fact$/m);
    expect(en.stdout).toMatch(/^Phase\s+—\s+REQUERIMENTO DE PESQUISA\s+ANM mining process 802\.563\/1973 \(ANM SIGMINE\)$/m);
    expect(en.stdout).toMatch(/^Holder\s+—\s+TRATEX MINERACAO LTDA/m);
    expect(en.stdout).toContain('IBAMA embargo SINT1-E (IBAMA adm_embargos_ibama_a) — added');
    expect(en.stdout).toMatch(/Source: ANM SIGMINE, .+ \(cached, \d+ s old\)/); // the earlier run's answer, still fresh
    expectNoInternalNames(en.stdout);
    const pt = await qivo(['report', 'apply-official', await blankReport('pt.json'), '--anm-process', '802.563/1973'], { QIVO_LANG: 'pt-BR' });
    expect(pt.status, pt.stderr).toBe(0);
    expect(pt.stdout).toMatch(/^Campo\s+Antes\s+Depois\s+Dado$/m);
    expect(pt.stdout).toMatch(/^Fase\s+—\s+REQUERIMENTO DE PESQUISA\s+Processo minerário ANM 802\.563\/1973/m);
    expect(pt.stdout).toMatch(/^Titular\s+—\s+TRATEX MINERACAO LTDA/m);
    expect(pt.stdout).toContain('Embargo IBAMA SINT1-E (IBAMA adm_embargos_ibama_a) — incluído');
    expectNoInternalNames(pt.stdout);

    // `facts` lists the provenance of each fact: agency, dataset, record, URL, retrieval date, age.
    const facts = await qivo(['report', 'facts', file, '--json']);
    expect(facts.status, facts.stderr).toBe(0);
    const listed = JSON.parse(facts.stdout).facts as Array<Record<string, unknown>>;
    expect(listed.find((f) => f.recordType === 'anmProcess')).toMatchObject({
      agency: 'ANM',
      dataset: 'SIGMINE',
      recordId: '802.563/1973',
      url: result.sources[0].url,
      fetchedAt: result.sources[0].fetchedAt,
      ageSeconds: expect.any(Number),
      values: expect.objectContaining({ holder: 'TRATEX MINERACAO LTDA', phase: 'REQUERIMENTO DE PESQUISA' }),
    });
    const factsEn = await qivo(['report', 'facts', file]);
    expect(factsEn.stdout).toMatch(new RegExp(`^1\\. ANM mining process 802\\.563/1973 \\(ANM SIGMINE\\)$`, 'm'));
    expect(factsEn.stdout).toMatch(/^ {3}Retrieved \S+ \(\d+ s ago\)$/m);
    expect(factsEn.stdout).toContain(`   Request URL: ${result.sources[0].url}`);
    expect(factsEn.stdout).toMatch(
      /^ {3}Filled in the report: Process number, Phase, Holder, Substances, Area \(ha\), Location \(lat, lon\), Property polygon$/m,
    );
    expectNoInternalNames(factsEn.stdout);
    const factsPt = await qivo(['report', 'facts', file], { QIVO_LANG: 'pt-BR' });
    expect(factsPt.stdout).toMatch(/^ {3}Obtido em \S+ \(há \d+ s\)$/m);
    expect(factsPt.stdout).toMatch(/^ {3}Titular: TRATEX MINERACAO LTDA$/m);
    expect(factsPt.stdout).toMatch(/^ {3}Preencheu no relatório: Número do processo, Fase, Titular/m);
    expectNoInternalNames(factsPt.stdout);

    // 2. The agencies go away: the cache answers, and the output says how old that answer is.
    await servers.stop();
    expireCache();
    const offlineFile = await blankReport('offline.json');
    const offline = await qivo(['report', 'apply-official', offlineFile, '--anm-process', '802563/1973', '--json']);
    expect(offline.status, offline.stderr).toBe(0);
    const stale = JSON.parse(offline.stdout);
    expect(stale.changed).toBe(true);
    for (const source of stale.sources) {
      expect(source.cache, source.dataset).toBe('stale');
      expect(source.ageSeconds).toBeGreaterThanOrEqual(0);
    }
    expect(stale.sources[0].fetchedAt).toBe(result.sources[0].fetchedAt);
    expect(read(offlineFile).brazil!.anmProcesses[0]).toMatchObject({ phase: 'REQUERIMENTO DE PESQUISA', holderName: 'TRATEX MINERACAO LTDA' });
    const offlineEn = await qivo(['report', 'apply-official', await blankReport('offline-en.json'), '--anm-process', '802563/1973']);
    expect(offlineEn.status, offlineEn.stderr).toBe(0);
    expect(offlineEn.stdout).toMatch(/Source: ANM SIGMINE, .+ \(offline copy, \d+ s old\)/);
    const offlinePt = await qivo(['report', 'apply-official', await blankReport('offline-pt.json'), '--anm-process', '802563/1973'], { QIVO_LANG: 'pt-BR' });
    expect(offlinePt.status, offlinePt.stderr).toBe(0);
    expect(offlinePt.stdout).toMatch(/Fonte: ANM SIGMINE, .+ \(cópia off-line, de \d+ s atrás\)/);

    // 3. No agency and an empty cache: nothing changes, and the error says why (exit 1).
    const emptyFile = await blankReport('empty.json');
    const before = fs.readFileSync(emptyFile);
    dataDir = path.join(temp.dir, 'empty-data');
    const none = await qivo(['report', 'apply-official', emptyFile, '--anm-process', '802563/1973']);
    expect(none.status).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(
      `Error: Nothing was changed in ${emptyFile}: ANM could not be reached (ECONNREFUSED), and there is no earlier copy of this data.\n`,
    );
    expect(fs.readFileSync(emptyFile).equals(before)).toBe(true);
    const nonePt = await qivo(['report', 'apply-official', emptyFile, '--anm-process', '802563/1973', '--json'], { QIVO_LANG: 'pt-BR' });
    expect(nonePt.status).toBe(1);
    expect(nonePt.stderr).toMatch(
      new RegExp(`^Erro: Nada foi alterado em ${emptyFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: Não foi possível conectar a ANM \\(ECONNREFUSED\\)`),
    );
    expect(fs.readFileSync(emptyFile).equals(before)).toBe(true);
  });

  it('refuses bad input with one translated line and leaves every file as it was', async () => {
    const file = await blankReport('report.json');
    const before = fs.readFileSync(file);
    const notTrs = path.join(temp.dir, 'not-a-trs.json');
    fs.writeFileSync(notTrs, JSON.stringify({ format: 'something.else', hello: 1 }));
    const notTrsBytes = fs.readFileSync(notTrs);

    const badNumber = await qivo(['report', 'apply-official', file, '--anm-process', '80.2563/1973']);
    expect(badNumber.status).toBe(1);
    expect(badNumber.stderr).toBe('Error: "80.2563/1973" is not an ANM process number (write it like 802.563/1973).\n');
    const badNumberPt = await qivo(['report', 'apply-official', file, '--anm-process', 'x'], { QIVO_LANG: 'pt-BR' });
    expect(badNumberPt.status).toBe(1);
    expect(badNumberPt.stderr).toMatch(/^Erro: "x" não é um número de processo ANM/);

    const refused = await qivo(['report', 'apply-official', notTrs, '--anm-process', '802.563/1973']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toBe(
      'Error: The file is not a valid Technical Report Summary; nothing was changed. $.format: not a QIVO TRS file (expected "format": "qivo.trs")\n',
    );
    const refusedFacts = await qivo(['report', 'facts', notTrs], { QIVO_LANG: 'pt-BR' });
    expect(refusedFacts.status).toBe(1);
    expect(refusedFacts.stderr).toMatch(/^Erro: O arquivo não é um Technical Report Summary válido; nada foi alterado\. /);
    expect(fs.readFileSync(notTrs).equals(notTrsBytes)).toBe(true);

    const badRadius = await qivo(['report', 'apply-official', file, '--anm-process', '802.563/1973', '--radius-km', '-3']);
    expect(badRadius.status).toBe(1);
    expect(badRadius.stderr).toBe('Error: "-3" is not a radius in kilometres (give a number above 0 and at most 50).\n');

    const unknown = await qivo(['report', 'apply-official', file, '--anm-process', '999/1999']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(`Error: Nothing was changed in ${file}: ANM has no active process 000.999/1999 in SIGMINE.\n`);

    const missing = await qivo(['report', 'apply-official', path.join(temp.dir, 'nope.json'), '--anm-process', '802.563/1973']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^Error: Cannot read the file .*nope\.json/);

    const usage = await qivo(['report', 'apply-official', file]);
    expect(usage.status).toBe(64);
    expect(usage.stderr).toContain("required option '--anm-process <number>' not specified");

    const out = path.join(temp.dir, 'exists.json');
    fs.writeFileSync(out, 'keep me');
    const exists = await qivo(['report', 'apply-official', file, '--anm-process', '802.563/1973', '--out', out]);
    expect(exists.status).toBe(1);
    expect(exists.stderr).toMatch(/exists; use --force/);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');

    servers.reset(); // the flag gates refuse before any agency is asked
    const gated = await qivo(['report', 'apply-official', file, '--anm-process', '802.563/1973'], { ENABLE_BRAZILIAN_FIELDS: 'false' });
    expect(gated.status).toBe(1);
    expect(gated.stderr).toMatch(/^Error: .*BRAZILIAN_FIELDS/);
    const officialOff = await qivo(['report', 'apply-official', file, '--anm-process', '802.563/1973'], { ENABLE_OFFICIAL_INTEGRATIONS: 'false' });
    expect(officialOff.status).toBe(1);
    expect(officialOff.stderr).toMatch(/turned off for you \(OFFICIAL_INTEGRATIONS: /);
    expect(servers.arcgis.calls + servers.wfs.calls).toBe(0);

    expect(fs.readFileSync(file).equals(before)).toBe(true);

    // --out writes the result elsewhere and leaves FILE alone.
    const copy = path.join(temp.dir, 'copy.json');
    const written = await qivo(['report', 'apply-official', file, '--anm-process', '802.563/1973', '--out', copy]);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout).toContain(`ANM process 802.563/1973 applied; written to ${copy}`);
    expect(read(copy).brazil!.anmProcesses[0]!.processNumber).toBe('802.563/1973');
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it("facts lists a sample's stored facts, and says so when a report cites none", async () => {
    const run = await qivo(['report', 'facts', GOLD_SAMPLE]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/: 2 official fact\(s\)$/m);
    expect(run.stdout).toMatch(/^1\. ANM mining process 831245\/2004 /m);
    expect(run.stdout).toMatch(/^ {3}Phase: CONCESSÃO DE LAVRA$/m);
    expectNoInternalNames(run.stdout);
    const blank = await blankReport('blank.json');
    const none = await qivo(['report', 'facts', blank]);
    expect(none.status).toBe(0);
    expect(none.stdout).toBe(`${blank} cites no official facts.\n`);
    const nonePt = await qivo(['report', 'facts', blank, '--json'], { QIVO_LANG: 'pt-BR' });
    expect(JSON.parse(nonePt.stdout)).toEqual({ file: blank, facts: [] });
  });
});
