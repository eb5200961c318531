/**
 * The one definition of "control character" (C0 controls U+0000–U+001F and DEL U+007F) for every
 * check and clean-up in the workstation. Callers say which of tab, line feed and carriage return
 * their text may keep; the pattern is built from code points so no control character sits in a
 * regex literal. EDGAR files refuse the C1 controls too: `isC0OrC1Control` below.
 */
const C0_AND_DEL: readonly number[] = [...Array.from({ length: 0x20 }, (_, code) => code), 0x7f];

export type KeptControl = '\t' | '\n' | '\r';

export function controlCharPattern(keep: readonly KeptControl[], flags = ''): RegExp {
  const kept = new Set(keep.map((c) => c.charCodeAt(0)));
  const codes = C0_AND_DEL.filter((code) => !kept.has(code));
  return new RegExp(`[${codes.map((code) => `\\u${code.toString(16).padStart(4, '0')}`).join('')}]`, flags);
}

/** Multi-line plain text (titles, notes, addresses): tab and line breaks are text, the rest is refused. */
export const TEXT_CONTROL_CHARS = controlCharPattern(['\t', '\n', '\r']);
/** One run of rich text: a line break is a `lineBreak` inline, so only tab is text. */
export const INLINE_CONTROL_CHARS = controlCharPattern(['\t']);

/** `pattern` must not be global (a global RegExp keeps state between test() calls). */
export function hasControlChars(text: string, pattern: RegExp = TEXT_CONTROL_CHARS): boolean {
  return pattern.test(text);
}

export function stripControlChars(text: string, keep: readonly KeptControl[]): string {
  return text.replace(controlCharPattern(keep, 'g'), '');
}

/**
 * C0, DEL and also the C1 controls U+0080–U+009F, by code point: what an EDGAR HTML file may not
 * hold, so the EDGAR writer drops exactly what the EDGAR lint refuses. Callers let tab and line
 * breaks through before asking.
 */
export function isC0OrC1Control(codePoint: number): boolean {
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f);
}
