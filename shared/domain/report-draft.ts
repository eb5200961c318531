import { z } from 'zod';
import { hasControlChars, TEXT_CONTROL_CHARS } from '../text/control-chars';

/** Limits shared by the UI, the IPC validation and the CLI, so all three reject the same input. */
export const REPORT_TITLE_MAX = 200;
export const REPORT_TEXT_FIELD_MAX = 200;

const trimmedText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    // Control characters have no place in a title and break EDGAR exports later on.
    .refine((s) => !hasControlChars(s, TEXT_CONTROL_CHARS), { message: 'control characters are not allowed' });

export const ReportIdSchema = z.string().uuid();

export const ReportDraftFieldsSchema = z.object({
  title: trimmedText(REPORT_TITLE_MAX).min(1),
  propertyName: trimmedText(REPORT_TEXT_FIELD_MAX).default(''),
  commodity: trimmedText(REPORT_TEXT_FIELD_MAX).default(''),
});
export type ReportDraftFields = z.output<typeof ReportDraftFieldsSchema>;
/**
 * The fields a rename changes. No defaults here: with `ReportDraftFieldsSchema.partial()` an absent
 * property name would become '' and a rename would blank the property and commodity.
 */
export const ReportDraftChangesSchema = z
  .object({ title: trimmedText(REPORT_TITLE_MAX).min(1), propertyName: trimmedText(REPORT_TEXT_FIELD_MAX), commodity: trimmedText(REPORT_TEXT_FIELD_MAX) })
  .partial();

export const ReportSummarySchema = z.object({
  id: ReportIdSchema,
  title: z.string(),
  propertyName: z.string(),
  commodity: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ReportSummary = z.output<typeof ReportSummarySchema>;
