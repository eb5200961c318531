import { z } from 'zod';
import { id, longText } from './primitives';

/** Inline images: ~20 MB of base64 per figure at most. */
export const FIGURE_BASE64_MAX = 28_000_000;
export const FigureSchema = z
  .strictObject({
    id,
    caption: longText,
    mimeType: z.enum(['image/jpeg', 'image/gif']),
    fileName: z
      .string()
      .max(200)
      .regex(/^[^/\\]+$/, 'a file name, not a path'),
    widthPx: z.number().int().positive().nullable(),
    heightPx: z.number().int().positive().nullable(),
    dataBase64: z
      .string()
      .max(FIGURE_BASE64_MAX)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64'),
  })
  .refine((f) => (f.mimeType === 'image/jpeg' ? f.dataBase64.startsWith('/9j/') : f.dataBase64.startsWith('R0lGOD')), {
    message: 'image data does not match its type (JPEG or GIF only)',
    path: ['dataBase64'],
  });
export type Figure = z.infer<typeof FigureSchema>;
