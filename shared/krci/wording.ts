/**
 * A small, pure reader of compliance statements in English and Portuguese: it decides whether a
 * text *says* something (e.g. "mineral resources have no demonstrated economic viability"),
 * whatever the wording, rather than whether it contains one phrase.
 *
 * Pipeline: fold accents and case, expand contractions → sentences → segments (split at
 * contrastive connectors: "but", "however", "unlike …,", "mas", "porém", ";") → tokens, each tagged
 * with the concept it belongs to (synonym stems in both languages). A negator ("not", "no",
 * "never", "without", "lack", "não", "sem", "nenhum", "un-"/"in-" prefixes …) binds to the next
 * concept token within a short window; a hedge ("may", "pode", "necessarily") or a partial
 * quantifier ("some", "alguns") in front of it weakens the statement. Rules then ask questions
 * of the segments: is the claim there and negated (compliant), asserted positively
 * (contradiction), hedged (weakened) or absent (missing)?
 */

export interface ConceptLexicon {
  /** Concept id → word stems (folded, lower case); a token belongs to a concept when it starts with a stem. */
  readonly concepts: Readonly<Record<string, readonly string[]>>;
  /** Exact words that belong to a concept and carry their own negation ("undemonstrated", "incerta"). */
  readonly negatedWords?: Readonly<Record<string, string>>;
  /** Words that must never be read as a concept although a stem matches (e.g. "reservado"). */
  readonly exclusions?: readonly string[];
}

export interface Token {
  word: string;
  concept?: string;
  /** Set on concept tokens a negator (or a built-in negative prefix) binds to. */
  negated: boolean;
  /** The negation bound to this token is hedged ("may not", "não necessariamente"). */
  hedged: boolean;
}

export interface Segment {
  tokens: Token[];
  /** How the segment was opened: 'start', a contrast ('but', ';'), or 'unlike' ("unlike reserves, …"). */
  opener: 'start' | 'contrast' | 'unlike';
  /** A negator with no concept after it ("…, but mineral resources do not."). */
  danglingNegation: boolean;
  /** A partial quantifier stands before a concept ("some of the resources"); value = that concept. */
  quantified: Set<string>;
}

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'without',
  'lack',
  'lacks',
  'lacking',
  'lacked',
  'none',
  'neither',
  'nor',
  'cannot',
  'nao',
  'nem',
  'nunca',
  'sem',
  'nenhum',
  'nenhuma',
  'nenhuns',
  'nenhumas',
  'jamais',
  'carece',
  'carecem',
  'falta',
  'faltam',
  'inexiste',
]);
/** Multi-word negators, matched on the token stream ("yet to be demonstrated", "remains to be shown"). */
const NEGATOR_PHRASES: readonly (readonly string[])[] = [
  ['yet', 'to', 'be'],
  ['remains', 'to', 'be'],
  ['remain', 'to', 'be'],
  ['ainda', 'a', 'ser'],
  ['ainda', 'por', 'ser'],
  ['far', 'from'],
  ['longe', 'de'],
];
const HEDGES = new Set([
  'may',
  'might',
  'could',
  'possibly',
  'perhaps',
  'probably',
  'likely',
  'necessarily',
  'pode',
  'podem',
  'poderia',
  'poderiam',
  'possivelmente',
  'talvez',
  'provavelmente',
  'necessariamente',
  'somewhat',
  'fully',
  'totalmente',
  'plenamente',
]);
const PARTIAL = new Set([
  'some',
  'several',
  'certain',
  'most',
  'many',
  'part',
  'portion',
  'parte',
  'alguns',
  'algumas',
  'certos',
  'certas',
  'maioria',
  'muitos',
  'muitas',
  'parcela',
]);
const UNIVERSAL_BEFORE_PARTIAL = new Set(['any', 'all', 'qualquer', 'toda', 'todo', 'nenhuma', 'nenhum']);
const CONTRAST = new Set(['but', 'however', 'although', 'though', 'whereas', 'yet', 'mas', 'porem', 'contudo', 'entretanto', 'todavia', 'embora', 'enquanto']);
const UNLIKE_OPENERS: readonly (readonly string[])[] = [
  ['unlike'],
  ['contrary', 'to'],
  ['ao', 'contrario', 'de'],
  ['ao', 'contrario', 'das'],
  ['ao', 'contrario', 'dos'],
  ['diferentemente', 'de'],
  ['diferentemente', 'das'],
  ['diferentemente', 'dos'],
  ['diversamente', 'de'],
];
/** How far (in tokens) a negator reaches forward to the concept it negates. */
const NEGATION_WINDOW = 6;

/** Lower case, no accents, contractions expanded ("don't" → "do not", "can't" → "can not"). */
export function normaliseText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2019\u2018`´]/g, "'")
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, ' not')
    .replace(/\bcannot\b/g, 'can not');
}

function startsAt(words: readonly string[], i: number, phrase: readonly string[]): boolean {
  for (let k = 0; k < phrase.length; k++) if (words[i + k] !== phrase[k]) return false;
  return true;
}

function conceptOf(word: string, lexicon: ConceptLexicon): { concept?: string; negated: boolean } {
  const neg = lexicon.negatedWords?.[word];
  if (neg) return { concept: neg, negated: true };
  if (lexicon.exclusions?.includes(word)) return { negated: false };
  for (const [concept, stems] of Object.entries(lexicon.concepts)) {
    for (const stem of stems) if (word.startsWith(stem)) return { concept, negated: false };
  }
  return { negated: false };
}

function analyseSegment(words: readonly string[], opener: Segment['opener'], lexicon: ConceptLexicon): Segment {
  const tokens: Token[] = words.map((w) => {
    const c = conceptOf(w, lexicon);
    return { word: w, ...(c.concept ? { concept: c.concept } : {}), negated: c.negated, hedged: false };
  });
  let dangling = false;
  const quantified = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!.word;
    let negLen = 0;
    if (NEGATORS.has(w)) negLen = 1;
    else for (const p of NEGATOR_PHRASES) if (startsAt(words, i, p)) negLen = p.length;
    if (negLen > 0) {
      // A negator binds to the next concept token in reach; "that are not reserves" spends it on "reserves".
      let bound = false;
      for (let j = i + negLen; j < tokens.length && j <= i + negLen + NEGATION_WINDOW; j++) {
        const t = tokens[j]!;
        if (NEGATORS.has(t.word)) break;
        if (t.concept && t.concept !== 'econ' && t.concept !== 'mineral') {
          t.negated = !t.negated;
          const before = [tokens[i - 1]?.word, tokens[i - 2]?.word, tokens[i + negLen]?.word, tokens[j - 1]?.word];
          if (before.some((b) => b !== undefined && HEDGES.has(b))) t.hedged = true;
          bound = true;
          break;
        }
      }
      if (!bound) dangling = true;
      i += negLen - 1;
      continue;
    }
    if (PARTIAL.has(w) && !(w === 'certain' && tokens[i + 1]?.concept === undefined && tokens[i + 1]?.word === 'that')) {
      if (UNIVERSAL_BEFORE_PARTIAL.has(tokens[i - 1]?.word ?? '')) continue;
      for (let j = i + 1; j < tokens.length && j <= i + 4; j++) {
        const c = tokens[j]!.concept;
        if (c && c !== 'mineral' && c !== 'econ') {
          quantified.add(c);
          break;
        }
      }
    }
  }
  // A hedge right before a concept that carries its own negation ("may be unproven") weakens it too.
  for (let i = 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.negated && !t.hedged && (HEDGES.has(tokens[i - 1]!.word) || HEDGES.has(tokens[i - 2]?.word ?? ''))) t.hedged = true;
  }
  return { tokens, opener, danglingNegation: dangling, quantified };
}

/** Sentences of a text, each split into segments at contrastive connectors. */
export function readStatements(text: string, lexicon: ConceptLexicon): Segment[][] {
  const out: Segment[][] = [];
  for (const sentence of normaliseText(text).split(/[.!?\n]+(?:\s|$)|\n/)) {
    // Keep ';' and ',' as marks so "unlike X," can end at its comma.
    const marked = sentence.replace(/;/g, ' ; ').replace(/,/g, ' , ');
    const raw = marked.split(/[^a-z0-9;,]+/).filter(Boolean);
    const segments: Segment[] = [];
    let current: string[] = [];
    let opener: Segment['opener'] = 'start';
    let closeAtComma = false;
    const flush = (next: Segment['opener']) => {
      if (current.length > 0) segments.push(analyseSegment(current, opener, lexicon));
      current = [];
      opener = next;
    };
    for (let i = 0; i < raw.length; i++) {
      const w = raw[i]!;
      if (w === ';') {
        flush('contrast');
        closeAtComma = false;
        continue;
      }
      if (w === ',') {
        if (closeAtComma) {
          flush('start');
          closeAtComma = false;
        }
        continue;
      }
      const unlike = UNLIKE_OPENERS.find((p) => startsAt(raw, i, p));
      if (unlike) {
        flush('unlike');
        closeAtComma = true;
        i += unlike.length - 1;
        continue;
      }
      // "yet to be" is a negator, not the contrast "yet".
      if (CONTRAST.has(w) && !(w === 'yet' && raw[i + 1] === 'to')) {
        flush('contrast');
        continue;
      }
      current.push(w);
    }
    flush('start');
    if (segments.length > 0) out.push(segments);
  }
  return out;
}

export function has(segment: Segment, concept: string): boolean {
  return segment.tokens.some((t) => t.concept === concept);
}

/** The concept appears negated (odd number of negations bound to one of its tokens). */
export function negated(segment: Segment, concept: string): boolean {
  return segment.tokens.some((t) => t.concept === concept && t.negated);
}

/** The concept appears without negation. */
export function affirmed(segment: Segment, concept: string): boolean {
  return segment.tokens.some((t) => t.concept === concept && !t.negated);
}

export function hedged(segment: Segment, concept: string): boolean {
  return segment.tokens.some((t) => t.concept === concept && t.negated && t.hedged);
}

/** What a wording rule concluded about a text. */
export type WordingVerdict = 'stated' | 'missing' | 'weakened' | 'contradicted';
