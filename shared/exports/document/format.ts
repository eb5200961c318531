import { numberFormat } from '../../text/number-format';
import type { DocBlock, DocInline, DocText } from './types';

export const NOT_STATED = 'not stated';

/** Dates as written in SEC filings: "June 30, 2025". ISO dates are calendar dates, so format in UTC. */
export function formatFilingDate(iso: string | null | undefined): string {
  if (!iso) return NOT_STATED;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}

const EXPORT_NUMBERS = numberFormat('en-US', { maximumFractionDigits: 6 });
/**
 * Numbers as the exhibits print them (en-US grouping, no rounding beyond the stored precision),
 * negative ones with the minus sign U+2212 (never the hyphen), the same in every format.
 */
export function formatExportNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return EXPORT_NUMBERS.format(value).replace('-', MINUS);
}

export const MINUS = '\u2212';

export const t = (text: string, marks: Omit<DocText, 'kind' | 'text'> = {}): DocText => ({ kind: 'text', text, ...marks });
/** A hyphen-minus that starts a number ("-20%", "(-5)") becomes the minus sign U+2212. */
// Most cells hold no hyphen at all: they skip the regex (a long table has tens of thousands).
export const withMinusSigns = (text: string): string => (text.includes('-') ? text.replace(/(^|[\s([])-(?=\d)/g, `$1${MINUS}`) : text);

export const cell = (text: string): DocInline[] => [t(withMinusSigns(text))];
export const para = (text: string, emphasis?: 'note' | 'caution'): DocBlock =>
  emphasis ? { kind: 'paragraph', inlines: [t(text)], emphasis } : { kind: 'paragraph', inlines: [t(text)] };
export const labelled = (label: string, value: string): DocBlock => ({ kind: 'paragraph', inlines: [t(`${label}: `, { bold: true }), t(value)] });

export function plain(inlines: readonly DocInline[]): string {
  return inlines.map((i) => (i.kind === 'break' ? '\n' : i.text)).join('');
}
