import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as krci from '../../shared/krci';
import type { CheckContext } from '../../shared/krci';
import type { TrsReport } from '../../shared/trs/model';
import { makeLargeReport } from '../support/large-report';
import { ROUNDS, interleave, interleaveProcesses, machine, printComparison, printFigure, timeOnce, type Case, type Figure } from './harness';

// KRCI figures on the large report (25 sections of ~4 000 words, a 5 000-row resource table):
// a full check under 20 ms, the incremental check after one keystroke under 1 ms. Each figure is
// ours against the engine before the speed work (commit BASELINE, checked out from git into a
// temporary folder and run on the same report) and against a floor: a plain traversal of the
// same input (every value visited once, the least any check of it must do). Timed interleaved
// through the bench harness (floor, ours, before, then the order rotated), ROUNDS rounds of
// INNER runs each: each figure is the median of the rounds with their spread, each ratio the
// median of the per-round ratios. Every timed run gets its input and a full garbage collection
// outside its timing, so the copies this bench makes are not collected inside a run. Then the
// very first full check in fresh processes (module load and JIT cold), interleaved.
// `BENCH_KRCI_BASELINE=<commit>` picks another baseline; `none` skips it.

const ROOT = path.resolve(__dirname, '../..');
const BASELINE = process.env.BENCH_KRCI_BASELINE ?? '4a5e7cf';
const INNER = 5;
const CTX: CheckContext = { now: new Date('2026-11-30T12:00:00Z'), flags: { BRAZILIAN_FIELDS: true } };

v8.setFlagsFromString('--expose-gc');
const collect = vm.runInNewContext('gc') as () => void;

type Krci = Pick<typeof krci, 'KRCI_RULES' | 'runRules' | 'KrciEngine'>;

async function loadBaseline(): Promise<{ dir: string; krci: Krci } | null> {
  if (BASELINE === 'none') return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qivo-bench-krci-'));
  try {
    const tar = execFileSync('git', ['archive', BASELINE, 'shared'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  } catch (error) {
    console.log(`baseline ${BASELINE} not available (${(error as Error).message.split('\n')[0]}); figures without it`);
    return null;
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, krci: (await import(path.join(dir, 'shared/krci/index.ts'))) as Krci };
}

/** The floor: every value of the input visited once. */
function traverse(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object') return 1;
  let n = 0;
  if (Array.isArray(value)) for (const item of value) n += traverse(item);
  else for (const k in value) n += traverse((value as Record<string, unknown>)[k]);
  return n;
}

/** One typed character at the end of the section's last paragraph, as the editor store does it (copy on write). */
function typeInSection(report: TrsReport, index: number, ch: string): TrsReport {
  return {
    ...report,
    sections: report.sections.map((s, i) => {
      if (i !== index) return s;
      const body = [...s.body];
      const at = body.map((b) => b.type).lastIndexOf('paragraph');
      const paragraph = body[at];
      if (!paragraph || paragraph.type !== 'paragraph') throw new Error('the section has no paragraph');
      const content = [...paragraph.content];
      const run = content[content.length - 1];
      content[content.length - 1] = run && run.type === 'text' ? { ...run, text: run.text + ch } : { type: 'text', text: ch };
      body[at] = { ...paragraph, content };
      return { ...s, body };
    }),
  };
}

const KEYSTROKE_SECTION = 6;
const typeInProse = (report: TrsReport, i: number) => typeInSection(report, KEYSTROKE_SECTION, 'abcdefghij'[i % 10]!);

function editCell(report: TrsReport, row: number, value: number): TrsReport {
  const table = report.mineralResources[0]!;
  const rows = [...table.rows];
  rows[row] = { ...rows[row]!, tonnage: { ...rows[row]!.tonnage, value } };
  return { ...report, mineralResources: [{ ...table, rows }, ...report.mineralResources.slice(1)] };
}

/** A case whose input `next()` makes before each run, followed by a full collection, both outside the timing. */
function timed<T>(name: string, next: () => T, run: (input: T) => unknown): Case {
  let input: T | undefined;
  return {
    name,
    before: () => {
      input = next();
      collect();
    },
    fn: () => run(input as T),
  };
}

/** Ours against the baseline (with the target) and against the floor. */
function print(label: string, figures: Record<string, Figure>, target?: string): void {
  if (figures.before) printComparison(label, figures.ours!, `before (${BASELINE})`, figures.before, target);
  printComparison(label, figures.ours!, 'floor (plain traversal)', figures.floor!, figures.before ? undefined : target);
}

/** Child mode: the first full check in this fresh process, printed as `BENCH_MS=<ms>`. */
async function firstCheck(which: 'ours' | 'before', dir?: string): Promise<void> {
  const k: Krci = which === 'ours' ? krci : ((await import(path.join(dir!, 'shared/krci/index.ts'))) as Krci);
  const r = makeLargeReport();
  process.stdout.write(`BENCH_MS=${timeOnce(() => k.runRules(k.KRCI_RULES, r, CTX))}\n`);
}

async function main(): Promise<void> {
  const [mode, which, dir] = process.argv.slice(2);
  if (mode === '--first-check') return firstCheck(which as 'ours' | 'before', dir);

  const large = makeLargeReport();
  console.log(
    `large report: ${large.sections.length} sections, ${large.mineralResources[0]!.rows.length} resource rows; ${krci.KRCI_RULES.length} rules; ${ROUNDS} rounds of ${INNER} runs; ${machine()}`,
  );
  const baseline = await loadBaseline();
  const engines: Array<[string, Krci]> = [['ours', krci], ...(baseline ? [['before', baseline.krci] as [string, Krci]] : [])];

  // Same answer from both before timing anything.
  if (baseline) {
    const a = krci.runRules(krci.KRCI_RULES, large, CTX);
    const b = baseline.krci.runRules(baseline.krci.KRCI_RULES, large, CTX);
    if (a.score !== b.score || a.findings.length !== b.findings.length)
      throw new Error(`ours and before disagree: score ${a.score}/${b.score}, findings ${a.findings.length}/${b.findings.length}`);
  }

  // 1. Full check, a fresh copy per run, so no per-object memo (language per section body,
  // CPF scan, fingerprints) is reused. (a) Text never seen before: every paragraph starts with a
  // word new to this run, so no memo by text would answer either. (b) The same report re-read, as
  // main checks a report it read from app.db again.
  // Copies as main gets them: parsed from the JSON text app.db stores. (structuredClone's copies
  // are objects V8 lays out otherwise, which every engine, the old one too, walks 2–3× slower:
  // a figure of the copy, not of the check.)
  const text = JSON.stringify(large);
  const fresh = () => JSON.parse(text) as TrsReport;
  let run = 0;
  const unseen = () => {
    const c = fresh();
    const tag = `run${run++} `;
    for (const s of c.sections)
      for (const b of s.body) if (b.type === 'paragraph' && b.content[0]?.type === 'text') b.content[0].text = tag + b.content[0].text;
    return c;
  };
  const fullOf = (copy: () => TrsReport) =>
    interleave([timed('floor', copy, traverse), ...engines.map(([name, k]) => timed(name, copy, (c) => k.runRules(k.KRCI_RULES, c, CTX)))], {
      inner: INNER,
    });
  print('full check, text never seen (fresh objects)', fullOf(unseen), '< 20 ms');
  print('full check, the same report re-read (fresh objects)', fullOf(fresh), '< 20 ms');

  // 2. Incremental, one keystroke in a long section: each engine keeps its own report and cache.
  // The floor here is a traversal of the edited section.
  const editing = (edit: (report: TrsReport, i: number) => TrsReport) =>
    engines.map(([name, k]) => {
      const engine = new k.KrciEngine(k.KRCI_RULES);
      let current = large;
      let i = 0;
      engine.check(current, CTX);
      return timed(
        name,
        () => (current = edit(current, i++)),
        (r) => engine.check(r, CTX),
      );
    });
  const section = structuredClone(large.sections[KEYSTROKE_SECTION]!);
  print(
    'incremental check after one keystroke (section 7)',
    interleave([timed('floor', () => section, traverse), ...editing(typeInProse)], { inner: INNER }),
    '< 1 ms',
  );
  {
    const engine = new krci.KrciEngine(krci.KRCI_RULES);
    engine.check(large, CTX);
    const r = engine.check(typeInProse(large, 0), CTX);
    console.log(`  (${r.evaluated} of ${krci.KRCI_RULES.length} rules re-run after a keystroke)`);
  }

  // 3. One edited cell of the 5 000-row table (every table rule re-runs over 5 000 rows).
  const table = structuredClone(large.mineralResources);
  print(
    'incremental check after one table-cell edit',
    interleave([timed('floor', () => table, traverse), ...editing((r, i) => editCell(r, (i * 97) % 5000, 100 + (i % 50)))], { inner: INNER }),
  );

  // 4. The same report rebuilt from JSON (no shared identity): results reused through fingerprints.
  const rebuilt = engines.map(([name, k]) => {
    const engine = new k.KrciEngine(k.KRCI_RULES);
    engine.check(large, CTX);
    return timed(name, fresh, (c) => engine.check(c, CTX));
  });
  print('check of the same report rebuilt (fingerprints, no identity)', interleave([timed('floor', fresh, traverse), ...rebuilt], { inner: INNER }));

  // 5. Cold: the first full check in a fresh process (modules loaded, nothing JIT-compiled).
  const cold = interleaveProcesses(
    engines.map(([name]) => ({
      name,
      args: ['--import', 'tsx', __filename, '--first-check', name, baseline?.dir ?? ''],
      options: { cwd: ROOT },
      reported: true,
    })),
    { rounds: 3 },
  );
  if (cold.before) printComparison('first full check in a fresh process (JIT cold)', cold.ours!, `before (${BASELINE})`, cold.before);
  else printFigure('first full check in a fresh process (JIT cold)', cold.ours!);
  if (baseline) fs.rmSync(baseline.dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
