import { z } from 'zod';
import { ElementIdSchema } from '../rich-text';
import { hasControlChars, TEXT_CONTROL_CHARS } from '../../text/control-chars';

/** Building blocks every part of the TRS schema uses (bounded text, dates, numbers, element ids). */

/** Bounded, control-character-free text; line breaks allowed (notes, addresses). */
export const boundedText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasControlChars(s, TEXT_CONTROL_CHARS), { message: 'control characters are not allowed' });
export const shortText = boundedText(500);
export const longText = boundedText(20_000);

export const IsoDateSchema = z.iso.date();
export const optionalDate = IsoDateSchema.nullable();
export const nullableNumber = z.number().nullable();
export const percent = z.number().min(0).max(100);
export const nullablePercent = percent.nullable();
export const id = ElementIdSchema;
