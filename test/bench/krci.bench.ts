import { KRCI_RULES, KrciEngine, runRules, type CheckContext } from '../../shared/krci';
import { TrsReportSchema, type TrsReport } from '../../shared/trs/model';
import { makeLargeReport } from '../support/large-report';

// KRCI figures on the large report (25 long sections, 5 000-row resource table): a full check
// (every rule, no cache) against schema validation of the same document (peer: the other full pass
// the app makes over a report), and the incremental check after one keystroke — in a section and in
// a table cell — as the live panel runs it, plus a report rebuilt from JSON (fingerprint path).

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
}
function time<T>(fn: () => T): [number, T] {
  const start = process.hrtime.bigint();
  const result = fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}
const ms = (v: number) => `${v.toFixed(2)} ms`;

/** One typed character at the end of the last paragraph of a section, as the editor store does it (copy on write). */
function typeInSection(report: TrsReport, index: number, ch: string): TrsReport {
  return {
    ...report,
    sections: report.sections.map((s, i) => {
      if (i !== index) return s;
      const body = [...s.body];
      const last = body[body.length - 1];
      if (last && last.type === 'paragraph') {
        const content = [...last.content];
        const run = content[content.length - 1];
        content[content.length - 1] = run && run.type === 'text' ? { ...run, text: run.text + ch } : { type: 'text', text: ch };
        body[body.length - 1] = { ...last, content };
      } else body.push({ type: 'paragraph', content: [{ type: 'text', text: ch }] });
      return { ...s, body };
    }),
  };
}

function editCell(report: TrsReport, row: number, value: number): TrsReport {
  const table = report.mineralResources[0]!;
  const rows = [...table.rows];
  rows[row] = { ...rows[row]!, tonnage: { ...rows[row]!.tonnage, value } };
  return { ...report, mineralResources: [{ ...table, rows }, ...report.mineralResources.slice(1)] };
}

function main(): void {
  const report = makeLargeReport();
  const ctx: CheckContext = { now: new Date(), flags: { BRAZILIAN_FIELDS: true } };
  console.log(`large report: 25 sections, ${report.mineralResources[0]!.rows.length} resource rows; ${KRCI_RULES.length} rules`);

  // Full check vs schema validation (peer).
  runRules(KRCI_RULES, report, ctx); // warm-up (JIT)
  const full: number[] = [];
  const validate: number[] = [];
  let score = 0;
  for (let i = 0; i < 9; i++) {
    // A fresh deep copy each time, so no per-object memo (plain text, CPF scan, fingerprints) is reused.
    const copy = structuredClone(report);
    const [t, r] = time(() => runRules(KRCI_RULES, copy, ctx));
    full.push(t);
    score = r.score;
    validate.push(time(() => TrsReportSchema.parse(copy))[0]);
  }
  console.log(`full check (cold objects): median ${ms(median(full))}, p95 ${ms(p95(full))}; score ${score}`);
  console.log(`peer — schema validation of the same report: median ${ms(median(validate))}; ratio check/validation ${(median(full) / median(validate)).toFixed(2)}x`);

  // Incremental: one keystroke in a long section.
  const engine = new KrciEngine(KRCI_RULES);
  let current = report;
  engine.check(current, ctx);
  const keystroke: number[] = [];
  let evaluated = 0;
  for (let i = 0; i < 200; i++) {
    current = typeInSection(current, 6, 'abcdefghij'[i % 10]!);
    const [t, r] = time(() => engine.check(current, ctx));
    keystroke.push(t);
    evaluated = r.evaluated;
  }
  console.log(`incremental check after one keystroke in section 7: median ${ms(median(keystroke))}, p95 ${ms(p95(keystroke))} (${evaluated} of ${KRCI_RULES.length} rules re-run); ratio full/incremental ${(median(full) / median(keystroke)).toFixed(0)}x`);

  // Incremental: one edited cell of the 5 000-row table (every table rule re-runs over 5 000 rows).
  const cell: number[] = [];
  for (let i = 0; i < 30; i++) {
    current = editCell(current, (i * 97) % 5000, 100 + i);
    const [t, r] = time(() => engine.check(current, ctx));
    cell.push(t);
    evaluated = r.evaluated;
  }
  console.log(`incremental check after one table-cell edit: median ${ms(median(cell))}, p95 ${ms(p95(cell))} (${evaluated} rules re-run)`);

  // A report rebuilt from JSON (no shared identity): results reused through structural fingerprints.
  const rebuilt: number[] = [];
  for (let i = 0; i < 5; i++) {
    const copy = JSON.parse(JSON.stringify(current)) as TrsReport;
    const [t, r] = time(() => engine.check(copy, ctx));
    rebuilt.push(t);
    evaluated = r.evaluated;
  }
  console.log(`check of the same report rebuilt from JSON: median ${ms(median(rebuilt))} (${evaluated} rules re-run; fingerprints instead of identity)`);
}

main();
