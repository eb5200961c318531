import type { NumberLocale } from './numbers';

/**
 * Calendar dates as the user writes them: dd/mm/aaaa in pt-BR, mm/dd/yyyy in en. Stored as ISO
 * yyyy-mm-dd. ISO typed directly is accepted in both languages. No two-digit years and no
 * impossible days (31/02), so nothing is silently misread.
 */

export const DATE_PATTERN: Record<NumberLocale, string> = { 'pt-BR': 'dd/mm/aaaa', en: 'mm/dd/yyyy' };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatLocaleDate(iso: string | null, locale: NumberLocale): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!m) return iso ?? '';
  const [, y, mo, d] = m;
  return locale === 'pt-BR' ? `${d}/${mo}/${y}` : `${mo}/${d}/${y}`;
}

function validIso(y: number, mo: number, d: number): string | undefined {
  if (y < 1800 || y > 2200 || mo < 1 || mo > 12 || d < 1) return undefined;
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= days ? `${pad(y, 4)}-${pad(mo)}-${pad(d)}` : undefined;
}

/** ISO date, `null` for an empty entry, `undefined` when the text is not a date in this language. */
export function parseLocaleDate(text: string, locale: NumberLocale): string | null | undefined {
  const s = text.trim();
  if (s === '') return null;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (iso) return validIso(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (!m) return undefined;
  const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return locale === 'pt-BR' ? validIso(y, b, a) : validIso(y, a, b);
}
