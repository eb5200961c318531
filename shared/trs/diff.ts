import { diffLines, diffWordsWithSpace, type ChangeObject } from 'diff';
import type { TrsReport } from './model';
import { richTextToPlainText } from './rich-text';

/** One changed part of a TRS between two versions (per section, per field, per table/person by id). */
export interface TrsDiffEntry {
  path: string;
  section: number | null;
  change: 'added' | 'removed' | 'changed';
  before: string;
  after: string;
  parts: Array<{ op: 'equal' | 'added' | 'removed'; text: string }>;
}

/** Longest text compared word by word; beyond it the diff falls back to lines to stay fast. */
const WORD_DIFF_MAX = 60_000;

function toParts(changes: ChangeObject<string>[]): TrsDiffEntry['parts'] {
  return changes.map((c) => ({ op: c.added ? 'added' : c.removed ? 'removed' : 'equal', text: c.value }));
}

function textParts(before: string, after: string): TrsDiffEntry['parts'] {
  if (before.length + after.length > WORD_DIFF_MAX) return toParts(diffLines(before, after));
  return toParts(diffWordsWithSpace(before, after));
}

function pretty(value: unknown): string {
  // Figures are compared by size and caption, not by their base64 bytes.
  return value === undefined
    ? ''
    : JSON.stringify(value, (key, v: unknown) => (key === 'dataBase64' && typeof v === 'string' ? `<${v.length} base64 chars>` : v), 2);
}

function entry(path: string, section: number | null, before: string, after: string, existedBefore = true, existsAfter = true): TrsDiffEntry | null {
  if (existedBefore && existsAfter && before === after) return null;
  const change = !existedBefore ? 'added' : !existsAfter ? 'removed' : 'changed';
  return { path, section, change, before, after, parts: textParts(before, after) };
}

function diffById<T extends { id: string }>(path: string, a: readonly T[], b: readonly T[], out: TrsDiffEntry[]): void {
  const before = new Map(a.map((x) => [x.id, x]));
  const after = new Map(b.map((x) => [x.id, x]));
  for (const [id, x] of before) {
    const y = after.get(id);
    const e = entry(`${path}.${id}`, null, pretty(x), y ? pretty(y) : '', true, y !== undefined);
    if (e) out.push(e);
  }
  for (const [id, y] of after) {
    if (!before.has(id)) out.push(entry(`${path}.${id}`, null, '', pretty(y), false, true)!);
  }
  const orderA = a.map((x) => x.id).filter((id) => after.has(id));
  const orderB = b.map((x) => x.id).filter((id) => before.has(id));
  if (orderA.join('\u0000') !== orderB.join('\u0000')) out.push(entry(`${path}.order`, null, orderA.join('\n'), orderB.join('\n'))!);
}

function sectionText(section: TrsReport['sections'][number]): string {
  const head = `[${section.status}]`;
  return section.status === 'notApplicable' ? `${head} ${section.notApplicableReason}` : `${head}\n${richTextToPlainText(section.body)}`;
}

/** Differences from `a` (older) to `b` (newer), in document order. */
export function diffTrsReports(a: TrsReport, b: TrsReport): TrsDiffEntry[] {
  const out: TrsDiffEntry[] = [];
  const push = (e: TrsDiffEntry | null) => {
    if (e) out.push(e);
  };
  for (const key of Object.keys(b.metadata) as Array<keyof TrsReport['metadata']>) {
    push(entry(`metadata.${key}`, null, pretty(a.metadata[key]), pretty(b.metadata[key])));
  }
  diffById('qualifiedPersons', a.qualifiedPersons, b.qualifiedPersons, out);
  push(entry('signingFirm', null, pretty(a.signingFirm), pretty(b.signingFirm)));
  for (const key of Object.keys(b.property) as Array<keyof TrsReport['property']>) {
    push(entry(`property.${key}`, null, pretty(a.property[key]), pretty(b.property[key])));
  }
  b.sections.forEach((section, i) => {
    const old = a.sections[i];
    push(entry(`sections.${section.number}`, section.number, old ? sectionText(old) : '', sectionText(section)));
  });
  diffById('mineralResources', a.mineralResources, b.mineralResources, out);
  diffById('mineralReserves', a.mineralReserves, b.mineralReserves, out);
  for (const key of ['priorYearComparison', 'capitalCosts', 'operatingCosts', 'economicAnalysis', 'brazil'] as const) {
    push(entry(key, null, pretty(a[key]), pretty(b[key])));
  }
  diffById('references', a.references, b.references, out);
  diffById('figures', a.figures, b.figures, out);
  return out;
}
