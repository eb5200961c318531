import { affirmed, has, hedged, negated, readStatements, type ConceptLexicon, type Segment, type WordingVerdict } from './wording';

/**
 * The statements S-K 1300 requires in words, read for their meaning (see wording.ts). Each reader
 * takes every text where the statement may stand (its field, the section text) and returns
 * 'stated', 'missing', 'weakened' (hedged or partial) or 'contradicted' (another sentence asserts
 * the opposite).
 */

const DEMONSTRATED = [
  'demonstrat',
  'demonstrad',
  'demonstrar',
  'demonstrou',
  'demonstram',
  'establish',
  'estabelec',
  'proven',
  'proved',
  'prove',
  'comprov',
  'provad',
  'confirm',
  'shown',
  'evidenc',
  'substantiat',
  'verified',
  'atestad',
];
const CERTAINTY = ['certain', 'certeza', 'assurance', 'assured', 'guarantee', 'garantia', 'garantid'];
/** "a future contract", "contrato futuro": not yet a contract. */
const FUTURE = new Set(['future', 'futuro', 'futura', 'proposed', 'proposto', 'proposta', 'pending', 'pendente']);
const APPLY = ['apply', 'applies', 'applicable', 'aplica', 'aplicavel', 'aplicam'];
const NOT_APPLY = ['applied', 'aplicados', 'aplicadas', 'aplicado', 'aplicada', 'aplicacao', 'aplicar', 'aplicaveis'];
const HEDGE_WORDS = new Set([
  'may',
  'might',
  'could',
  'possibly',
  'perhaps',
  'probably',
  'likely',
  'pode',
  'podem',
  'poderia',
  'poderiam',
  'possivelmente',
  'talvez',
  'provavelmente',
  'somewhat',
  'whether',
  'if',
  'caso',
  'potentially',
  'potencialmente',
  'future',
  'futuro',
  'futura',
  'proposed',
  'proposto',
  'negotiation',
  'negociacao',
]);

const VIABILITY_LEXICON: ConceptLexicon = {
  concepts: {
    res: ['resourc', 'recurs'],
    reserve: ['reserv'],
    demo: DEMONSTRATED,
    viab: ['viab', 'viav'],
    econ: ['econom'],
    cert: CERTAINTY,
    apply: APPLY,
    mineral: ['mineral', 'minera'],
  },
  negatedWords: {
    undemonstrated: 'demo',
    unproven: 'demo',
    unestablished: 'demo',
    unconfirmed: 'demo',
    unsubstantiated: 'demo',
    indemonstrad: 'demo',
    uncertain: 'cert',
    incerta: 'cert',
    incerto: 'cert',
    incertos: 'cert',
    incertas: 'cert',
    incerteza: 'cert',
    nonviable: 'viab',
    unviable: 'viab',
    inviavel: 'viab',
    inviaveis: 'viab',
  },
  exclusions: [...NOT_APPLY, 'reservado', 'reservada', 'reservados', 'reservadas', 'shows'],
};

function hedgedAffirmation(seg: Segment, concepts: readonly string[]): boolean {
  return seg.tokens.some(
    (t, i) =>
      concepts.includes(t.concept ?? '') &&
      !t.negated &&
      (seg.tokens.slice(Math.max(0, i - 6), i).some((b) => HEDGE_WORDS.has(b.word)) || seg.tokens.slice(i + 1, i + 3).some((b) => FUTURE.has(b.word))),
  );
}

/** Subject of a segment: its own resource/reserve words, else the previous ordinary segment's. */
function subjects(segments: readonly Segment[]): Array<{ res: boolean; reserve: boolean }> {
  const out: Array<{ res: boolean; reserve: boolean }> = [];
  let last = { res: false, reserve: false };
  for (const seg of segments) {
    const own = { res: has(seg, 'res'), reserve: affirmed(seg, 'reserve') };
    const s = own.res || own.reserve ? own : last;
    out.push(s);
    if (seg.opener !== 'unlike' && (own.res || own.reserve)) last = own;
  }
  return out;
}

/**
 * "Mineral resources (that are not mineral reserves) do not have demonstrated economic viability"
 * — Item 601(b)(96)(iii)(B)(19)(iv) for an initial assessment with an economic analysis.
 */
export function readNoDemonstratedViability(texts: readonly string[]): WordingVerdict {
  let stated = false;
  let weakened = false;
  let contradicted = false;
  for (const text of texts) {
    for (const segments of readStatements(text, VIABILITY_LEXICON)) {
      const subj = subjects(segments);
      let sentenceStated = false;
      let cancelled = false;
      segments.forEach((seg, i) => {
        if (negated(seg, 'apply')) cancelled = true;
        const aboutResources = subj[i]!.res && !(has(seg, 'res') ? false : subj[i]!.reserve);
        const viability = has(seg, 'viab');
        const demoNeg = negated(seg, 'demo') || (negated(seg, 'viab') && has(seg, 'demo'));
        const certNeg = negated(seg, 'cert');
        if (aboutResources && viability && (demoNeg || certNeg)) {
          if (hedged(seg, 'demo') || hedged(seg, 'viab') || seg.quantified.has('res')) weakened = true;
          else sentenceStated = true;
          return;
        }
        // Elliptic contrast: "reserves have demonstrated economic viability, but resources do not" /
        // "unlike mineral resources, mineral reserves have …".
        if (has(seg, 'res') && !viability && (seg.danglingNegation || seg.opener === 'unlike')) {
          const neighbours = [segments[i - 1], segments[i + 1]].filter((s): s is Segment => !!s);
          if (neighbours.some((n) => affirmed(n, 'reserve') && !has(n, 'res') && has(n, 'viab') && affirmed(n, 'demo'))) sentenceStated = true;
          return;
        }
        // A positive claim of viability about resources (not hedged, not about reserves) contradicts.
        const claims = viability && !negated(seg, 'viab') && !negated(seg, 'demo') && !certNeg && !negated(seg, 'cert');
        if (aboutResources && claims && !affirmed(seg, 'reserve') && !hedgedAffirmation(seg, ['viab', 'demo'])) {
          if (affirmed(seg, 'demo') || seg.tokens.some((t) => t.concept === 'viab' && /^(viable|viave|viavei|economically)/.test(t.word))) contradicted = true;
        }
      });
      if (cancelled && sentenceStated) contradicted = true;
      else if (sentenceStated) stated = true;
    }
  }
  if (contradicted) return 'contradicted';
  if (stated) return 'stated';
  return weakened ? 'weakened' : 'missing';
}

const INFERRED_LEXICON: ConceptLexicon = {
  concepts: {
    inferred: ['inferr', 'inferid'],
    spec: ['speculat', 'especulat'],
    confidence: ['confidence', 'confianca'],
    reserve: ['reserv'],
    categ: ['categori', 'classif', 'convert', 'conversion', 'convers', 'reclassif'],
    realiz: ['realiz', 'realis', 'achiev', 'alcanc', 'materializ', 'concretiz'],
    cert: CERTAINTY,
    mineral: ['mineral', 'minera'],
    econ: ['econom'],
  },
  negatedWords: { uncertain: 'cert', incerta: 'cert', incerto: 'cert', incerteza: 'cert', unrealized: 'realiz', unachievable: 'realiz' },
  exclusions: ['reservado', 'reservada'],
};
const TOO = new Set(['too', 'overly', 'excessively', 'demasiado', 'demasiadamente', 'demais', 'excessivamente', 'muito']);
const PRONOUNS = new Set(['these', 'they', 'such', 'those', 'eles', 'elas', 'estes', 'estas', 'esses', 'essas', 'tais']);
const LOW = new Set(['low', 'lower', 'limited', 'insufficient', 'inadequate', 'little', 'baixa', 'baixo', 'reduzida', 'insuficiente', 'limitada', 'pouca']);

/**
 * "Inferred mineral resources are considered too speculative geologically to have modifying factors
 * applied that would enable them to be categorized as mineral reserves" — 17 CFR 229.1302(d)(4)(ii),
 * for inferred material in an initial assessment's economics.
 */
export function readInferredTooSpeculative(texts: readonly string[]): WordingVerdict {
  let stated = false;
  let weakened = false;
  let contradicted = false;
  for (const text of texts) {
    let previousInferred = false;
    for (const segments of readStatements(text, INFERRED_LEXICON)) {
      // "…uses inferred resources. These are too speculative…": a pronoun carries the subject over.
      let lastInferred = PRONOUNS.has(segments[0]?.tokens[0]?.word ?? '') && previousInferred;
      previousInferred = false;
      for (const seg of segments) {
        const aboutInferred = has(seg, 'inferred') || lastInferred;
        if (has(seg, 'inferred')) previousInferred = true;
        if (seg.opener !== 'unlike') lastInferred = has(seg, 'inferred') || lastInferred;
        if (!aboutInferred) continue;
        const specIdx = seg.tokens.findIndex((t) => t.concept === 'spec');
        const confIdx = seg.tokens.findIndex((t) => t.concept === 'confidence');
        const too = seg.tokens.some((t) => TOO.has(t.word));
        const low = confIdx >= 0 && seg.tokens.slice(Math.max(0, confIdx - 6), confIdx + 4).some((t) => LOW.has(t.word) || TOO.has(t.word));
        if (specIdx >= 0 && negated(seg, 'spec')) {
          contradicted = true;
          continue;
        }
        // "can be categorized as reserves" without "too … to" / negation asserts the opposite.
        if (affirmed(seg, 'categ') && affirmed(seg, 'reserve') && !too && specIdx < 0 && !low && !hedgedAffirmation(seg, ['categ'])) {
          contradicted = true;
          continue;
        }
        if (specIdx >= 0 || low) {
          const hedgedSpec = specIdx >= 0 && seg.tokens.slice(Math.max(0, specIdx - 3), specIdx).some((t) => HEDGE_WORDS.has(t.word));
          if (hedgedSpec || seg.quantified.has('inferred')) weakened = true;
          else stated = true;
        }
      }
      // "…the economic assessment will be realized" asserted with certainty contradicts the caveat.
      for (const seg of segments) {
        if (
          affirmed(seg, 'realiz') &&
          !negated(seg, 'cert') &&
          !hedgedAffirmation(seg, ['realiz']) &&
          seg.tokens.some((t) => t.word === 'will' || t.word === 'sera' || t.word === 'serao' || t.concept === 'cert')
        )
          contradicted = true;
      }
    }
  }
  if (contradicted) return 'contradicted';
  if (stated) return 'stated';
  return weakened ? 'weakened' : 'missing';
}

const CONTRACT_LEXICON: ConceptLexicon = {
  concepts: {
    contract: ['contract', 'contrat', 'offtake', 'agreement', 'acordo'],
    price: ['price', 'preco', 'pricing'],
  },
  exclusions: ['contractor', 'contractors', 'contratada', 'contratadas', 'contratante'],
};

/** A contract price is allowed if disclosed as contractual — Item 601(b)(96)(iii)(B)(11)(iii). */
export function readContractDisclosed(texts: readonly string[]): WordingVerdict {
  let stated = false;
  let weakened = false;
  let contradicted = false;
  for (const text of texts) {
    for (const segments of readStatements(text.replace(/off[-\s]take/gi, 'offtake'), CONTRACT_LEXICON)) {
      for (const seg of segments) {
        if (negated(seg, 'contract')) contradicted = true;
        else if (affirmed(seg, 'contract')) {
          if (hedgedAffirmation(seg, ['contract'])) weakened = true;
          else stated = true;
        }
      }
    }
  }
  if (contradicted) return 'contradicted';
  if (stated) return 'stated';
  return weakened ? 'weakened' : 'missing';
}
