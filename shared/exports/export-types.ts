import { z } from 'zod';

export const EXPORT_FORMATS = ['ex96', 'ex23', 'pdf', 'docx', 'json', 'package'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);

export const EXPORT_FILE_ROLES = ['exhibit', 'attachment', 'consent', 'unofficialCopy', 'editableCopy', 'canonicalJson', 'log', 'manifest'] as const;

export const ExportFileInfoSchema = z.object({
  name: z.string(),
  /** Absolute path; for a file inside a zip, `archive.zip!/name`. */
  path: z.string(),
  role: z.enum(EXPORT_FILE_ROLES),
  bytes: z.number().int(),
  sha256: z.string(),
});
export type ExportFileInfo = z.infer<typeof ExportFileInfoSchema>;

export const ExportResultSchema = z.object({
  format: ExportFormatSchema,
  draft: z.boolean(),
  /** The folder (or zip file) written. */
  destination: z.string(),
  files: z.array(ExportFileInfoSchema),
  archive: z.object({ name: z.string(), bytes: z.number().int(), sha256: z.string() }).optional(),
  krci: z.object({ score: z.number(), critical: z.number().int(), high: z.number().int(), medium: z.number().int(), low: z.number().int() }),
  log: z.array(z.string()),
});
export type ExportResult = z.infer<typeof ExportResultSchema>;
