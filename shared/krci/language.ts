/**
 * Is a text Portuguese or English? A small stop-word-ratio detector: the share of the words that
 * are among the most frequent function words of each language. Function words carry no subject
 * matter, so mining terms borrowed across the two languages ("lavra", "pit", "ROM") do not sway it.
 * Accents are folded first, so "não"/"nao" count alike.
 */
const PT = new Set(
  'a o os as de do da dos das em no na nos nas um uma uns umas por pelo pela pelos pelas para com sem que se nao mais como mas foi sao ser esta este estes estas esse essa isso ao aos ou tambem sua seu suas seus ja entre sobre ate quando muito nos foram pode onde apos cada sendo sera tem possui'.split(' '),
);
const EN = new Set(
  'the of and to in is are was were be been by for with on at from as that this these those which or an it its not no but has have had will would can may should than into their there where when each any all also such over under after between within per only other most'.split(' '),
);

export interface LanguageGuess {
  language: 'en' | 'pt' | 'unknown';
  words: number;
  /** Share of Portuguese and English function words among all words. */
  pt: number;
  en: number;
}

/** Fewer words than this and the text is too short to judge (a title, a table caption). */
export const MIN_WORDS = 25;

export function detectLanguage(text: string): LanguageGuess {
  const words = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  let pt = 0;
  let en = 0;
  for (const w of words) {
    // "a", "as", "no" are both Portuguese and English; each language's list claims its own.
    if (PT.has(w)) pt++;
    if (EN.has(w)) en++;
  }
  const n = words.length;
  const out = { words: n, pt: n ? pt / n : 0, en: n ? en / n : 0 };
  if (n < MIN_WORDS) return { language: 'unknown', ...out };
  if (pt > en * 1.5 && out.pt >= 0.12) return { language: 'pt', ...out };
  if (en > pt * 1.5 && out.en >= 0.12) return { language: 'en', ...out };
  return { language: 'unknown', ...out };
}
