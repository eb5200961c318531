/**
 * Is a text Portuguese or English? A small stop-word-ratio detector: the share of the words that
 * are among the most frequent function words of each language. Function words carry no subject
 * matter, so mining terms borrowed across the two languages ("lavra", "pit", "ROM") do not sway it.
 * Accents are folded first, so "não"/"nao" count alike.
 *
 * The words are those that `text.normalize('NFD')`, dropping the combining accents
 * U+0300–U+036F, lower case and splitting at anything but a–z give. The counter reaches the same
 * words in one pass over the characters, walking a trie of the function words, without building
 * the folded copy or an array of words: a long TRS has ~100 000 words, read on every full check.
 */
const PT_WORDS =
  'a o os as de do da dos das em no na nos nas um uma uns umas por pelo pela pelos pelas para com sem que se nao mais como mas foi sao ser esta este estes estas esse essa isso ao aos ou tambem sua seu suas seus ja entre sobre ate quando muito nos foram pode onde apos cada sendo sera tem possui'.split(
    ' ',
  );
const EN_WORDS =
  'the of and to in is are was were be been by for with on at from as that this these those which or an it its not no but has have had will would can may should than into their there where when each any all also such over under after between within per only other most'.split(
    ' ',
  );

// The trie: 26 transitions per state. ROOT is "between words"; DEAD is a word in neither list
// (every letter keeps it there); MARK says which list a word ending in a state belongs to.
const ROOT = 0;
const DEAD = 1;
const PT_MARK = 1;
const EN_MARK = 2;
const next: number[] = [];
const mark: number[] = [];
function addState(): number {
  for (let i = 0; i < 26; i++) next.push(DEAD);
  mark.push(0);
  return mark.length - 1;
}
addState(); // ROOT
addState(); // DEAD
for (const [words, m] of [
  [PT_WORDS, PT_MARK],
  [EN_WORDS, EN_MARK],
] as const) {
  for (const word of words) {
    let state = ROOT;
    for (let i = 0; i < word.length; i++) {
      const slot = state * 26 + word.charCodeAt(i) - 97;
      if (next[slot] === DEAD) next[slot] = addState();
      state = next[slot]!;
    }
    mark[state]! |= m;
  }
}
const MARKS = Uint8Array.from(mark);
/** ASCII code → letter index 0–25 (either case), or -1 for a separator. */
const ASCII_LETTER = Int8Array.from({ length: 128 }, (_, c) => (c >= 97 && c <= 122 ? c - 97 : c >= 65 && c <= 90 ? c - 65 : -1));
/** One read per ASCII character: STEP[state * 128 + code] is the next state, or END at a separator. */
const END = -1;
const STEP = new Int16Array(mark.length * 128);
for (let state = 0; state < mark.length; state++)
  for (let c = 0; c < 128; c++) STEP[state * 128 + c] = ASCII_LETTER[c]! >= 0 ? next[state * 26 + ASCII_LETTER[c]!]! : END;
const TRIE = Int32Array.from(next);

export interface LanguageGuess {
  language: 'en' | 'pt' | 'unknown';
  words: number;
  /** Share of Portuguese and English function words among all words. */
  pt: number;
  en: number;
}

/** Words of a text and how many of them are Portuguese and English function words. */
export interface LanguageCounts {
  words: number;
  pt: number;
  en: number;
}

/** Fewer words than this and the text is too short to judge (a title, a table caption). */
export const MIN_WORDS = 25;

// What one UTF-16 unit outside ASCII folds to: '' (an accent, dropped: the letters around it stay
// one word), or its letters (anything but a–z then ends the word). Computed once per unit with
// the same normalize → drop accents → lower-case steps as the definition above; per unit is the
// same as per text, as lower-casing a–z never depends on the neighbours.
const foldMemo = new Map<number, string>();
function foldUnit(code: number): string {
  let folded = foldMemo.get(code);
  if (folded === undefined) {
    // Surrogates: no character outside the BMP folds to a–z, so each half just ends the word.
    folded =
      code >= 0xd800 && code <= 0xdfff
        ? ' '
        : String.fromCharCode(code)
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, '')
            .toLowerCase();
    foldMemo.set(code, folded);
  }
  return folded;
}

export function countFunctionWords(text: string): LanguageCounts {
  // A hot path: a full check reads every block of a long report (~1 MB of text) this way.
  let state = ROOT;
  let words = 0;
  let pt = 0;
  let en = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      const step = STEP[(state << 7) | c]!;
      if (step !== END) state = step;
      else if (state !== ROOT) {
        words++;
        // "a", "as", "no" are both Portuguese and English; each language's list claims its own.
        const m = MARKS[state]!;
        if (m & PT_MARK) pt++;
        if (m & EN_MARK) en++;
        state = ROOT;
      }
      continue;
    }
    const folded = foldUnit(c);
    for (let k = 0; k < folded.length; k++) {
      const f = folded.charCodeAt(k);
      if (f >= 97 && f <= 122) state = TRIE[state * 26 + f - 97]!;
      else if (state !== ROOT) {
        words++;
        const m = MARKS[state]!;
        if (m & PT_MARK) pt++;
        if (m & EN_MARK) en++;
        state = ROOT;
      }
    }
  }
  // The end of the text ends its last word.
  if (state !== ROOT) {
    words++;
    const m = MARKS[state]!;
    if (m & PT_MARK) pt++;
    if (m & EN_MARK) en++;
  }
  return { words, pt, en };
}

/** The guess from counts (which may be summed over parts of a text split at word boundaries). */
export function guessLanguage(counts: LanguageCounts): LanguageGuess {
  const { words: n, pt, en } = counts;
  const out = { words: n, pt: n ? pt / n : 0, en: n ? en / n : 0 };
  if (n < MIN_WORDS) return { language: 'unknown', ...out };
  if (pt > en * 1.5 && out.pt >= 0.12) return { language: 'pt', ...out };
  if (en > pt * 1.5 && out.en >= 0.12) return { language: 'en', ...out };
  return { language: 'unknown', ...out };
}

export function detectLanguage(text: string): LanguageGuess {
  return guessLanguage(countFunctionWords(text));
}
