import { z } from 'zod';
import { channel } from './contract-kit';

/** A diagnostics bundle for support: where it was written and what it holds. Not behind a flag. */
export const DiagnosticsResultSchema = z.object({
  /** The zip written; null when the user cancelled the save dialog. */
  file: z.string().nullable(),
  bytes: z.number().int().nonnegative(),
  entries: z.array(z.string()),
});
export type DiagnosticsResult = z.output<typeof DiagnosticsResultSchema>;

export const diagnosticsChannels = {
  'diagnostics.create': channel({ input: z.object({}).strict().optional(), output: DiagnosticsResultSchema }),
};

export const diagnosticsEvents = {};
