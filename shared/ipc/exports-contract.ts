import { z } from 'zod';
import { ReportIdSchema } from '../domain/report-draft';
import { ExportFormatSchema, ExportResultSchema } from '../exports/export-types';
import { channel } from './contract-kit';

export const ExportRunOutputSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('written'), result: ExportResultSchema }),
  /** The user closed the save dialog: nothing was written. */
  z.object({ status: z.literal('cancelled') }),
]);
export type ExportRunOutput = z.infer<typeof ExportRunOutputSchema>;

// Channels and events of this feature. Owned by the feature's issue; merged in contract.ts.
export const exportsChannels = {
  /**
   * Exports the stored TRS of a report. The destination is chosen in main: a save dialog in
   * Electron, a new folder under `<data dir>/exports/` in the browser host. Refused with
   * `exports.criticalFindings` (details: one line per finding) unless `draft` is true.
   */
  'exports.run': channel({
    input: z
      .object({
        reportId: ReportIdSchema,
        format: ExportFormatSchema,
        draft: z.boolean().default(false),
        filing: z.string().trim().min(1).max(300).optional(),
        exhibitNumber: z.number().int().min(1).max(99).optional(),
      })
      .strict(),
    output: ExportRunOutputSchema,
    flag: 'SEC_SK_1300',
  }),
};
export const exportsEvents = {};
