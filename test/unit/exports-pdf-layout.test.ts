import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { ADDITIVE, collectOutput, writeContent } from '../../main/exports/pdf-layout';
import { makeTempDir } from '../support/temp-dir';

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

describe('PDF layout: the collected output is the file PDFKit writes itself', () => {
  /** Tagged text, drawing, raw operators and marked content left open over page breaks. */
  const draw = (collect: boolean): Promise<Buffer> => {
    const doc = new PDFDocument({ tagged: true, bufferPages: true, pdfVersion: '1.7', info: { CreationDate: new Date(0) } });
    const output = collect ? collectOutput(doc) : null;
    const chunks: Buffer[] = [];
    if (!output) doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(output ? output() : Buffer.concat(chunks))));
    for (let p = 0; p < 3; p++) {
      doc.addStructure(
        doc.struct('P', {}, [
          () => {
            doc.text(`Page ${p}: tagged text, é ü ∑`);
            writeContent(doc, `${p + 10} 20 m 200 20 l S`);
            (doc as typeof doc & { continueOnNewPage(): void }).continueOnNewPage();
            doc.text('carried over the page break');
          },
        ]),
      );
      doc.markContent('Artifact', { type: 'Layout' });
      doc.rect(50, 50, 100, 20).fillColor('#e6e6e6').fill();
      doc.endMarkedContent();
    }
    doc.switchToPage(0);
    doc.text('written last, on the first page', 50, 700);
    doc.end();
    return done;
  };

  it('has the same objects and content streams, uncompressed (qpdf)', async () => {
    const { dir, cleanup } = makeTempDir('qivo-pdf-collect-');
    const qdf = async (name: string, collect: boolean) => {
      const file = path.join(dir, `${name}.pdf`);
      fs.writeFileSync(file, await draw(collect));
      execFileSync('qpdf', ['--check', file]);
      execFileSync('qpdf', ['--qdf', '--object-streams=disable', '--static-id', file, path.join(dir, `${name}.qdf`)]);
      return fs.readFileSync(path.join(dir, `${name}.qdf`), 'latin1');
    };
    try {
      const ours = await qdf('collected', true);
      const pdfkit = await qdf('pdfkit', false);
      expect(ours).toContain('10 20 m 200 20 l S');
      expect(ours).toContain('/P <<');
      expect(ours).toBe(pdfkit);
    } finally {
      cleanup();
    }
  });
});
