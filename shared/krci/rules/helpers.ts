import type { QualifiedPerson, ReserveTable, ResourceTable, Section, TrsReport } from '../../trs/model';
import { isRichTextEmpty, richTextToPlainText } from '../../trs/rich-text';
import type { Block } from '../../trs/rich-text';
import type { FlagKey } from '../../flags/flag-keys';
import type { CitationBasis, ContextKey, FindingDraft, KrciLanguage, Rule, RuleCategory, RuleOutcome, Severity, CheckContext } from '../types';

export type TrsRule = Rule<TrsReport>;

/** Bilingual text in one literal: `text('English {{x}}', 'fix en', 'Português {{x}}', 'fix pt')`. */
export function text(en: string, enFix: string, pt: string, ptFix: string): Record<KrciLanguage, { message: string; fix: string }> {
  return { en: { message: en, fix: enFix }, 'pt-BR': { message: pt, fix: ptFix } };
}

export interface RuleSpec {
  id: string;
  category: RuleCategory;
  severity: Severity;
  filingSeverity?: Severity;
  citation: string;
  /** Default `law`. */
  basis?: CitationBasis;
  citationVerified: boolean;
  section?: number;
  path: string;
  text: Record<KrciLanguage, { message: string; fix: string }>;
  reads: readonly string[];
  contextReads?: readonly ContextKey[];
  flag?: FlagKey;
  check(report: TrsReport, context: CheckContext): RuleOutcome;
}

export function rule(spec: RuleSpec): TrsRule {
  return { ...spec, basis: spec.basis ?? 'law' };
}

// ---- text ------------------------------------------------------------------------------------

export function filled(value: string | null | undefined, min = 1): boolean {
  return typeof value === 'string' && value.trim().length >= min;
}

const plainMemo = new WeakMap<object, string>();
/** Plain text of a rich-text body, memoised per body (unchanged sections are not re-flattened). */
export function bodyText(body: readonly Block[]): string {
  const cached = plainMemo.get(body);
  if (cached !== undefined) return cached;
  const out = richTextToPlainText(body);
  plainMemo.set(body, out);
  return out;
}

export function bodyEmpty(body: readonly Block[]): boolean {
  return isRichTextEmpty(body);
}

/** Lower-case and without accents, for keyword checks in pt-BR and en text. */
export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

export function sectionIndex(report: TrsReport, number: number): number {
  const i = report.sections.findIndex((s) => s.number === number);
  return i;
}

export function sectionOf(report: TrsReport, number: number): Section | undefined {
  return report.sections[number - 1]?.number === number ? report.sections[number - 1] : report.sections.find((s) => s.number === number);
}

/** Minimum length of a "not applicable" reason that explains something. */
export const NA_REASON_MIN = 15;

/** A section that says something: a non-empty body, or N/A with a reason. */
export function sectionAnswered(section: Section | undefined): boolean {
  if (!section) return false;
  if (section.status === 'notApplicable') return filled(section.notApplicableReason, NA_REASON_MIN);
  return !bodyEmpty(section.body);
}

export function sectionHasContent(section: Section | undefined): boolean {
  return !!section && section.status !== 'notApplicable' && !bodyEmpty(section.body);
}

// ---- report facts ----------------------------------------------------------------------------

export function tableHasQuantities(table: ResourceTable | ReserveTable): boolean {
  return table.rows.some((r) => r.tonnage.value !== null && r.tonnage.value > 0);
}

export function hasReserves(report: TrsReport): boolean {
  return report.mineralReserves.some(tableHasQuantities);
}

export function hasResources(report: TrsReport): boolean {
  return report.mineralResources.some(tableHasQuantities);
}

export function isPfsOrFs(report: TrsReport): boolean {
  return report.metadata.studyType === 'preFeasibility' || report.metadata.studyType === 'feasibility';
}

/** An economic analysis is required for reserves (viability is shown by DCF) and for PFS/FS studies. */
export function economicsRequired(report: TrsReport): boolean {
  return isPfsOrFs(report) || hasReserves(report);
}

export function todayIso(now: Date): string | undefined {
  return Number.isNaN(now.getTime()) ? undefined : now.toISOString().slice(0, 10);
}

/** QPs whose signature is carried by the signing firm (§1302(b)(1)(ii)). */
export function firmCovers(report: TrsReport, qp: QualifiedPerson): boolean {
  const firm = report.signingFirm;
  return !!firm && firm.qualifiedPersonIds.includes(qp.id);
}

// ---- numbers ---------------------------------------------------------------------------------

/** Decimal places in the shortest representation of a finite number (1.50 is stored as 1.5 → 1). */
export function decimalsOf(n: number): number {
  if (!Number.isFinite(n) || Number.isInteger(n)) return 0;
  const s = String(Math.abs(n));
  const e = s.indexOf('e');
  if (e >= 0) {
    const point = s.indexOf('.');
    const mantDecimals = point >= 0 && point < e ? e - point - 1 : 0;
    return Math.max(0, mantDecimals - Number(s.slice(e + 1)));
  }
  const point = s.indexOf('.');
  return point >= 0 ? s.length - point - 1 : 0;
}

/**
 * Half of the last significant unit of a stated figure: 12.3 → 0.05, 1 250 → 5 (trailing zeros of
 * an integer are taken as rounding), 0 → 0. Used to accept differences that rounding explains.
 */
export function roundingHalfUnit(n: number): number {
  if (!Number.isFinite(n) || n === 0) return 0;
  const d = decimalsOf(n);
  if (d > 0) return 0.5 * 10 ** -d;
  let abs = Math.abs(Math.round(n));
  let unit = 1;
  while (abs % 10 === 0 && abs > 0) {
    abs /= 10;
    unit *= 10;
  }
  return 0.5 * unit;
}

/** Relative rounding uncertainty of a stated figure (0.004 = 0.4 %). */
export function relativeRounding(n: number): number {
  return n === 0 ? 0 : roundingHalfUnit(n) / Math.abs(n);
}

export function findingsFor<T>(items: readonly T[], bad: (item: T, index: number) => FindingDraft | FindingDraft[] | undefined): FindingDraft[] {
  const out: FindingDraft[] = [];
  items.forEach((item, i) => {
    const r = bad(item, i);
    if (r === undefined) return;
    if (Array.isArray(r)) out.push(...r);
    else out.push(r);
  });
  return out;
}
