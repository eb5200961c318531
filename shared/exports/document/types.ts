/**
 * A format-neutral view of a TRS for the exporters: the same headings, paragraphs, tables and
 * figures in the same order, so the EX-96, the PDF and the DOCX cannot say different things.
 * Rendering (escaping, pagination, styles) is each exporter's job.
 */

export interface DocText {
  kind: 'text';
  text: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  sub?: boolean;
  sup?: boolean;
}
export type DocInline = DocText | { kind: 'break' };

export type CellAlign = 'left' | 'center' | 'right';

export interface DocTable {
  kind: 'table';
  /** What the table holds, for tests and for formats that treat some tables specially. */
  role: 'resources' | 'reserves' | 'priorYear' | 'costs' | 'cashFlow' | 'sensitivity' | 'rights' | 'royalties' | 'persons' | 'parameters' | 'content';
  caption?: string;
  /** Header rows (repeated on each page by paginated formats). */
  header: DocInline[][][];
  rows: DocInline[][][];
  align: CellAlign[];
}

export interface DocFigure {
  kind: 'figure';
  figureId: string;
  /** Attachment file name in the EDGAR submission (lowercase, ≤ 32 characters). */
  fileName: string;
  caption: string;
  number: number;
  /** How the text refers to it: the author's own "Figure 3-1" when the caption has one. */
  label: string;
  mimeType: 'image/jpeg' | 'image/gif';
  dataBase64: string;
  widthPx: number | null;
  heightPx: number | null;
}

export type DocBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string; anchor?: string }
  | { kind: 'paragraph'; inlines: DocInline[]; emphasis?: 'note' | 'caution' }
  | { kind: 'list'; ordered: boolean; items: DocInline[][] }
  | DocTable
  | DocFigure;

export interface DocSignature {
  /** "/s/ Name" as typed on the EDGAR copy (Rule 402(e) / 12b-11(d) conformed signature). */
  conformed: string;
  name: string;
  lines: string[];
  date: string;
}

export interface ReportDocument {
  /** Exhibit number, e.g. "96.1". */
  exhibit: string;
  title: string;
  registrant: string;
  property: string;
  effectiveDate: string;
  reportDate: string;
  draft: boolean;
  /** Title page lines after the title. */
  cover: string[];
  /** The 25 sections, each starting with its level-1 heading. */
  sections: { number: number; title: string; heading: string; anchor: string; blocks: DocBlock[] }[];
  /** Figures no section placed, shown after section 25. */
  unplacedFigures: DocFigure[];
  signatures: { heading: string; intro: string; entries: DocSignature[] };
  figures: DocFigure[];
}

export interface BuildOptions {
  draft: boolean;
  /** Prefix of figure attachment names, e.g. "ex96-1" → "ex96-1-fig01.jpg". */
  figurePrefix: string;
  /** Exhibit number printed on the cover (default "96.1"). */
  exhibit?: string;
}
