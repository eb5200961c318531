import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as krci from '../../shared/krci';
import type { CheckContext } from '../../shared/krci';
import type { TrsReport } from '../../shared/trs/model';
import { makeLargeReport } from '../support/large-report';

// KRCI figures on the large report (25 sections of ~4 000 words, a 5 000-row resource table),
// issue 16's targets: a full check under 20 ms, the incremental check after one keystroke under
// 1 ms. Each figure is ours against the engine before the speed work (commit BASELINE, checked
// out from git into a temporary folder and run on the same report) and against a floor: a plain
// traversal of the same report (every value visited once, the least any full check must do).
// Timed interleaved (floor, ours, before, floor, ours, before …) in this process; the spread
// (min–max) is over REPEATS rounds of ROUND runs each. Then the very first full check in fresh
// processes (module load and JIT cold), three of each, interleaved. Every timed run starts after a
// full garbage collection, so the copies the harness makes are not collected inside a run.
// `BENCH_KRCI_BASELINE=<commit>` picks another baseline; `none` skips it.

const ROOT = path.resolve(__dirname, '../..');
const BASELINE = process.env.BENCH_KRCI_BASELINE ?? '4a5e7cf';
const REPEATS = Math.max(3, Number(process.env.BENCH_REPEATS ?? 3));
const ROUND = 5;
const CTX: CheckContext = { now: new Date('2026-11-30T12:00:00Z'), flags: { BRAZILIAN_FIELDS: true } };

// A full collection before each timed run, for every subject alike: the deep copies this harness
// makes would otherwise be collected inside whichever run comes next.
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

/** The floor: every value of the report visited once. */
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

function time(fn: () => unknown): number {
  collect();
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}
const median = (v: readonly number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const fmt = (v: number) => (v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(1));
const spread = (v: readonly number[]) => `${fmt(Math.min(...v))}–${fmt(Math.max(...v))}`;

interface Subject {
  name: string;
  /** Returns the time of one run in ms (the subject prepares its own input outside the timing). */
  run: () => number;
}

/** Interleaved rounds; per subject the median of each round, then the median and spread of those. */
function measure(subjects: readonly Subject[]): Map<string, number[]> {
  const rounds = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
  for (const s of subjects) s.run(); // warm-up (JIT)
  for (let r = 0; r < REPEATS; r++) {
    const perRound = new Map<string, number[]>(subjects.map((s) => [s.name, []]));
    for (let i = 0; i < ROUND; i++) for (const s of subjects) perRound.get(s.name)!.push(s.run());
    for (const s of subjects) rounds.get(s.name)!.push(median(perRound.get(s.name)!));
  }
  return rounds;
}

function report(title: string, figures: Map<string, number[]>, target?: string): void {
  const ours = figures.get('ours')!;
  const parts = [`${title}: ours ${fmt(median(ours))} ms (${spread(ours)})`];
  const before = figures.get('before');
  if (before) parts.push(`before (${BASELINE}) ${fmt(median(before))} ms (${spread(before)}), ours/before ${(median(ours) / median(before)).toFixed(3)}x`);
  const floor = figures.get('floor');
  if (floor) parts.push(`floor (plain traversal) ${fmt(median(floor))} ms (${spread(floor)}), ours/floor ${(median(ours) / median(floor)).toFixed(1)}x`);
  if (target) parts.push(`target ${target}`);
  console.log(parts.join('; '));
}

/** Child mode: the first full check in this fresh process, printed as a number. */
async function firstCheck(which: 'ours' | 'before', dir?: string): Promise<void> {
  const k: Krci = which === 'ours' ? krci : ((await import(path.join(dir!, 'shared/krci/index.ts'))) as Krci);
  const r = makeLargeReport();
  const t = time(() => k.runRules(k.KRCI_RULES, r, CTX));
  process.stdout.write(`${t}\n`);
}

async function main(): Promise<void> {
  const [mode, which, dir] = process.argv.slice(2);
  if (mode === '--first-check') return firstCheck(which as 'ours' | 'before', dir);

  const large = makeLargeReport();
  console.log(
    `large report: ${large.sections.length} sections, ${large.mineralResources[0]!.rows.length} resource rows; ${krci.KRCI_RULES.length} rules; ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}`,
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

  // 1. Full check, a fresh deep copy per run, so no per-object memo (plain text, CPF scan,
  // fingerprints) is reused. (a) Text never seen before: every paragraph starts with a word new
  // to this run, so no memo by text (the exhibit-language counts) answers either. (b) The same
  // report re-read, as main checks a report it read from app.db again.
  const fresh = () => structuredClone(large);
  let run = 0;
  const unseen = () => {
    const c = fresh();
    const tag = `run${run++} `;
    for (const s of c.sections)
      for (const b of s.body) if (b.type === 'paragraph' && b.content[0]?.type === 'text') b.content[0].text = tag + b.content[0].text;
    return c;
  };
  const fullOf = (copy: () => TrsReport) =>
    measure([
      {
        name: 'floor',
        run: () => {
          const c = copy();
          return time(() => traverse(c));
        },
      },
      ...engines.map(([name, k]) => ({
        name,
        run: () => {
          const c = copy();
          return time(() => k.runRules(k.KRCI_RULES, c, CTX));
        },
      })),
    ]);
  report('full check, text never seen (fresh objects)', fullOf(unseen), '< 20 ms');
  report('full check, the same report re-read (fresh objects)', fullOf(fresh), '< 20 ms');

  // 2. Incremental, one keystroke in a long section: each engine keeps its own report and cache.
  const keystroke = engines.map(([name, k]) => {
    const engine = new k.KrciEngine(k.KRCI_RULES);
    let current = large;
    let i = 0;
    engine.check(current, CTX);
    return {
      name,
      run: () => {
        current = typeInProse(current, i++);
        return time(() => engine.check(current, CTX));
      },
    };
  });
  const floorCopy = structuredClone(large.sections[KEYSTROKE_SECTION]!);
  report('incremental check after one keystroke (section 7)', measure([{ name: 'floor', run: () => time(() => traverse(floorCopy)) }, ...keystroke]), '< 1 ms');
  {
    const engine = new krci.KrciEngine(krci.KRCI_RULES);
    engine.check(large, CTX);
    const r = engine.check(typeInProse(large, 0), CTX);
    console.log(`  (floor here: a traversal of the edited section; ${r.evaluated} of ${krci.KRCI_RULES.length} rules re-run)`);
  }

  // 3. One edited cell of the 5 000-row table (every table rule re-runs over 5 000 rows).
  const cell = engines.map(([name, k]) => {
    const engine = new k.KrciEngine(k.KRCI_RULES);
    let current = large;
    let i = 0;
    engine.check(current, CTX);
    return {
      name,
      run: () => {
        current = editCell(current, (i * 97) % 5000, 100 + (i++ % 50));
        return time(() => engine.check(current, CTX));
      },
    };
  });
  const tableCopy = structuredClone(large.mineralResources);
  report('incremental check after one table-cell edit', measure([{ name: 'floor', run: () => time(() => traverse(tableCopy)) }, ...cell]));

  // 4. The same report rebuilt from JSON (no shared identity): results reused through fingerprints.
  const rebuilt = engines.map(([name, k]) => {
    const engine = new k.KrciEngine(k.KRCI_RULES);
    engine.check(large, CTX);
    return {
      name,
      run: () => {
        const c = fresh();
        return time(() => engine.check(c, CTX));
      },
    };
  });
  report(
    'check of the same report rebuilt (fingerprints, no identity)',
    measure([
      {
        name: 'floor',
        run: () => {
          const c = fresh();
          return time(() => traverse(c));
        },
      },
      ...rebuilt,
    ]),
  );

  // 5. Cold: the first full check in a fresh process (modules loaded, nothing JIT-compiled).
  const cold = new Map<string, number[]>(engines.map(([name]) => [name, []]));
  for (let i = 0; i < 3; i++) {
    for (const [name] of engines) {
      const out = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--first-check', name, baseline?.dir ?? ''], { cwd: ROOT, encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`first-check child failed: ${out.stderr}`);
      cold.get(name)!.push(Number(out.stdout.trim()));
    }
  }
  report('first full check in a fresh process (JIT cold)', cold);
  if (baseline) fs.rmSync(baseline.dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
