/**
 * Word's clipboard HTML writes lists as paragraphs (`class="MsoListParagraph"`, `style="mso-list:l0
 * level1 lfo1"`) with the bullet or number as text in a `mso-list:Ignore` span. ProseMirror's parser
 * would keep them as paragraphs starting with "1." or "·"; this turns them into real lists before
 * parsing. Everything else (fonts, colours, classes) is left for the schema to drop.
 */

const ORDERED_MARKER = /^\s*(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]\s*$/;

function isWordListParagraph(el: Element): boolean {
  return el.tagName === 'P' && (/mso-list:\s*l\d/i.test(el.getAttribute('style') ?? '') || /MsoListParagraph/i.test(el.className));
}

function listMarker(p: Element): { ordered: boolean } {
  const ignore = Array.from(p.querySelectorAll('span')).find((s) => /mso-list:\s*Ignore/i.test(s.getAttribute('style') ?? ''));
  const marker = (ignore?.textContent ?? '').replace(/\u00A0/g, ' ').trim();
  ignore?.remove();
  return { ordered: ORDERED_MARKER.test(marker) };
}

export function cleanPastedHtml(html: string): string {
  if (!/mso-list|MsoListParagraph/i.test(html)) return html;
  const doc = new DOMParser().parseFromString(html, 'text/html');
  // Word wraps the marker in conditional comments; they would otherwise survive as text.
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.parentNode?.removeChild(c));
  for (const p of Array.from(doc.body.querySelectorAll('p'))) {
    if (!p.isConnected || !isWordListParagraph(p)) continue;
    // Gather the run of consecutive list paragraphs starting here.
    const run: Element[] = [p];
    let next = p.nextElementSibling;
    while (next && isWordListParagraph(next)) {
      run.push(next);
      next = next.nextElementSibling;
    }
    const first = listMarker(p);
    const list = doc.createElement(first.ordered ? 'ol' : 'ul');
    p.parentNode!.insertBefore(list, p);
    run.forEach((item, i) => {
      if (i > 0) listMarker(item);
      const li = doc.createElement('li');
      const para = doc.createElement('p');
      while (item.firstChild) para.appendChild(item.firstChild);
      li.appendChild(para);
      list.appendChild(li);
      item.remove();
    });
  }
  return doc.body.innerHTML;
}
