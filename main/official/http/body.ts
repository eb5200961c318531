import iconv from 'iconv-lite';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes → text. A declared non-UTF-8 charset wins; otherwise strict UTF-8 is tried first and
 * windows-1252 (a superset of Latin-1's printable range) is the fallback, because several
 * agencies serve Latin-1 without saying so and a lenient UTF-8 decode silently mangles "ção".
 */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined): { text: string; encoding: string } {
  const declared = /charset=([^;\s]+)/i
    .exec(contentType ?? '')?.[1]
    ?.toLowerCase()
    .replace(/["']/g, '');
  if (declared && declared !== 'utf-8' && declared !== 'utf8' && iconv.encodingExists(declared)) {
    return { text: stripBom(iconv.decode(Buffer.from(bytes), declared)), encoding: declared };
  }
  try {
    return { text: stripBom(strictUtf8.decode(bytes)), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'win1252'), encoding: 'windows-1252' };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
