import path from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { ADDITIVE } from '../../main/exports/pdf-layout';

// The PDF layout measures and encodes a string of figures from its characters alone (no shaping):
// true only while the bundled fonts neither kern nor substitute between those characters.
const FONTS = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'];
const CHARS = Array.from('0123456789.,%\u2212+()-/$#:');

describe('PDF layout: strings of figures are as wide as their characters', () => {
  it('the additive set holds figures and their signs, not words or spaces', () => {
    for (const c of CHARS) expect(ADDITIVE.test(`${c}${c}`), c).toBe(true);
    for (const s of ['1,234.5', '\u221254', '12%', '(3.4)']) expect(ADDITIVE.test(s), s).toBe(true);
    for (const s of ['1 234', 'g/t', '10e6', 'Tonnes']) expect(ADDITIVE.test(s), s).toBe(false);
  });

  for (const file of FONTS) {
    it(`${file}: no kerning or substitution between any two of them (shaped width = sum of widths)`, () => {
      const doc = new PDFDocument();
      doc.registerFont('f', path.resolve(__dirname, '../../assets/fonts', file));
      doc.font('f').fontSize(1000);
      const single = new Map(CHARS.map((c) => [c, doc.widthOfString(c)]));
      // A font that kerned "-T" would fail here: the check can fail.
      expect(doc.widthOfString('-T')).not.toBe(doc.widthOfString('-') + doc.widthOfString('T'));
      for (const a of CHARS) for (const b of CHARS) expect(doc.widthOfString(`${a}${b}`), `${a}${b}`).toBeCloseTo(single.get(a)! + single.get(b)!, 6);
      expect(doc.widthOfString('\u22121,234,567.89%')).toBeCloseTo(
        Array.from('\u22121,234,567.89%').reduce((w, c) => w + single.get(c)!, 0),
        6,
      );
    });
  }
});
