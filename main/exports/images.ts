import { GifReader } from 'omggif';
import { PNG } from 'pngjs';

/**
 * EDGAR wants figures as GIF or JPEG; PDFKit draws only JPEG and PNG. A GIF is therefore
 * re-encoded as PNG (first frame: EDGAR forbids animation anyway) for the PDF copy only.
 */
export function gifToPng(gif: Buffer): Buffer {
  const reader = new GifReader(new Uint8Array(gif.buffer, gif.byteOffset, gif.byteLength));
  const png = new PNG({ width: reader.width, height: reader.height });
  const pixels = new Uint8Array(reader.width * reader.height * 4);
  reader.decodeAndBlitFrameRGBA(0, pixels);
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return PNG.sync.write(png);
}

export function imageForPdf(mimeType: 'image/jpeg' | 'image/gif', data: Buffer): Buffer {
  return mimeType === 'image/gif' ? gifToPng(data) : data;
}
