import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KRCI_RULES, createKrciChecker, evaluateRule } from '../../shared/krci';
import { FunctionWordCounter, countFunctionWords, detectLanguage, guessLanguage } from '../../shared/krci/language';
import { decimalsOf } from '../../shared/krci/rules/helpers';
import { isTotalDomain } from '../../shared/krci/rules/tables';
import { richTextToPlainText, visitPlainText, type Block, type Inline } from '../../shared/trs/rich-text';
import { context, loadSample, mutate } from '../support/krci-fixtures';

// The KRCI hot paths (issue 16: a full check of a long report in under 20 ms) answer exactly as
// the plain definitions they replace. The definitions are written out here as they were.

const PT = new Set(
  'a o os as de do da dos das em no na nos nas um uma uns umas por pelo pela pelos pelas para com sem que se nao mais como mas foi sao ser esta este estes estas esse essa isso ao aos ou tambem sua seu suas seus ja entre sobre ate quando muito nos foram pode onde apos cada sendo sera tem possui'.split(
    ' ',
  ),
);
const EN = new Set(
  'the of and to in is are was were be been by for with on at from as that this these those which or an it its not no but has have had will would can may should than into their there where when each any all also such over under after between within per only other most'.split(
    ' ',
  ),
);

/** The detector's definition: fold, split at anything but a–z, count list members. */
function definitionCounts(text: string) {
  const words = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  return { words: words.length, pt: words.filter((w) => PT.has(w)).length, en: words.filter((w) => EN.has(w)).length };
}

/** The decimals of a number by its shortest representation, as helpers.ts computed them before. */
function definitionDecimals(n: number): number {
  if (!Number.isFinite(n)) return 0;
  const s = String(Math.abs(n));
  if (s.includes('e')) {
    const [mant, exp] = s.split('e');
    return Math.max(0, (mant?.split('.')[1] ?? '').length - Number(exp));
  }
  return (s.split('.')[1] ?? '').length;
}

/** Plain text of inlines and blocks, as rich-text.ts built it before it was walked in pieces. */
function definitionInlines(inlines: readonly Inline[]): string {
  let out = '';
  for (const inline of inlines) {
    if (inline.type === 'text') out += inline.text;
    else if (inline.type === 'lineBreak') out += '\n';
    else if (inline.type === 'figureRef') out += `[figure ${inline.figureId}]`;
    else if (inline.type === 'referenceRef') out += `[ref ${inline.referenceId}]`;
  }
  return out;
}
function definitionPlainText(blocks: readonly Block[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    if (block.type === 'paragraph' || block.type === 'heading') parts.push(definitionInlines(block.content));
    else if (block.type === 'list') parts.push(block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${definitionInlines(item)}`).join('\n'));
    else if (block.type === 'table')
      parts.push([...(block.caption ? [block.caption] : []), ...block.rows.map((row) => row.map((cell) => definitionInlines(cell)).join('\t'))].join('\n'));
    else if (block.type === 'figure') parts.push(`[figure ${block.figureId}]`);
  }
  return parts.join('\n\n');
}

const SEED = { seed: 20261202 };
// Words of both lists, accents (composed and combining), ligatures, dotted capitals, astral letters, separators.
const pieces = fc.constantFrom(
  'the',
  'The',
  'não',
  'nao',
  'NÃO',
  'são',
  'também',
  'between',
  'betweens',
  'a',
  'as',
  'no',
  'é',
  'e\u0301',
  'c\u0327',
  'İ',
  'ǅ',
  'ﬁ',
  'ß',
  'Ω',
  '𝐀',
  '\u{1F600}',
  ' ',
  '  ',
  '\n',
  '\t',
  '-',
  '.',
  ',',
  '1',
  '2.5',
  "don't",
  'x',
  'Z',
  '\u0301',
  '\u00a0',
  '\u2019',
  'ª',
  'º',
  'ǈ',
);
const textArb = fc.oneof(
  fc.array(pieces, { maxLength: 60 }).map((p) => p.join('')),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

const inlineArb: fc.Arbitrary<Inline> = fc.oneof(
  textArb.map((text) => ({ type: 'text' as const, text })),
  fc.constant({ type: 'lineBreak' as const }),
  fc.constantFrom('fig-1', 'map_a').map((figureId) => ({ type: 'figureRef' as const, figureId })),
  fc.constantFrom('ref-1', 'usgs').map((referenceId) => ({ type: 'referenceRef' as const, referenceId })),
);
const inlinesArb = fc.array(inlineArb, { maxLength: 6 });
const blockArb: fc.Arbitrary<Block> = fc.oneof(
  inlinesArb.map((content) => ({ type: 'paragraph' as const, content })),
  inlinesArb.map((content) => ({ type: 'heading' as const, level: 2 as const, content })),
  fc.record({ ordered: fc.boolean(), items: fc.array(inlinesArb, { maxLength: 4 }) }).map((b) => ({ type: 'list' as const, ...b })),
  fc
    .record({ caption: fc.option(textArb, { nil: undefined }), rows: fc.array(fc.array(inlinesArb, { maxLength: 3 }), { maxLength: 3 }) })
    .map(({ caption, rows }) => ({
      type: 'table' as const,
      headerRows: 1 as const,
      rows,
      ...(caption === undefined ? {} : { caption }),
    })),
  fc.constantFrom('fig-1', 'fig2').map((figureId) => ({ type: 'figure' as const, figureId })),
);

describe('KRCI fast paths agree with their definitions', () => {
  it('function words are counted as fold → split → look up would count them, on any text', () => {
    fc.assert(
      fc.property(textArb, (text) => {
        expect(countFunctionWords(text)).toEqual(definitionCounts(text));
      }),
      { numRuns: 3000, ...SEED },
    );
  });

  it('long texts too: counts unpacked on the way, halves of any length (no separator after the middle)', () => {
    const long = fc
      .tuple(fc.array(pieces, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 9000 }), fc.constantFrom('', 'x', 'ã'))
      .map(([p, times, filler]) => p.join('').repeat(times) + filler.repeat(times * 8));
    fc.assert(
      fc.property(long, (text) => {
        expect(countFunctionWords(text)).toEqual(definitionCounts(text));
      }),
      { numRuns: 60, ...SEED },
    );
    const words = 'the '.repeat(70_000) + 'não '.repeat(70_000);
    expect(countFunctionWords(words)).toEqual({ words: 140_000, pt: 70_000, en: 70_000 });
    expect(countFunctionWords('x'.repeat(300_000) + ' of')).toEqual({ words: 2, pt: 0, en: 1 });
  });

  it('counted piece by piece, a text counts as its concatenation (a word cut between pieces is one word)', () => {
    fc.assert(
      fc.property(fc.array(textArb, { maxLength: 8 }), (parts) => {
        const counter = new FunctionWordCounter();
        for (const p of parts) counter.add(p);
        expect(counter.counts()).toEqual(definitionCounts(parts.join('')));
      }),
      { numRuns: 2000, ...SEED },
    );
  });

  it('plain text walked in pieces is the plain text as it was built (blocks, lists, tables, figures)', () => {
    fc.assert(
      fc.property(fc.array(blockArb, { maxLength: 6 }), (body) => {
        const pieces: string[] = [];
        visitPlainText(body, (p) => pieces.push(p));
        expect(pieces.join('')).toBe(definitionPlainText(body));
        expect(richTextToPlainText(body)).toBe(definitionPlainText(body));
      }),
      { numRuns: 2000, ...SEED },
    );
  });

  it('the exhibit-language rule, counting per block, judges a body as its whole plain text', () => {
    const rule = KRCI_RULES.find((r) => r.id === 'structure.exhibit-in-english')!;
    const base = loadSample('gold');
    const ptText = fc
      .array(fc.constantFrom('não', 'foi', 'de', 'da', 'que', 'sondagem', 'lavra', 'também', 'são', ' ', ', ', '. ', 'the', 'ore'), {
        minLength: 20,
        maxLength: 80,
      })
      .map((p) => p.join(' '));
    const ptBlock: fc.Arbitrary<Block> = ptText.map((text) => ({ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] }));
    fc.assert(
      fc.property(fc.array(fc.oneof(blockArb, ptBlock, ptBlock), { maxLength: 6 }), (body) => {
        const report = mutate(base, (r) => {
          r.sections[5]!.status = 'complete';
          r.sections[5]!.body = body;
        });
        // Twice: the second run answers from the memo by block; a copy is counted afresh.
        for (const subject of [report, report, structuredClone(report)]) {
          const found = evaluateRule(rule, subject, context()).findings.filter((f) => f.path === 'sections.5');
          const guess = guessLanguage(definitionCounts(definitionPlainText(body)));
          if (guess.language !== 'pt') expect(found).toEqual([]);
          else expect(found.map((f) => [f.params.ptShare, f.params.enShare])).toEqual([[Math.round(guess.pt * 100), Math.round(guess.en * 100)]]);
        }
      }),
      { numRuns: 400, ...SEED },
    );
  });

  it('the language guess of a long text is unchanged (Portuguese with accents, English)', () => {
    const pt =
      'A viabilidade econômica dos recursos minerais não foi demonstrada, e também não há certeza de que os recursos inferidos sejam convertidos. '.repeat(20);
    const en =
      'The economic viability of the mineral resources has not been demonstrated, and there is no certainty that the inferred resources will be converted. '.repeat(
        20,
      );
    expect(detectLanguage(pt).language).toBe('pt');
    expect(detectLanguage(en).language).toBe('en');
    expect(countFunctionWords(pt)).toEqual(definitionCounts(pt));
  });

  it('a "Total" domain is what the total-words pattern says of the trimmed domain', () => {
    const domain = fc.oneof(
      fc
        .array(fc.constantFrom('Total', 'total', 'TOTAIS', 'Sum', 'soma', 'Totals', 'sub', 'Block 1', ' ', '\u00a0', '\t', 'ſ', 'K', 'x'), { maxLength: 4 })
        .map((p) => p.join('')),
      fc.string({ maxLength: 10 }),
    );
    fc.assert(
      fc.property(domain, (d) => {
        expect(isTotalDomain(d)).toBe(/^(total|totais|sum|soma)$/i.test(d.trim()));
      }),
      { numRuns: 3000, ...SEED },
    );
  });

  it('decimals of a figure are those of its shortest representation', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.double({ min: -1e-6, max: 1e-6 }), fc.constantFrom(0.1 + 0.2, 1e21, 1.5e-7, 12.3, -0, 1250)), (n) => {
        expect(decimalsOf(n)).toBe(definitionDecimals(n));
      }),
      { numRuns: 5000, ...SEED },
    );
  });

  it('a CPF typed into one paragraph of a checked report is found by the incremental check, and gone when deleted', () => {
    const rule = KRCI_RULES.find((r) => r.id === 'brazil.no-cpf-in-exhibit')!;
    const base = loadSample('gold');
    const engine = createKrciChecker();
    const ids = (r: ReturnType<typeof engine.check>) => r.findings.filter((f) => f.ruleId === rule.id).map((f) => f.path);
    expect(ids(engine.check(base, context()))).toEqual([]);
    // Copy on write, as the editor store does: only the edited block is a new object.
    const typed = (text: string) => ({
      ...base,
      sections: base.sections.map((s, i) =>
        i !== 5 ? s : { ...s, body: [...s.body, { type: 'paragraph' as const, content: [{ type: 'text' as const, text }] }] },
      ),
    });
    const withCpf = typed('Responsável técnico: CPF 529.982.247-25.');
    const path = `sections.5.body.${base.sections[5]!.body.length}.content.0.text`;
    expect(ids(engine.check(withCpf, context()))).toEqual([path]);
    expect(evaluateRule(rule, withCpf, context()).findings.map((f) => f.path)).toEqual([path]);
    expect(ids(engine.check(typed('Responsável técnico: ver seção 2.'), context()))).toEqual([]);
    // The same number in a table row (not memoised per row) and in the Brazilian fields.
    const inRow = mutate(base, (r) => {
      r.mineralResources[0]!.rows[0]!.domain = 'Cava 529.982.247-25';
    });
    expect(evaluateRule(rule, inRow, context()).findings.map((f) => f.path)).toEqual(['mineralResources.0.rows.0.domain']);
  });
});
