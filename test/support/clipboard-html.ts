import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AlignmentType, Document, HeadingLevel, LevelFormat, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

/**
 * Real clipboard HTML from a word processor: a DOCX written with the `docx` package (headings,
 * bold/italic/underline, sub/superscript, bulleted and numbered lists, a table, fonts and colours
 * that must NOT survive) converted to HTML by LibreOffice, which is what Writer puts on the
 * clipboard as text/html.
 */
export async function libreOfficeClipboardHtml(dir: string): Promise<string> {
  const styled = { font: 'Comic Sans MS', color: 'C00000', size: 28 };
  const doc = new Document({
    numbering: {
      config: [{ reference: 'numbered', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }],
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Geological setting')] }),
          new Paragraph({
            children: [
              new TextRun({ text: 'The deposit is ', ...styled }),
              new TextRun({ text: 'hosted', bold: true }),
              new TextRun(' in '),
              new TextRun({ text: 'banded iron formation', italics: true }),
              new TextRun(' with '),
              new TextRun({ text: 'quartz veins', underline: {} }),
              new TextRun('; water as H'),
              new TextRun({ text: '2', subScript: true }),
              new TextRun('O, volume 10'),
              new TextRun({ text: '3', superScript: true }),
              new TextRun(' m.'),
            ],
          }),
          new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('Lithologies')] }),
          new Paragraph({ text: 'Itabirite', bullet: { level: 0 } }),
          new Paragraph({ text: 'Phyllite', bullet: { level: 0 } }),
          new Paragraph({ text: 'Drill the northern extension', numbering: { reference: 'numbered', level: 0 } }),
          new Paragraph({ text: 'Update the block model', numbering: { reference: 'numbered', level: 0 } }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              ['Class', 'Tonnage (kt)', 'Grade (g/t Au)'],
              ['Measured', '1 250,0', '2,41'],
              ['Indicated', '3 400,5', '1,98'],
            ].map(
              (cells, r) =>
                new TableRow({
                  children: cells.map((c) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text: c, bold: r === 0 })] })] })),
                }),
            ),
          }),
          new Paragraph('After the table.'),
        ],
      },
    ],
  });
  const docx = path.join(dir, 'pasted.docx');
  fs.writeFileSync(docx, await Packer.toBuffer(doc));
  // A profile of its own: parallel soffice runs sharing the default profile block each other.
  execFileSync('soffice', [`-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'html', '--outdir', dir, docx], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  return fs.readFileSync(path.join(dir, 'pasted.html'), 'utf8');
}
