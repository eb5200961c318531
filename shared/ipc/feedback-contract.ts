import { z } from 'zod';
import { channel } from './contract-kit';

// User feedback on features under rollout (issue 18). Stored in metrics.db; only counts are pushed.

const FlagName = z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/);
const Comment = z.string().trim().max(2000);

export const FeedbackPromptSchema = z.object({
  flag: z.string(),
  phase: z.string(),
  /** The feature is on for this user and its phase is before `full`. */
  underRollout: z.boolean(),
  /** Ask now: under rollout, used at least FEEDBACK_MIN_USES times in this phase, not yet rated or dismissed in it. */
  promptDue: z.boolean(),
  uses: z.number(),
});
export type FeedbackPrompt = z.output<typeof FeedbackPromptSchema>;

export const FeedbackEntrySchema = z.object({
  id: z.number(),
  at: z.number(),
  flag: z.string(),
  phase: z.string(),
  configVersion: z.number().nullable(),
  kind: z.enum(['rating', 'problem', 'dismissed']),
  rating: z.number().nullable(),
  comment: z.string(),
});

export const feedbackChannels = {
  /** For each flag: whether it is under rollout and whether the rating prompt is due. */
  'feedback.prompts': channel({ input: z.object({}).strict().optional(), output: z.array(FeedbackPromptSchema) }),
  /** A rating 1–5 with an optional comment, for the flag's current phase. */
  'feedback.rate': channel({
    input: z.object({ flag: FlagName, rating: z.number().int().min(1).max(5), comment: Comment.optional() }).strict(),
    output: FeedbackEntrySchema,
  }),
  /** The prompt closed without an answer: not asked again in this phase. */
  'feedback.dismiss': channel({ input: z.object({ flag: FlagName }).strict(), output: z.object({ ok: z.literal(true) }) }),
  /** "Report a problem": always available on a feature under rollout; counts as a complaint. */
  'feedback.report': channel({ input: z.object({ flag: FlagName, comment: Comment.min(1) }).strict(), output: FeedbackEntrySchema }),
  /** Everything the user wrote, for their own export (comments leave the computer only this way). */
  'feedback.export': channel({ input: z.object({}).strict().optional(), output: z.object({ exportedAt: z.string(), entries: z.array(FeedbackEntrySchema) }) }),
};

export const feedbackEvents = {};
