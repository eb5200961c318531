import { codeLabel, type CodeValue } from '../../trs/code-labels';
import { CODE_VALUES } from '../../trs/code-values';
import { numberFormat } from '../../text/number-format';
import type { KrciLanguage } from '../types';

/**
 * Values as a reader of each language writes them, for finding messages: class labels
 * (Measured + Indicated / Medido + Indicado) and numbers (56.8 Mt / 56,8 Mt). Every message
 * parameter that shows a value comes in both forms: `x` (English) and `xPt` (Portuguese).
 */
/** A resource or reserve class in the language's words (the one label module, shared/trs/code-labels.ts). */
export function classLabel(cls: string, lang: KrciLanguage): string {
  return (CODE_VALUES.estimateClass as readonly string[]).includes(cls) ? codeLabel('estimateClass', cls as CodeValue<'estimateClass'>, lang) : cls;
}

const LOCALE: Record<KrciLanguage, string> = { en: 'en-US', 'pt-BR': 'pt-BR' };

/** A number in the language's format, to `digits` significant digits (1,234.5 / 1.234,5). */
export function formatNumber(value: number, lang: KrciLanguage, digits = 6): string {
  return numberFormat(LOCALE[lang], { maximumSignificantDigits: digits }).format(value);
}

/** Tonnes in the unit a reader expects: 56 800 000 → "56.8 Mt" / "56,8 Mt"; 812 000 → "812 kt". */
export function formatTonnes(t: number, lang: KrciLanguage): string {
  const abs = Math.abs(t);
  if (abs >= 1e6) return `${formatNumber(t / 1e6, lang, 4)} Mt`;
  if (abs >= 1e3) return `${formatNumber(t / 1e3, lang, 4)} kt`;
  return `${formatNumber(t, lang, 4)} t`;
}

/** Both language forms of one value: `{ [name]: en, [name + 'Pt']: pt }`. */
export function bilingual(name: string, show: (lang: KrciLanguage) => string): Record<string, string> {
  return { [name]: show('en'), [`${name}Pt`]: show('pt-BR') };
}
