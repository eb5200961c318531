import fs from 'node:fs';
import { QivoError } from '../../shared/errors';
import { invalidUtf8Offset } from '../../shared/text/well-formed';

/** Bytes → text, refusing invalid UTF-8 (a lenient decode would silently change the text). */
export function decodeUtf8Strict(bytes: Uint8Array, file: string): string {
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) throw new QivoError('file.invalidUtf8', `The file ${file} is not valid UTF-8 (byte ${bad})`, { file, offset: bad });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** A text file read strictly as UTF-8: invalid bytes are a translated `file.invalidUtf8` error with the offset. */
export function readUtf8FileStrict(file: string): string {
  return decodeUtf8Strict(fs.readFileSync(file), file);
}
