import i18next from 'i18next';
import { numberFormat } from '../shared/text/number-format';

/** The interface language, so dates and numbers follow it rather than the browser's locale. */
function uiLanguage(): string {
  return i18next.language || 'pt-BR';
}

/** Dates and numbers in the user's language: pt-BR gives 27/11/2026 14:05 and 1.234,5. */
export function formatDateTime(iso: string | number, language: string = uiLanguage()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' }).format(date);
}

export function formatTime(iso: string | number, language: string = uiLanguage()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(language, { timeStyle: 'medium' }).format(date);
}

export function formatNumber(value: number, language: string = uiLanguage(), maximumFractionDigits = 2): string {
  return numberFormat(language, { maximumFractionDigits }).format(value);
}
