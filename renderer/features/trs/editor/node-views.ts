import type { Node as PmNode } from 'prosemirror-model';
import type { EditorView, NodeView } from 'prosemirror-view';

/**
 * Node views for what is more than text: a table with its caption field and number above it, and
 * a figure as its image with the numbered caption below. Numbers ("Table 14-2") are set by the
 * numbering plugin after each change, by position.
 */

export interface FigureInfo {
  src: string | undefined;
  caption: string;
  alt: string;
}

export interface ViewLabels {
  tableCaption: string;
  figureCaption: string;
  missingFigure(id: string): string;
}

export class TableWithCaptionView implements NodeView {
  dom: HTMLElement;
  contentDOM: HTMLElement;
  private input: HTMLInputElement;
  private node: PmNode;

  constructor(node: PmNode, view: EditorView, getPos: () => number | undefined, labels: ViewLabels) {
    this.node = node;
    this.dom = document.createElement('div');
    this.dom.className = 'trs-table-block';
    const caption = document.createElement('div');
    caption.className = 'trs-table-caption';
    caption.contentEditable = 'false';
    const number = document.createElement('span');
    number.className = 'trs-caption-number';
    number.dataset.testid = 'rte-table-number';
    this.input = document.createElement('input');
    this.input.type = 'text';
    this.input.maxLength = 1000;
    this.input.value = String(node.attrs.caption ?? '');
    this.input.placeholder = labels.tableCaption;
    this.input.setAttribute('aria-label', labels.tableCaption);
    this.input.dataset.testid = 'rte-table-caption';
    this.input.addEventListener('input', () => {
      const pos = getPos();
      if (pos === undefined) return;
      view.dispatch(view.state.tr.setNodeMarkup(pos, null, { ...this.node.attrs, caption: this.input.value }));
    });
    caption.append(number, this.input);
    const table = document.createElement('table');
    this.contentDOM = document.createElement('tbody');
    table.appendChild(this.contentDOM);
    this.dom.append(caption, table);
  }

  update(node: PmNode): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    const caption = String(node.attrs.caption ?? '');
    if (this.input.value !== caption) this.input.value = caption;
    return true;
  }

  stopEvent(event: Event): boolean {
    return event.target === this.input;
  }

  ignoreMutation(mutation: MutationRecord | { type: 'selection'; target: Node }): boolean {
    return !this.contentDOM.contains(mutation.target) && mutation.target !== this.contentDOM;
  }
}

export class FigureView implements NodeView {
  dom: HTMLElement;
  private img: HTMLImageElement;
  private caption: HTMLElement;
  private text: HTMLElement;
  private node: PmNode;

  constructor(
    node: PmNode,
    private readonly lookup: (id: string) => FigureInfo | undefined,
    private readonly labels: ViewLabels,
    private readonly onDestroy: () => void = () => {},
  ) {
    this.node = node;
    this.dom = document.createElement('figure');
    this.dom.className = 'trs-figure';
    this.dom.contentEditable = 'false';
    this.img = document.createElement('img');
    this.caption = document.createElement('figcaption');
    const number = document.createElement('span');
    number.className = 'trs-caption-number';
    number.dataset.testid = 'rte-figure-number';
    this.text = document.createElement('span');
    this.caption.append(number, this.text);
    this.dom.append(this.img, this.caption);
    this.render();
  }

  private render(): void {
    const id = String(this.node.attrs.figureId);
    this.dom.dataset.figureId = id;
    const info = this.lookup(id);
    if (info?.src) {
      if (this.img.getAttribute('src') !== info.src) this.img.src = info.src;
      this.img.alt = info.alt;
      this.img.hidden = false;
      this.text.textContent = info.caption;
    } else {
      this.img.removeAttribute('src');
      this.img.hidden = true;
      this.text.textContent = this.labels.missingFigure(id);
    }
  }

  update(node: PmNode): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }

  /** Called when the report's figures change (a caption edited elsewhere). */
  refresh(): void {
    this.render();
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    this.onDestroy();
  }
}
