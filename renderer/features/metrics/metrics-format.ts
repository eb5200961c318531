import type { Language } from '../../../shared/ipc/system-contract';
import { numberFormat } from '../../../shared/text/number-format';
import { formatNumber } from '../../format';

/** "—" stands for "no data" everywhere: a rate without calls is not 0 %. */
export const NO_VALUE = '—';

export function pct(value: number | null | undefined, language: Language, digits = 1): string {
  if (value === null || value === undefined) return NO_VALUE;
  return numberFormat(language, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function ms(value: number | null | undefined, language: Language): string {
  if (value === null || value === undefined) return NO_VALUE;
  if (value >= 1000) return `${formatNumber(value / 1000, language, 2)} s`;
  return `${formatNumber(value, language, 0)} ms`;
}

export function count(value: number | null | undefined, language: Language, digits = 0): string {
  if (value === null || value === undefined) return NO_VALUE;
  return formatNumber(value, language, digits);
}

export function bytes(value: number | null | undefined, language: Language): string {
  if (value === null || value === undefined) return NO_VALUE;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = value;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${formatNumber(v, language, i === 0 ? 0 : 1)} ${units[i]}`;
}

/** The label of histogram bucket i: "≤ 50", …, "> 60000". */
export function bucketLabel(bounds: readonly number[], i: number, language: Language): string {
  const b = bounds[i];
  if (b === undefined) return `> ${count(bounds[bounds.length - 1] ?? 0, language)}`;
  return `≤ ${count(b, language)}`;
}
