/**
 * Text that cannot be stored or exported faithfully is refused instead of "repaired": a lenient
 * decoder turns invalid UTF-8 into U+FFFD (the user's text silently changes), and a lone UTF-16
 * surrogate (`"\uD800"` in JSON) is not a character at all — SQLite, the EDGAR writer and every
 * UTF-8 file would mangle it.
 */

/** Offset of the first byte that is not part of well-formed UTF-8 (RFC 3629), or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-8-encoded surrogates and code points past U+10FFFF are all invalid.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * The JSON path (`$.sections[3].title`) of the first string — value or key — holding a lone
 * surrogate, or null. Walks at most `maxNodes` nodes so a hostile payload cannot make it slow.
 */
export function loneSurrogatePath(value: unknown, maxNodes = 1_000_000): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '$' }];
  let visited = 0;
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (++visited > maxNodes) return null;
    if (typeof v === 'string') {
      if (hasLoneSurrogate(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}[${i}]` });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        const childPath = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
        if (hasLoneSurrogate(k)) return childPath;
        stack.push({ value: child, path: childPath });
      }
    }
  }
  return null;
}
