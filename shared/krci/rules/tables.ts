import type { ReserveRow, ReserveTable, ResourceRow, ResourceTable, TrsReport } from '../../trs/model';
import { containedAmount, tonnes } from '../../trs/units';
import { NOT_APPLICABLE, type FindingDraft } from '../types';
import { bilingual, classLabel, formatNumber, formatTonnes } from './wording-format';
import { codeLabel } from '../../trs/code-labels';
import { filled, fold, hasReserves, isPfsOrFs, relativeRounding, roundingHalfUnit, rule, tableHasQuantities, text, type TrsRule } from './helpers';

type Kind = 'resources' | 'reserves';
type AnyTable = ResourceTable | ReserveTable;
type AnyRow = ResourceRow | ReserveRow;

const KIND = {
  resources: { key: 'mineralResources', section: 11, en: 'resource', pt: 'recursos' },
  reserves: { key: 'mineralReserves', section: 12, en: 'reserve', pt: 'reservas' },
} as const;

function tablesOf(report: TrsReport, kind: Kind): readonly AnyTable[] {
  return kind === 'resources' ? report.mineralResources : report.mineralReserves;
}

/** Tables that actually state quantities (an empty placeholder table is not yet a disclosure). */
function disclosed(report: TrsReport, kind: Kind): Array<{ table: AnyTable; index: number }> {
  return tablesOf(report, kind)
    .map((table, index) => ({ table, index }))
    .filter(({ table }) => tableHasQuantities(table));
}

interface ParameterSpec {
  name: string;
  field: string;
  citation: string;
  citationVerified: boolean;
  severity: 'high' | 'medium';
  en: [string, string];
  pt: [string, string];
  ok(table: AnyTable): boolean;
}

/** Parameters every resource and reserve table must state (sk1300.md §3.2, §4, §7.4). */
const PARAMETERS: ParameterSpec[] = [
  {
    name: 'point-of-reference',
    field: 'pointOfReference',
    citation: '17 CFR 229.1304(d)',
    citationVerified: true,
    severity: 'high',
    en: ['Table "{{table}}" does not state its point of reference.', 'Say where quantities are stated: in situ, ROM/mill feed, or saleable product.'],
    pt: [
      'A tabela "{{table}}" não informa o ponto de referência.',
      'Indique onde as quantidades são medidas: in situ, ROM/alimentação da usina ou produto vendável.',
    ],
    ok: (t) => filled(t.pointOfReference),
  },
  {
    name: 'cut-off',
    field: 'cutOff',
    citation: '17 CFR 229.1304(d)',
    citationVerified: true,
    severity: 'high',
    en: ['Table "{{table}}" does not state its cut-off grade.', 'Give the cut-off grade (value and unit, or NSR cut-off) used for the table.'],
    pt: ['A tabela "{{table}}" não informa o teor de corte.', 'Informe o teor de corte (valor e unidade, ou corte por NSR) usado na tabela.'],
    ok: (t) => t.cutOff.some((c) => c.value !== null && filled(c.unit)),
  },
  {
    name: 'metallurgical-recovery',
    field: 'metallurgicalRecovery',
    citation: '17 CFR 229.1304(d)',
    citationVerified: true,
    severity: 'high',
    en: ['Table "{{table}}" does not state the metallurgical recovery.', 'Give the metallurgical recovery (%) of each commodity used for the table.'],
    pt: ['A tabela "{{table}}" não informa a recuperação metalúrgica.', 'Informe a recuperação metalúrgica (%) de cada bem mineral usada na tabela.'],
    ok: (t) => t.metallurgicalRecovery.length > 0 && t.metallurgicalRecovery.every((r) => r.percent !== null),
  },
  {
    name: 'attributable',
    field: 'attributablePercent',
    citation: '17 CFR 229.1304(d)',
    citationVerified: true,
    severity: 'high',
    en: [
      'Table "{{table}}" does not state the share attributable to the registrant.',
      "Give the attributable percentage (the registrant's ownership interest).",
    ],
    pt: ['A tabela "{{table}}" não informa a parcela atribuível ao registrante.', 'Informe o percentual atribuível (participação do registrante).'],
    ok: (t) => t.attributablePercent !== null,
  },
  {
    name: 'price',
    field: 'prices',
    citation: '17 CFR 229.1303(b)(3) Tables 1–2 footnotes; Item 601(b)(96)(iii)(B)(11)(iii)',
    citationVerified: true,
    severity: 'high',
    en: ['Table "{{table}}" does not disclose the commodity price it rests on.', 'Give the price (value and unit) of every commodity used for the estimate.'],
    pt: ['A tabela "{{table}}" não divulga o preço do bem mineral utilizado.', 'Informe o preço (valor e unidade) de cada bem mineral usado na estimativa.'],
    ok: (t) => t.prices.length > 0 && t.prices.every((p) => p.value !== null && filled(p.unit)),
  },
];

function parameterRule(kind: Kind, p: ParameterSpec): TrsRule {
  const k = KIND[kind];
  return rule({
    id: `${kind}.${p.name}`,
    category: kind,
    severity: p.severity,
    citation: p.citation,
    citationVerified: p.citationVerified,
    section: k.section,
    path: k.key,
    reads: [k.key],
    text: text(p.en[0], p.en[1], p.pt[0], p.pt[1]),
    check(report) {
      const tables = disclosed(report, kind);
      if (tables.length === 0) return NOT_APPLICABLE;
      return tables
        .filter(({ table }) => !p.ok(table))
        .map(({ table, index }) => ({ path: `${k.key}.${index}.${p.field}`, params: { table: table.title || `#${index + 1}` } }));
    },
  });
}

/** Unit conversions (troy ounces, pounds) may shift a contained figure by this share. */
const CONVERSION_TOLERANCE = 0.002;

/** Tolerance that rounding of the three stated figures explains, plus 0.2 % for unit conversions. */
function containedTolerance(row: AnyRow, gradeValue: number, containedValue: number): number {
  return relativeRounding(row.tonnage.value ?? 0) + relativeRounding(gradeValue) + relativeRounding(containedValue) + CONVERSION_TOLERANCE;
}

interface Mismatch {
  ci: number;
  commodity: string;
  stated: number;
  unit: string;
  computed: number;
}
const NO_MISMATCH: Mismatch[] = [];

/**
 * Contained entries of a row that tonnage × grade does not explain. Not memoised: a row within
 * the conversion tolerance costs a multiplication, less than a WeakMap entry per row would.
 */
function rowMismatches(row: AnyRow): Mismatch[] {
  // Plain loops: two closures per row are most of what a row within tolerance costs.
  let out = NO_MISMATCH;
  const { contained, grades } = row;
  for (let ci = 0; ci < contained.length; ci++) {
    const c = contained[ci]!;
    if (c.value === null) continue;
    let grade: AnyRow['grades'][number] | undefined;
    for (const g of grades)
      if (g.commodity === c.commodity) {
        grade = g;
        break;
      }
    if (!grade || grade.value === null) continue;
    const computed = containedAmount(row.tonnage, grade, c.unit);
    if (computed === null) continue;
    const diff = Math.abs(c.value - computed);
    // Every tolerance is at least the 0.2 % for conversions: a row within it needs no rounding analysis.
    if (diff <= Math.abs(computed) * CONVERSION_TOLERANCE) continue;
    const allowed = Math.abs(computed) * containedTolerance(row, grade.value, c.value) + roundingHalfUnit(c.value);
    if (diff > allowed) {
      if (out === NO_MISMATCH) out = [];
      out.push({ ci, commodity: c.commodity, stated: c.value, unit: c.unit, computed: Number(computed.toPrecision(4)) });
    }
  }
  return out;
}

function containedRule(kind: Kind): TrsRule {
  const k = KIND[kind];
  return rule({
    id: `${kind}.contained-metal`,
    category: kind,
    severity: 'medium',
    citation: 'Arithmetic consistency: contained metal = tonnage × grade (unit conversions g/t → oz, % → t)',
    basis: 'convention',
    citationVerified: false,
    section: k.section,
    path: k.key,
    reads: [k.key],
    text: text(
      `Row {{row}} ({{cls}}) of "{{table}}": contained {{commodity}} is stated as {{stated}} {{unit}}, but tonnage × grade gives {{computed}} {{unit}} — more than rounding explains.`,
      'Set the contained {{commodity}} to {{computed}} {{unit}} (tonnage × grade), or correct the tonnage or the grade it comes from.',
      `Linha {{row}} ({{clsPt}}) de "{{table}}": o {{commodity}} contido está informado como {{statedPt}} {{unit}}, mas tonelagem × teor dá {{computedPt}} {{unit}} — mais do que o arredondamento explica.`,
      'Ajuste o {{commodity}} contido para {{computedPt}} {{unit}} (tonelagem × teor) ou corrija a tonelagem ou o teor de origem.',
    ),
    check(report) {
      const tables = disclosed(report, kind);
      if (tables.length === 0) return NOT_APPLICABLE;
      const out: FindingDraft[] = [];
      for (const { table, index } of tables) {
        table.rows.forEach((row, r) => {
          for (const m of rowMismatches(row)) {
            out.push({
              path: `${k.key}.${index}.rows.${r}.contained.${m.ci}.value`,
              params: {
                row: row.domain || String(r + 1),
                table: table.title || `#${index + 1}`,
                ...bilingual('cls', (lang) => classLabel(row.class, lang)),
                commodity: m.commodity,
                unit: m.unit,
                ...bilingual('stated', (lang) => formatNumber(m.stated, lang)),
                ...bilingual('computed', (lang) => formatNumber(m.computed, lang, 4)),
              },
            });
          }
        });
      }
      return out;
    },
  });
}

const TOTAL_DOMAIN = /^(total|totais|sum|soma)$/i;

/** A "Total" domain row. Every total word has 3 to 6 letters, so most domains need no regex. */
export function isTotalDomain(domain: string): boolean {
  const d = domain.trim();
  return d.length >= 3 && d.length <= 6 && TOTAL_DOMAIN.test(d);
}

/** Sum of the parts vs a stated total: within the sum of the parts' rounding plus 0.5 %. */
function addsUp(parts: readonly number[], total: number): boolean {
  const sum = parts.reduce((a, b) => a + b, 0);
  const allowed = parts.reduce((a, b) => a + roundingHalfUnit(b), 0) + roundingHalfUnit(total) + Math.abs(total) * 0.005;
  return Math.abs(sum - total) <= allowed;
}

function totalsRule(kind: Kind): TrsRule {
  const k = KIND[kind];
  const combos: Array<{ total: string; parts: string[] }> =
    kind === 'resources' ? [{ total: 'measuredIndicated', parts: ['measured', 'indicated'] }] : [{ total: 'total', parts: ['proven', 'probable'] }];
  return rule({
    id: `${kind}.totals-add-up`,
    category: kind,
    severity: 'medium',
    citation: 'CRIRSCO-family reporting practice: class totals add up, or a note says they may not because of rounding (no S-K 1300 paragraph)',
    basis: 'convention',
    citationVerified: false,
    section: k.section,
    path: k.key,
    reads: [k.key],
    text: text(
      '"{{table}}", {{where}}: {{what}} is stated as {{stated}}, but {{parts}} add up to {{sum}} (a difference of {{diff}}).',
      'Correct the {{what}} row or its parts so that they add up; if only rounding explains the difference, round consistently and state that totals may not add because of rounding.',
      '"{{table}}", {{wherePt}}: {{whatPt}} está informado como {{statedPt}}, mas {{partsPt}} somam {{sumPt}} (diferença de {{diffPt}}).',
      'Corrija a linha {{whatPt}} ou suas parcelas para que somem; se só o arredondamento explica a diferença, arredonde de forma consistente e declare que os totais podem não somar por arredondamento.',
    ),
    check(report) {
      const tables = disclosed(report, kind);
      if (tables.length === 0) return NOT_APPLICABLE;
      const out: FindingDraft[] = [];
      for (const { table, index } of tables) {
        const rows = table.rows as readonly AnyRow[];
        const name = table.title || `#${index + 1}`;
        // Class totals per domain: M+I = M + I; proven + probable = total. Only domains with a
        // total row can disagree, so only their rows are grouped (one pass; a 5 000-row table
        // with one domain per row and no total rows stays cheap).
        const totalClasses = new Set(combos.map((c) => c.total));
        const domainsWithTotal = new Set<string>();
        for (const r of rows) if (totalClasses.has(r.class)) domainsWithTotal.add(r.domain);
        const byDomainClass = new Map<string, Map<string, number[]>>();
        const firstRow = new Map<string, number>();
        if (domainsWithTotal.size > 0)
          rows.forEach((r, ri) => {
            if (!domainsWithTotal.has(r.domain)) return;
            let classes = byDomainClass.get(r.domain);
            if (!classes) byDomainClass.set(r.domain, (classes = new Map<string, number[]>()));
            const list = classes.get(r.class) ?? [];
            const t = tonnes(r.tonnage);
            if (t !== null) list.push(t);
            classes.set(r.class, list);
            if (!firstRow.has(`${r.domain}\u0000${r.class}`)) firstRow.set(`${r.domain}\u0000${r.class}`, ri);
          });
        for (const [domain, classes] of byDomainClass) {
          for (const combo of combos) {
            const totals = classes.get(combo.total) ?? [];
            const parts = combo.parts.map((c) => classes.get(c) ?? []);
            if (totals.length !== 1 || parts.some((p) => p.length === 0)) continue;
            const flat = parts.flat();
            if (!addsUp(flat, totals[0]!)) {
              const stated = totals[0]!;
              const sum = flat.reduce((a, b) => a + b, 0);
              out.push({
                path: `${k.key}.${index}.rows.${firstRow.get(`${domain}\u0000${combo.total}`) ?? 0}.tonnage`,
                params: {
                  table: name,
                  ...bilingual('where', (lang) =>
                    domain ? `${lang === 'en' ? 'domain' : 'domínio'} "${domain}"` : lang === 'en' ? 'all domains' : 'todos os domínios',
                  ),
                  ...bilingual('what', (lang) => classLabel(combo.total, lang)),
                  ...bilingual('stated', (lang) => formatTonnes(stated, lang)),
                  ...bilingual('parts', (lang) =>
                    combo.parts
                      .map(
                        (c, ci) =>
                          `${classLabel(c, lang)} ${formatTonnes(
                            parts[ci]!.reduce((a, b) => a + b, 0),
                            lang,
                          )}`,
                      )
                      .join(' + '),
                  ),
                  ...bilingual('sum', (lang) => formatTonnes(sum, lang)),
                  ...bilingual('diff', (lang) => formatTonnes(Math.abs(stated - sum), lang)),
                },
              });
            }
          }
        }
        // A "Total" domain row per class equals the sum of the other domains of that class (a
        // table without one has nothing to add up).
        if (!rows.some((r) => isTotalDomain(r.domain))) continue;
        const perClass = new Map<string, { totalRows: number[]; others: number[] }>();
        rows.forEach((r, ri) => {
          let acc = perClass.get(r.class);
          if (!acc) perClass.set(r.class, (acc = { totalRows: [], others: [] }));
          if (isTotalDomain(r.domain)) acc.totalRows.push(ri);
          else {
            const t = tonnes(r.tonnage);
            if (t !== null) acc.others.push(t);
          }
        });
        for (const [cls, { totalRows, others }] of perClass) {
          const stated = totalRows.length === 1 ? tonnes(rows[totalRows[0]!]!.tonnage) : null;
          if (stated === null || others.length < 2) continue;
          if (!addsUp(others, stated)) {
            const sum = others.reduce((a, b) => a + b, 0);
            out.push({
              path: `${k.key}.${index}.rows.${totalRows[0]!}.tonnage`,
              params: {
                table: name,
                ...bilingual('where', (lang) => (lang === 'en' ? `the "${rows[totalRows[0]!]!.domain}" row` : `a linha "${rows[totalRows[0]!]!.domain}"`)),
                ...bilingual('what', (lang) => `${classLabel(cls, lang)} ${lang === 'en' ? 'total' : 'total'}`),
                ...bilingual('stated', (lang) => formatTonnes(stated, lang)),
                ...bilingual('parts', (lang) => (lang === 'en' ? `the ${others.length} other domains` : `os ${others.length} outros domínios`)),
                ...bilingual('sum', (lang) => formatTonnes(sum, lang)),
                ...bilingual('diff', (lang) => formatTonnes(Math.abs(stated - sum), lang)),
              },
            });
          }
        }
      }
      return out;
    },
  });
}

function rowsCompleteRule(kind: Kind): TrsRule {
  const k = KIND[kind];
  return rule({
    id: `${kind}.rows-complete`,
    category: kind,
    severity: 'medium',
    citation: kind === 'resources' ? 'Item 601(b)(96)(iii)(B)(11)(ii)' : 'Item 601(b)(96)(iii)(B)(12)',
    citationVerified: kind === 'resources',
    section: k.section,
    path: k.key,
    reads: [k.key],
    text: text(
      `Row {{row}} of "{{table}}" lacks a tonnage or a grade.`,
      'Every row states tonnage and grade (or quality) of each commodity.',
      `A linha {{row}} de "{{table}}" não tem tonelagem ou teor.`,
      'Cada linha deve informar tonelagem e teor (ou qualidade) de cada bem mineral.',
    ),
    check(report) {
      const tables = tablesOf(report, kind);
      if (tables.every((t) => t.rows.length === 0)) return NOT_APPLICABLE;
      const out: FindingDraft[] = [];
      tables.forEach((table, index) => {
        table.rows.forEach((row, r) => {
          if (row.tonnage.value === null || row.grades.length === 0 || row.grades.some((g) => g.value === null))
            out.push({ path: `${k.key}.${index}.rows.${r}`, params: { row: row.domain || String(r + 1), table: table.title || `#${index + 1}` } });
        });
      });
      return out;
    },
  });
}

export const tableRules: TrsRule[] = [
  rule({
    id: 'resources.exclusive-of-reserves',
    category: 'resources',
    severity: 'critical',
    citation: 'Item 601(b)(96)(iii)(B)(11)(ii)',
    citationVerified: true,
    section: 11,
    path: 'mineralResources',
    reads: ['mineralResources', 'mineralReserves'],
    text: text(
      'Reserves are disclosed but no resource table is exclusive of reserves. Inclusive figures may be shown only in addition.',
      'Add (or mark) a resource table that excludes the resources converted to reserves.',
      'Há reservas declaradas, mas nenhuma tabela de recursos exclui as reservas. Valores inclusivos só podem ser mostrados em adição.',
      'Inclua (ou marque) uma tabela de recursos que exclua os recursos convertidos em reservas.',
    ),
    check(report) {
      if (!hasReserves(report) || report.mineralResources.length === 0) return NOT_APPLICABLE;
      return disclosed(report, 'resources').some(({ table }) => (table as ResourceTable).exclusiveOfReserves) ? [] : [{ path: 'mineralResources' }];
    },
  }),
  ...PARAMETERS.map((p) => parameterRule('resources', p)),
  ...PARAMETERS.map((p) => parameterRule('reserves', p)),
  containedRule('resources'),
  containedRule('reserves'),
  totalsRule('resources'),
  totalsRule('reserves'),
  rowsCompleteRule('resources'),
  rowsCompleteRule('reserves'),
  rule({
    id: 'reserves.study-type',
    category: 'reserves',
    severity: 'critical',
    citation: '17 CFR 229.1300 (initial assessment; preliminary feasibility study); 229.1302(d)',
    citationVerified: true,
    section: 12,
    path: 'metadata.studyType',
    reads: ['mineralReserves', 'metadata.studyType'],
    text: text(
      'Reserves are disclosed on the basis of an initial assessment. Reserves need at least a preliminary feasibility study.',
      'Remove the reserves, or base them on a PFS or FS and set the study type accordingly.',
      'Há reservas declaradas com base em um estudo conceitual (initial assessment). Reservas exigem ao menos um estudo de pré-viabilidade.',
      'Remova as reservas ou baseie-as em um PFS ou FS e ajuste o tipo de estudo.',
    ),
    check(report) {
      if (!hasReserves(report)) return NOT_APPLICABLE;
      return isPfsOrFs(report) ? [] : [{ path: 'metadata.studyType' }];
    },
  }),
  rule({
    id: 'reserves.no-inferred',
    category: 'reserves',
    severity: 'critical',
    citation:
      '17 CFR 229.1300 (mineral reserve: an estimate of indicated and measured mineral resources; inferred mineral resource: may not be converted to a mineral reserve)',
    citationVerified: false,
    section: 12,
    path: 'mineralReserves',
    reads: ['mineralReserves'],
    text: text(
      '"{{table}}" carries inferred material ({{where}}). Inferred resources can never be converted to reserves.',
      'Remove the inferred material from the reserve table; only indicated and measured resources convert to reserves.',
      '"{{table}}" contém material inferido ({{wherePt}}). Recursos inferidos nunca podem ser convertidos em reservas.',
      'Retire o material inferido da tabela de reservas; apenas recursos indicados e medidos se convertem em reservas.',
    ),
    check(report) {
      if (report.mineralReserves.length === 0) return NOT_APPLICABLE;
      const out: FindingDraft[] = [];
      report.mineralReserves.forEach((table, index) => {
        const name = table.title || `#${index + 1}`;
        if (/\binferr|\binferid/.test(fold(table.title)))
          out.push({ path: `mineralReserves.${index}.title`, params: { table: name, where: 'title', wherePt: 'título' } });
        table.rows.forEach((row, r) => {
          if (row.cbrrCategory !== null && row.cbrrCategory.startsWith('recurso'))
            out.push({
              path: `mineralReserves.${index}.rows.${r}.cbrrCategory`,
              params: {
                table: name,
                where: `row ${r + 1}: ${codeLabel('cbrrCategory', row.cbrrCategory, 'en')}`,
                wherePt: `linha ${r + 1}: ${codeLabel('cbrrCategory', row.cbrrCategory, 'pt-BR')}`,
              },
            });
          else if (/\binferr|\binferid/.test(fold(row.domain)))
            out.push({
              path: `mineralReserves.${index}.rows.${r}.domain`,
              params: { table: name, where: `row ${r + 1}: ${row.domain}`, wherePt: `linha ${r + 1}: ${row.domain}` },
            });
        });
      });
      return out;
    },
  }),
  rule({
    id: 'reserves.stage-consistency',
    category: 'reserves',
    severity: 'medium',
    citation: '17 CFR 229.1300 (exploration/development/production stage property)',
    citationVerified: false,
    path: 'metadata.propertyStage',
    reads: ['mineralReserves', 'metadata.propertyStage'],
    text: text(
      'The property is declared a {{stage}} stage property but {{problem}}.',
      'An exploration-stage property has no reserves; development and production stages require disclosed reserves. Fix the stage or the reserves.',
      'A propriedade está declarada em estágio {{stagePt}}, mas {{problemPt}}.',
      'Propriedade em estágio de exploração não tem reservas; estágios de desenvolvimento e produção exigem reservas declaradas. Corrija o estágio ou as reservas.',
    ),
    check(report) {
      const stage = report.metadata.propertyStage;
      const reserves = hasReserves(report);
      const stagePt = { exploration: 'de exploração', development: 'de desenvolvimento', production: 'de produção' }[stage];
      if (stage === 'exploration' && reserves)
        return [{ path: 'metadata.propertyStage', params: { stage, stagePt, problem: 'reserves are disclosed', problemPt: 'há reservas declaradas' } }];
      if (stage !== 'exploration' && !reserves)
        return [{ path: 'metadata.propertyStage', params: { stage, stagePt, problem: 'no reserves are disclosed', problemPt: 'não há reservas declaradas' } }];
      return [];
    },
  }),
];
