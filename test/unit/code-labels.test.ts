import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { resources } from '../../shared/i18n';
import { CODE_LABELS, codeLabel, filingLabel, type CodeGroup } from '../../shared/trs/code-labels';
import { CODE_VALUES } from '../../shared/trs/code-values';
import { SK1300_SECTIONS } from '../../shared/trs/sections';
import { CONTAINED_UNITS, GRADE_UNITS, TONNAGE_UNITS, TrsReportSchema, UFS } from '../../shared/trs/model';

/** Every enum in the TRS schema, found by walking it (so a new enum cannot slip past the labels). */
function schemaEnums(schema: z.ZodType, path = '$', out = new Map<string, string[]>()): Map<string, string[]> {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) schemaEnums(child, `${path}.${key}`, out);
      break;
    case 'array':
      schemaEnums(def.element as z.ZodType, `${path}[]`, out);
      break;
    case 'nullable':
    case 'optional':
    case 'default':
      schemaEnums(def.innerType as z.ZodType, path, out);
      break;
    case 'union':
      (def.options as z.ZodType[]).forEach((o) => schemaEnums(o, path, out));
      break;
    case 'tuple':
      (def.items as z.ZodType[]).forEach((o, i) => schemaEnums(o, `${path}[${i}]`, out));
      break;
    case 'pipe':
      schemaEnums(def.in as z.ZodType, path, out);
      break;
    case 'enum':
      out.set(path, Object.values(def.entries as Record<string, string>));
      break;
  }
  return out;
}

// Printed as they are: units and state abbreviations are what readers expect to see. Never printed as
// words: the MIME type of a figure, the text marks (bold, sub …) and the alignment, which become formatting.
const PRINTED_AS_IS = [
  TONNAGE_UNITS,
  GRADE_UNITS,
  CONTAINED_UNITS,
  UFS,
  ['image/jpeg', 'image/gif'],
  ['bold', 'italic', 'underline', 'sub', 'sup'],
  ['auto', 'left', 'center', 'right'],
].map((v) => [...v].sort().join('|'));

describe('labels of coded values', () => {
  const groups = Object.keys(CODE_VALUES) as CodeGroup[];

  it('every value of every coded field has an English filing label and pt-BR and en window labels', () => {
    for (const group of groups) {
      for (const value of CODE_VALUES[group]) {
        const label = (CODE_LABELS[group] as Record<string, { en: string; 'pt-BR': string; filing?: string }>)[value];
        expect(label, `${group}.${value}`).toBeDefined();
        for (const text of [label!.en, label!['pt-BR'], filingLabel(group, value as never)]) {
          expect(text.trim(), `${group}.${value}`).not.toBe('');
          // A label that is the code itself ("anmProcess") is no label; all-caps abbreviations (LP) may lead a label.
          if (/[a-z][A-Z]/.test(value)) expect(text).not.toContain(value);
        }
      }
      // No stale label for a value the schema no longer has.
      expect(Object.keys(CODE_LABELS[group]).sort(), group).toEqual([...CODE_VALUES[group]].sort());
    }
  });

  it('every enum in the TRS schema is a labelled group or printed as it is on purpose', () => {
    // A field whose values all belong to one labelled group (resource classes within estimate classes).
    const inOneGroup = (values: string[]) => groups.some((g) => values.every((v) => (CODE_VALUES[g] as readonly string[]).includes(v)));
    // Section keys print as the official S-K 1300 section titles.
    const sectionKeys = SK1300_SECTIONS.map((s) => s.key)
      .sort()
      .join('|');
    const enums = schemaEnums(TrsReportSchema as unknown as z.ZodType);
    expect(enums.size).toBeGreaterThan(15);
    for (const [path, values] of enums) {
      const key = [...values].sort().join('|');
      const covered = inOneGroup(values) || PRINTED_AS_IS.includes(key) || key === sectionKeys;
      expect(covered, `${path}: ${values.join(', ')}`).toBe(true);
    }
  });

  it('the window messages are built from the labels (one source of truth)', () => {
    for (const language of ['en', 'pt-BR'] as const) {
      const trs = resources[language].trs as Record<string, Record<string, unknown>>;
      expect(trs.rightKinds).toEqual(Object.fromEntries(CODE_VALUES.mineralRightKind.map((v) => [v, codeLabel('mineralRightKind', v, language)])));
      expect(trs.classes).toEqual(Object.fromEntries(CODE_VALUES.estimateClass.map((v) => [v, codeLabel('estimateClass', v, language)])));
      expect(trs.studyTypes).toEqual(Object.fromEntries(CODE_VALUES.studyType.map((v) => [v, codeLabel('studyType', v, language)])));
    }
    expect(codeLabel('mineralRightKind', 'surfaceRight', 'pt-BR')).toBe('Direito de superfície');
    expect(filingLabel('mineralRightKind', 'anmProcess')).toBe('ANM mining title (process)');
    expect(filingLabel('estimateClass', 'measuredIndicated')).toBe('Measured + Indicated');
  });
});
