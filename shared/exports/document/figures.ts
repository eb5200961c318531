import type { Figure } from '../../trs/model';
import type { DocFigure } from './types';

/** Attachment name of figure n (1-based): lowercase, ≤ 32 characters, .jpg or .gif. */
export function figureFileName(prefix: string, number: number, mimeType: Figure['mimeType']): string {
  return `${prefix}-fig${String(number).padStart(2, '0')}.${mimeType === 'image/gif' ? 'gif' : 'jpg'}`;
}

const OWN_FIGURE_NUMBER = /^(?:fig\.|figure)\s*([0-9][\w.-]*?)[.:]?(?=\s|$)/i;

export function figureLabel(caption: string, number: number): string {
  const own = OWN_FIGURE_NUMBER.exec(caption.trim());
  return own ? `Figure ${own[1]}` : `Figure ${number}`;
}

/** Figure caption as printed: the author's own "Figure 3-1. …" numbering wins over ours. */
export function figureCaption(figure: Pick<DocFigure, 'caption' | 'number'>): string {
  return OWN_FIGURE_NUMBER.test(figure.caption.trim()) ? figure.caption.trim() : `Figure ${figure.number}. ${figure.caption}`.trim();
}

export function documentFigures(figures: readonly Figure[], prefix: string): DocFigure[] {
  return figures.map((f, index) => ({
    kind: 'figure',
    figureId: f.id,
    fileName: figureFileName(prefix, index + 1, f.mimeType),
    caption: f.caption,
    number: index + 1,
    label: figureLabel(f.caption, index + 1),
    mimeType: f.mimeType,
    dataBase64: f.dataBase64,
    widthPx: f.widthPx,
    heightPx: f.heightPx,
  }));
}
