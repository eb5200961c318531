import { GifReader, GifWriter } from 'omggif';

/**
 * Turns an image the user pastes, drops or picks into one EDGAR can take: EDGAR HTML accepts only
 * JPEG and (still) GIF figures. PNG and WebP become GIF when they have at most 256 colours (line
 * drawings, maps, charts: lossless) and JPEG otherwise (photos); animated GIFs keep their first
 * frame; anything wider or taller than FIGURE_MAX_PX is scaled down. Runs in the renderer (canvas).
 */

export const ACCEPTED_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
/** Longest side kept: a full page width at print resolution; larger images only make the filing heavy. */
export const FIGURE_MAX_PX = 2000;
const JPEG_QUALITY = 0.9;

export interface IntakeResult {
  mimeType: 'image/jpeg' | 'image/gif';
  dataBase64: string;
  fileName: string;
  widthPx: number;
  heightPx: number;
  /** What was done to the file, for the note shown after insertion (absent when stored as is). */
  change?: { kind: 'toGif' | 'toJpeg' | 'firstFrame' | 'scaled'; from: string; scaledFrom?: { width: number; height: number } };
}

export class ImageIntakeError extends Error {
  constructor(readonly code: 'unsupported' | 'unreadable') {
    super(code);
  }
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function renamed(name: string, ext: string): string {
  const base = name.replace(/[/\\]/g, '_').replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'figure';
  return `${base.slice(0, 190)}.${ext}`;
}

/** At most 256 distinct colours → the palette and indexed pixels; otherwise undefined. */
function exactPalette(data: Uint8ClampedArray): { palette: number[]; indexed: number[] } | undefined {
  const index = new Map<number, number>();
  const palette: number[] = [];
  const indexed = new Array<number>(data.length / 4);
  for (let p = 0, i = 0; p < data.length; p += 4, i++) {
    const rgb = (data[p]! << 16) | (data[p + 1]! << 8) | data[p + 2]!;
    let k = index.get(rgb);
    if (k === undefined) {
      if (palette.length === 256) return undefined;
      k = palette.length;
      index.set(rgb, k);
      palette.push(rgb);
    }
    indexed[i] = k;
  }
  // A GIF palette has a power-of-two length, at least 2.
  let size = 2;
  while (size < palette.length) size *= 2;
  while (palette.length < size) palette.push(0);
  return { palette, indexed };
}

function encodeGif(image: ImageData, palette: number[], indexed: number[]): Uint8Array {
  const buffer = new Uint8Array(image.width * image.height * 2 + palette.length * 3 + 1024);
  const writer = new GifWriter(buffer, image.width, image.height, { palette });
  writer.addFrame(0, 0, image.width, image.height, indexed);
  return buffer.subarray(0, writer.end());
}

async function decode(file: Blob): Promise<ImageBitmap> {
  try {
    return await createImageBitmap(file);
  } catch {
    throw new ImageIntakeError('unreadable');
  }
}

export async function intakeImage(file: File): Promise<IntakeResult> {
  if (!(ACCEPTED_IMAGE_TYPES as readonly string[]).includes(file.type)) throw new ImageIntakeError('unsupported');
  const bytes = new Uint8Array(await file.arrayBuffer());
  const from = file.type.slice('image/'.length).toUpperCase();
  let animated = false;
  if (file.type === 'image/gif') {
    try {
      animated = new GifReader(bytes).numFrames() > 1;
    } catch {
      throw new ImageIntakeError('unreadable');
    }
  }
  const bitmap = await decode(file);
  const { width, height } = bitmap;
  const scale = Math.min(1, FIGURE_MAX_PX / Math.max(width, height));
  const passThrough = (file.type === 'image/jpeg' || file.type === 'image/gif') && !animated && scale === 1;
  if (passThrough) {
    bitmap.close();
    return {
      mimeType: file.type,
      dataBase64: toBase64(bytes),
      fileName: renamed(file.name, file.type === 'image/jpeg' ? 'jpg' : 'gif'),
      widthPx: width,
      heightPx: height,
    };
  }
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  // Transparent areas print on white paper: flatten onto white (neither JPEG nor a plain GIF keeps alpha well).
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  const scaledFrom = scale < 1 ? { width, height } : undefined;
  const pixels = ctx.getImageData(0, 0, w, h);
  // A JPEG stays a JPEG when only scaled; everything else few-coloured becomes GIF.
  const indexedImage = file.type === 'image/jpeg' ? undefined : exactPalette(pixels.data);
  if (indexedImage) {
    const gif = encodeGif(pixels, indexedImage.palette, indexedImage.indexed);
    const kind = file.type === 'image/gif' ? (animated ? 'firstFrame' : 'scaled') : 'toGif';
    return {
      mimeType: 'image/gif',
      dataBase64: toBase64(gif),
      fileName: renamed(file.name, 'gif'),
      widthPx: w,
      heightPx: h,
      change: { kind, from, ...(scaledFrom ? { scaledFrom } : {}) },
    };
  }
  const url = canvas.toDataURL('image/jpeg', JPEG_QUALITY);
  const kind = file.type === 'image/jpeg' ? 'scaled' : 'toJpeg';
  return {
    mimeType: 'image/jpeg',
    dataBase64: url.slice(url.indexOf(',') + 1),
    fileName: renamed(file.name, 'jpg'),
    widthPx: w,
    heightPx: h,
    change: { kind, from, ...(scaledFrom ? { scaledFrom } : {}) },
  };
}
