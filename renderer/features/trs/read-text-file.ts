import { QivoError } from '../../../shared/errors';
import { invalidUtf8Offset } from '../../../shared/text/well-formed';

/**
 * A chosen file's text, strictly UTF-8. `File.text()` would replace every invalid byte with
 * U+FFFD and import the damaged text without a word; this refuses the file instead.
 */
export async function readUtf8File(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const bad = invalidUtf8Offset(bytes);
  if (bad >= 0) throw new QivoError('file.invalidUtf8', `The file ${file.name} is not valid UTF-8 (byte ${bad})`, { file: file.name, offset: bad });
  return new TextDecoder('utf-8').decode(bytes);
}
