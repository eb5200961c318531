import { z } from 'zod';
import { RichTextSchema } from '../rich-text';
import { SECTION_KEYS, SK1300_SECTIONS } from '../sections';
import { longText, shortText } from './primitives';

/** The 25 S-K 1300 sections, each a rich-text body with a status. */

export const SECTION_STATUSES = ['draft', 'complete', 'notApplicable'] as const;
export type SectionStatus = (typeof SECTION_STATUSES)[number];

export const SectionSchema = z.strictObject({
  number: z.number().int().min(1).max(25),
  key: z.enum(SECTION_KEYS),
  title: shortText,
  status: z.enum(SECTION_STATUSES),
  body: RichTextSchema,
  notApplicableReason: longText,
});
export type Section = z.infer<typeof SectionSchema>;

export const SectionsSchema = z
  .array(SectionSchema)
  .length(SK1300_SECTIONS.length)
  .superRefine((sections, ctx) => {
    sections.forEach((section, index) => {
      const expected = SK1300_SECTIONS[index]!;
      if (section.number !== expected.number || section.key !== expected.key) {
        ctx.addIssue({ code: 'custom', path: [index, 'key'], message: `section ${index + 1} must be "${expected.key}" (${expected.title})` });
      } else if (section.title !== expected.title) {
        ctx.addIssue({ code: 'custom', path: [index, 'title'], message: `section ${expected.number} title must be "${expected.title}"` });
      }
    });
  });
