import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellsFromTsv, fromEditorDoc, normalizeRichText, tableFromCells, toEditorDoc } from '../../renderer/features/trs/editor/convert';
import {
  COLUMN_ALIGNMENTS,
  MARKS,
  RichTextSchema,
  captionNumbers,
  resolvedColumnAlignment,
  type Block,
  type Inline,
  type RichText,
} from '../../shared/trs/rich-text';

// Valid stored bodies as the editor stores them: text runs non-empty, neighbouring runs differ in
// marks, tables rectangular. Any schema-valid body is brought to this form by one round trip.
const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const textValue = fc.string({ unit: fc.constantFrom('a', 'b', 'Z', ' ', 'á', 'ç', '\t', '1', '.', '—', '°', '²', '<', '&'), minLength: 1, maxLength: 12 });
const marks = fc.subarray([...MARKS], { minLength: 0 }).map((m) => (m.length ? m : undefined));
const inline: fc.Arbitrary<Inline> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .record({ text: textValue, marks })
      .map(({ text, marks }) => (marks ? { type: 'text' as const, text, marks } : { type: 'text' as const, text })),
  },
  { weight: 1, arbitrary: fc.constant({ type: 'lineBreak' as const }) },
  { weight: 1, arbitrary: id.map((figureId) => ({ type: 'figureRef' as const, figureId })) },
  { weight: 1, arbitrary: id.map((referenceId) => ({ type: 'referenceRef' as const, referenceId })) },
);
function mergeRuns(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const i of inlines) {
    const last = out[out.length - 1];
    if (i.type === 'text' && last?.type === 'text' && (last.marks ?? []).join() === (i.marks ?? []).join())
      out[out.length - 1] = { ...last, text: last.text + i.text };
    else out.push(i);
  }
  return out;
}
const inlines = fc.array(inline, { maxLength: 6 }).map(mergeRuns);
const table = fc
  .record({
    width: fc.integer({ min: 1, max: 4 }),
    height: fc.integer({ min: 1, max: 4 }),
    header: fc.constantFrom(0 as const, 1 as const),
    caption: fc.option(fc.stringMatching(/^[A-Za-z][A-Za-z 0-9]{0,20}[a-z]$/), { nil: undefined }),
    seed: fc.array(inlines, { minLength: 16, maxLength: 16 }),
    align: fc.option(fc.array(fc.constantFrom(...COLUMN_ALIGNMENTS), { minLength: 4, maxLength: 4 }), { nil: undefined }),
  })
  .map(({ width, height, header, caption, seed, align }): Block => {
    const cols = align?.slice(0, width);
    return {
      type: 'table',
      ...(caption ? { caption } : {}),
      headerRows: header,
      rows: Array.from({ length: height }, (_, r) => Array.from({ length: width }, (_, c) => seed[(r * 4 + c) % 16]!)),
      ...(cols && cols.some((a) => a !== 'auto') ? { align: cols } : {}),
    };
  });
const block: fc.Arbitrary<Block> = fc.oneof(
  inlines.map((content) => ({ type: 'paragraph' as const, content })),
  fc
    .record({ level: fc.constantFrom(1 as const, 2 as const, 3 as const), content: inlines })
    .map(({ level, content }) => ({ type: 'heading' as const, level, content })),
  fc
    .record({ ordered: fc.boolean(), items: fc.array(inlines, { minLength: 1, maxLength: 4 }) })
    .map(({ ordered, items }) => ({ type: 'list' as const, ordered, items })),
  table,
  id.map((figureId) => ({ type: 'figure' as const, figureId })),
);
const body = fc.array(block, { maxLength: 8 }).filter((b) => !(b.length === 1 && b[0]!.type === 'paragraph' && b[0]!.content.length === 0));

describe('rich text ↔ ProseMirror converter', () => {
  it('any valid body survives model → editor → model unchanged, and editor → model → editor gives the same editor document', () => {
    fc.assert(
      fc.property(body, (b: RichText) => {
        expect(RichTextSchema.safeParse(b).success).toBe(true);
        const editor = toEditorDoc(b);
        editor.check();
        const model = fromEditorDoc(editor);
        expect(model).toEqual(b);
        expect(toEditorDoc(model).eq(editor)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('brings any schema-valid body to the stored form in one round trip (duplicate marks, ragged tables, empty runs)', () => {
    const ragged: RichText = [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'a', marks: ['bold', 'bold'] },
          { type: 'text', text: '' },
          { type: 'text', text: 'b', marks: ['bold'] },
        ],
      },
      { type: 'table', headerRows: 1, rows: [[[{ type: 'text', text: 'x' }]], [[], [{ type: 'text', text: '2' }]]] },
      { type: 'list', ordered: true, items: [] },
    ];
    const once = normalizeRichText(ragged);
    expect(once[0]).toEqual({ type: 'paragraph', content: [{ type: 'text', text: 'ab', marks: ['bold'] }] });
    expect(once[1]).toEqual({
      type: 'table',
      headerRows: 1,
      rows: [
        [[{ type: 'text', text: 'x' }], []],
        [[], [{ type: 'text', text: '2' }]],
      ],
    });
    expect(once[2]).toEqual({ type: 'list', ordered: true, items: [[]] });
    expect(normalizeRichText(once)).toEqual(once);
    expect(fromEditorDoc(toEditorDoc([]))).toEqual([]);
  });

  it('reads tab-separated cells as Excel and Calc copy them, and refuses text that is not a table', () => {
    expect(cellsFromTsv('Class\tTonnage (kt)\tGrade (g/t)\r\nMeasured\t1 200,5\t2,41\r\nIndicated\t"3,4\t00"\t1,9\r\n')).toEqual([
      ['Class', 'Tonnage (kt)', 'Grade (g/t)'],
      ['Measured', '1 200,5', '2,41'],
      ['Indicated', '3,4\t00', '1,9'],
    ]);
    expect(cellsFromTsv('one line of text')).toBeUndefined();
    expect(cellsFromTsv('a\tb\nc')).toBeUndefined();
    const node = tableFromCells(
      [
        ['A', 'B'],
        ['1', '2'],
      ],
      true,
    );
    expect(fromEditorDoc(toEditorDoc([]).type.create(null, node))).toEqual([
      {
        type: 'table',
        headerRows: 1,
        rows: [
          [[{ type: 'text', text: 'A' }], [{ type: 'text', text: 'B' }]],
          [[{ type: 'text', text: '1' }], [{ type: 'text', text: '2' }]],
        ],
      },
    ]);
  });

  it('right-aligns columns of numbers unless told otherwise, and numbers tables and figures by position', () => {
    const t = (s: string): Inline[] => [{ type: 'text', text: s }];
    const tbl: Extract<Block, { type: 'table' }> = {
      type: 'table',
      headerRows: 1,
      rows: [
        [t('Class'), t('Tonnage (kt)'), t('Note')],
        [t('Measured'), t('1.234,5'), t('drilled')],
        [t('Indicated'), t('-12 %'), t('')],
      ],
    };
    expect(resolvedColumnAlignment(tbl)).toEqual(['left', 'right', 'left']);
    expect(resolvedColumnAlignment({ ...tbl, align: ['center', 'left', 'auto'] })).toEqual(['center', 'left', 'left']);
    const numbers = captionNumbers(14, [{ type: 'paragraph', content: [] }, tbl, { type: 'figure', figureId: 'f1' }, tbl]);
    expect([...numbers.entries()]).toEqual([
      [1, '14-1'],
      [2, '14-1'],
      [3, '14-2'],
    ]);
  });
});
