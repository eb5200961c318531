import { z } from 'zod';
import { ElementIdSchema } from '../rich-text';

/** Building blocks every part of the TRS schema uses (bounded text, dates, numbers, element ids). */

const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** Bounded, control-character-free text; line breaks allowed (notes, addresses). */
export const boundedText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL_CHARS.test(s), { message: 'control characters are not allowed' });
export const shortText = boundedText(500);
export const longText = boundedText(20_000);

export const IsoDateSchema = z.iso.date();
export const optionalDate = IsoDateSchema.nullable();
export const nullableNumber = z.number().nullable();
export const percent = z.number().min(0).max(100);
export const nullablePercent = percent.nullable();
export const id = ElementIdSchema;
