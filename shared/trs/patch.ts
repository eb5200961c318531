import { z } from 'zod';
import { SK1300_SECTIONS } from './sections';
import { SectionSchema, TrsReportSchema, type Section, type TrsReport } from './model';

/**
 * A save sends only what changed since the last stored revision: whole top-level parts of the
 * document and, for the 25 sections, only the edited sections. A keystroke in a 100-page report
 * then costs a few kilobytes on the wire and in validation instead of the whole document.
 */
const shape = TrsReportSchema.shape;
export const TrsPatchSchema = z.strictObject({
  metadata: shape.metadata.optional(),
  qualifiedPersons: shape.qualifiedPersons.optional(),
  signingFirm: shape.signingFirm.optional(),
  property: shape.property.optional(),
  /** Only the changed sections, each identified by its number. */
  sections: z.array(SectionSchema).max(SK1300_SECTIONS.length).optional(),
  mineralResources: shape.mineralResources.optional(),
  mineralReserves: shape.mineralReserves.optional(),
  priorYearComparison: shape.priorYearComparison.optional(),
  capitalCosts: shape.capitalCosts.optional(),
  operatingCosts: shape.operatingCosts.optional(),
  economicAnalysis: shape.economicAnalysis.optional(),
  brazil: shape.brazil.optional(),
  references: shape.references.optional(),
  figures: shape.figures.optional(),
});
export type TrsPatch = z.infer<typeof TrsPatchSchema>;

const PART_KEYS = Object.keys(TrsPatchSchema.shape).filter((k) => k !== 'sections') as Array<Exclude<keyof TrsPatch, 'sections'>>;

/** The parts of `next` that are not the same objects as in `base` (the editor shares unchanged parts). */
export function diffForPatch(base: TrsReport, next: TrsReport): TrsPatch {
  const patch: Record<string, unknown> = {};
  for (const key of PART_KEYS) if (base[key] !== next[key]) patch[key] = next[key];
  const sections = next.sections.filter((s, i) => s !== base.sections[i]);
  if (sections.length) patch.sections = sections;
  return patch;
}

export function isEmptyPatch(patch: TrsPatch): boolean {
  return Object.keys(patch).length === 0;
}

/**
 * Applies a (validated) patch. Each patched section must keep its number, key and official
 * title; throws a message naming the section otherwise.
 */
export function applyTrsPatch(base: TrsReport, patch: TrsPatch): TrsReport {
  const next: TrsReport = { ...base };
  for (const key of PART_KEYS) {
    if (patch[key] !== undefined) (next as Record<string, unknown>)[key] = patch[key];
  }
  if (patch.sections) {
    const sections: Section[] = base.sections.slice();
    for (const section of patch.sections) {
      const official = SK1300_SECTIONS[section.number - 1];
      if (!official || official.key !== section.key || official.title !== section.title) {
        throw new Error(`section ${section.number} must be "${official?.key ?? '?'}" titled "${official?.title ?? '?'}"`);
      }
      sections[section.number - 1] = section;
    }
    next.sections = sections;
  }
  return next;
}
