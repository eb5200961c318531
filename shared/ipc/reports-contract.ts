import { z } from 'zod';
import { ReportDraftFieldsSchema, ReportDraftChangesSchema, ReportIdSchema, ReportSummarySchema } from '../domain/report-draft';
import { channel } from './contract-kit';

export const reportsChannels = {
  'reports.list': channel({ input: z.object({}).strict().optional(), output: z.array(ReportSummarySchema) }),
  'reports.get': channel({ input: z.object({ id: ReportIdSchema }).strict(), output: ReportSummarySchema }),
  'reports.create': channel({ input: ReportDraftFieldsSchema.strict(), output: ReportSummarySchema }),
  'reports.update': channel({
    input: z.object({ id: ReportIdSchema, fields: ReportDraftChangesSchema.strict() }).strict(),
    output: ReportSummarySchema,
  }),
  'reports.delete': channel({ input: z.object({ id: ReportIdSchema }).strict(), output: z.object({ deleted: z.boolean() }) }),
};

export const reportsEvents = {
  'reports.changed': z.object({ id: z.string().optional() }),
};
