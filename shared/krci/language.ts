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

// The automaton the counter walks, one column per Latin-1 unit: each of them folds to one letter
// (é → e, ª → a, ASCII capitals to small) or to none, which ends a word. A state is kept as its
// row's offset (state << 8), so the next state is one load away: the walk is a chain of dependent
// loads, and its length is what a count costs. A unit that is no letter leads back to ROOT and
// ends the word of the state it leaves: EMIT[state] is what that word adds to a packed count
// (words + pt × 2^17 + en × 2^34, exact in a double while each field stays below 2^17). "a",
// "as", "no" are both Portuguese and English: each language's list claims its own.
const STEP = new Uint16Array(mark.length << 8);
const ENDS = new Float64Array(256);
for (let c = 0; c < 256; c++) {
  const f = foldUnit(c);
  const letter = f.length === 1 && f >= 'a' && f <= 'z' ? f.charCodeAt(0) - 97 : -1;
  ENDS[c] = letter < 0 ? 1 : 0;
  for (let state = 0; state < mark.length; state++) STEP[(state << 8) | c] = letter < 0 ? ROOT : next[state * 26 + letter]! << 8;
}
const PT_UNIT = 2 ** 17;
const EN_UNIT = 2 ** 34;
/** Packed counts are unpacked every FLUSH + 1 steps: at most 2^16 words, below a field's 2^17. */
const FLUSH = 2 ** 15 - 1;
const EMIT = Float64Array.from(mark, (m, state) => (state === ROOT ? 0 : 1 + (m & PT_MARK ? PT_UNIT : 0) + (m & EN_MARK ? EN_UNIT : 0)));

interface Tally {
  words: number;
  pt: number;
  en: number;
}

function addPacked(into: Tally, packed: number): void {
  const en = Math.floor(packed / EN_UNIT);
  const rest = packed - en * EN_UNIT;
  const pt = Math.floor(rest / PT_UNIT);
  into.words += rest - pt * PT_UNIT;
  into.pt += pt;
  into.en += en;
}

/** The word ending in `state`, added to `into`. */
function endWord(state: number, into: Tally): void {
  into.words++;
  const m = MARKS[state]!;
  if (m & PT_MARK) into.pt++;
  if (m & EN_MARK) into.en++;
}

/** Any unit from row `row`, its word (if it ends one) added to `into` directly: the row it leads to. */
function stepAside(row: number, code: number, into: Tally): number {
  if (code <= 0xff) {
    if (ENDS[code] === 1 && row !== ROOT) endWord(row >> 8, into);
    return STEP[row | code]!;
  }
  let state = row >> 8;
  const folded = foldUnit(code);
  for (let k = 0; k < folded.length; k++) {
    const f = folded.charCodeAt(k);
    if (f >= 97 && f <= 122) state = TRIE[state * 26 + f - 97]!;
    else if (state !== ROOT) {
      endWord(state, into);
      state = ROOT;
    }
  }
  return state << 8;
}

/** Walks units [from, to) as one chain from row `row`: the row it ends in. */
function walk(text: string, from: number, to: number, row: number, into: Tally): number {
  let a = row;
  let acc = 0;
  for (let i = from; i < to; i++) {
    if ((i & FLUSH) === FLUSH) {
      addPacked(into, acc);
      acc = 0;
    }
    const c = text.charCodeAt(i);
    if (c > 0xff) {
      a = stepAside(a, c, into);
      continue;
    }
    acc += EMIT[a >> 8]! * ENDS[c]!;
    a = STEP[a | c]!;
  }
  addPacked(into, acc);
  return a;
}

/** Below this length a piece ("-6", " m/s.", a blank line) is walked unit by unit, without the set-up. */
const SHORT = 24;

function walkShort(text: string, row: number, into: Tally): number {
  let a = row;
  for (let i = 0; i < text.length; i++) a = stepAside(a, text.charCodeAt(i), into);
  return a;
}

/**
 * Counts the words of `text` into `into`, walking on from row `row` (a word cut at the end of the
 * previous piece goes on); returns the row the text ends in, its last word not yet ended.
 */
function countInto(text: string, row: number, into: Tally): number {
  // A hot path: a full check reads every block of a long report (~800 000 characters) this way.
  // The two halves of the text, split at a separator (so no word spans the split), are walked at
  // once: two independent chains of loads, which the processor runs side by side. The loop body
  // is kept to Latin-1 (anything else steps aside) and to no nested loop, which is what keeps it
  // fast: a chunked or a break-and-resume version of it measured half as fast again.
  const n = text.length;
  if (n < SHORT) return walkShort(text, row, into);
  let mid = n >> 1;
  while (mid < n && ENDS[text.charCodeAt(mid)] !== 1) mid++;
  const both = Math.min(mid, n - mid);
  let a = row;
  let b = ROOT;
  let accA = 0;
  let accB = 0;
  for (let i = 0; i < both; i++) {
    if ((i & FLUSH) === FLUSH) {
      addPacked(into, accA + accB);
      accA = accB = 0;
    }
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(mid + i);
    if ((c | d) > 0xff) {
      a = stepAside(a, c, into);
      b = stepAside(b, d, into);
      continue;
    }
    accA += EMIT[a >> 8]! * ENDS[c]!;
    a = STEP[a | c]!;
    accB += EMIT[b >> 8]! * ENDS[d]!;
    b = STEP[b | d]!;
  }
  addPacked(into, accA + accB);
  // What is left of the longer half. With no separator after the middle, the first half is all of it.
  a = walk(text, both, mid, a, into);
  if (mid === n) return a;
  // The separator at the middle ends the first half's last word.
  if (a !== ROOT) endWord(a >> 8, into);
  return walk(text, mid + both, n, b, into);
}

/** Counts over a text given in pieces: the counts of the pieces' concatenation, without building it. */
export class FunctionWordCounter {
  private row = ROOT;
  private readonly tally: Tally = { words: 0, pt: 0, en: 0 };

  add(piece: string): void {
    this.row = countInto(piece, this.row, this.tally);
  }

  /** The counts so far, the end of the text ending its last word. */
  counts(): LanguageCounts {
    const out = { ...this.tally };
    if (this.row !== ROOT) endWord(this.row >> 8, out);
    return out;
  }
}

export function countFunctionWords(text: string): LanguageCounts {
  const counter = new FunctionWordCounter();
  counter.add(text);
  return counter.counts();
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
