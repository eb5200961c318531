/**
 * Number entry and display in pt-BR (1.234,56) and en (1,234.56). Parsing is strict: a thousands
 * separator must group exactly three digits, so "1.234" means one thousand two hundred and
 * thirty-four in pt-BR and one point two three four in en, and "1.23" is rejected in pt-BR
 * instead of being silently read as 123.
 */
import { numberFormat } from '../text/number-format';

export type NumberLocale = 'pt-BR' | 'en';

const SEPARATORS: Record<NumberLocale, { decimal: string; group: string }> = {
  'pt-BR': { decimal: ',', group: '.' },
  en: { decimal: '.', group: ',' },
};

/** Spaces (incl. NBSP / narrow NBSP used by Intl) are accepted as thousands separators in both locales. */
const SPACE_GROUP = /[\s\u00A0\u202F]/g;

export function parseLocaleNumber(input: string, locale: NumberLocale): number | null {
  const { decimal, group } = SEPARATORS[locale];
  let s = input.trim().replace(/\u2212/g, '-');
  if (s === '') return null;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s.startsWith('-')) sign = -1;
    s = s.slice(1).trim();
  }
  const spaced = SPACE_GROUP.test(s);
  SPACE_GROUP.lastIndex = 0;
  if (spaced) {
    if (s.includes(group)) return null;
    s = s.replace(SPACE_GROUP, group);
  }
  const decimalIndex = s.indexOf(decimal);
  if (decimalIndex !== s.lastIndexOf(decimal)) return null;
  const intPart = decimalIndex >= 0 ? s.slice(0, decimalIndex) : s;
  const fracPart = decimalIndex >= 0 ? s.slice(decimalIndex + 1) : '';
  if (decimalIndex >= 0 && fracPart === '' && intPart === '') return null;
  if (!/^\d*$/.test(fracPart)) return null;
  let digits: string;
  if (intPart.includes(group)) {
    const esc = group === '.' ? '\\.' : group;
    if (!new RegExp(`^\\d{1,3}(${esc}\\d{3})+$`).test(intPart)) return null;
    digits = intPart.split(group).join('');
  } else {
    if (!/^\d*$/.test(intPart)) return null;
    digits = intPart;
  }
  if (digits === '' && fracPart === '') return null;
  const value = Number(`${digits || '0'}.${fracPart || '0'}`);
  return Number.isFinite(value) ? sign * value : null;
}

export interface FormatOptions {
  minimumFractionDigits?: number;
  maximumFractionDigits?: number;
  /** Thousands grouping (default true). */
  useGrouping?: boolean;
}

export function formatLocaleNumber(value: number | null, locale: NumberLocale, options: FormatOptions = {}): string {
  if (value === null || !Number.isFinite(value)) return '';
  const maximumFractionDigits = options.maximumFractionDigits ?? 6;
  return numberFormat(locale, {
    minimumFractionDigits: Math.min(options.minimumFractionDigits ?? 0, maximumFractionDigits),
    maximumFractionDigits,
    useGrouping: options.useGrouping ?? true,
  }).format(value);
}
