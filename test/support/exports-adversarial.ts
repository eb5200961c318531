import type { Block, Inline } from '../../shared/trs/rich-text';
import type { TrsReport } from '../../shared/trs/model';
import { loadSample } from './krci-fixtures';

/** Text that breaks naive exporters: markup, half references, astral characters, huge words, bidi. */
export const ADVERSARIAL = {
  script: '<script>alert("x")</script>',
  closeCell: '</td></tr></table>',
  references: '&#65; &#',
  emoji: 'Grade \u{1F600} \u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  longWord: 'W'.repeat(10_000),
  rtl: '\u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 123',
  override: 'x\u202Eevil',
};

const t = (text: string): Inline => ({ type: 'text', text });

/** The gold sample with adversarial text in a section body, a rich-text table, a QP name and a domain. */
export function adversarialReport(): TrsReport {
  const report = loadSample('gold');
  const blocks: Block[] = [
    { type: 'paragraph', content: [t(ADVERSARIAL.script), t(' '), t(ADVERSARIAL.closeCell), t(' '), t(ADVERSARIAL.references)] },
    { type: 'paragraph', content: [t(ADVERSARIAL.emoji)] },
    { type: 'paragraph', content: [t(ADVERSARIAL.longWord)] },
    { type: 'paragraph', content: [t(ADVERSARIAL.rtl)] },
    { type: 'paragraph', content: [t(ADVERSARIAL.override)] },
    {
      type: 'table',
      caption: `Caption ${ADVERSARIAL.closeCell}`,
      headerRows: 1,
      rows: [
        [[t('Name')], [t('Value')]],
        [[t(ADVERSARIAL.script)], [t(ADVERSARIAL.longWord)]],
        [[t(ADVERSARIAL.rtl)], [t(ADVERSARIAL.emoji)]],
      ],
    },
  ];
  return {
    ...report,
    metadata: { ...report.metadata, title: `${report.metadata.title} <b>&amp;</b> \u{1F600}` },
    qualifiedPersons: report.qualifiedPersons.map((q, i) => (i === 0 ? { ...q, name: `${q.name} <i>${ADVERSARIAL.emoji}</i>` } : q)),
    sections: report.sections.map((s) => (s.number === 1 ? { ...s, body: [...s.body, ...blocks] } : s)),
    mineralResources: report.mineralResources.map((table) => ({
      ...table,
      rows: table.rows.map((row, i) => (i === 0 ? { ...row, domain: `${ADVERSARIAL.closeCell}${ADVERSARIAL.rtl}` } : row)),
    })),
  };
}
