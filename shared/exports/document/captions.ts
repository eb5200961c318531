import type { DocBlock } from './types';

/** "Table 12-1. …", "Table 3: …", "Tabela 4 …": the author numbered this table themselves. */
const OWN_TABLE_NUMBER = /^(?:table|tabela|tab\.)\s*([0-9][\w.-]*?)[.:]?(?=\s|$)/i;

/**
 * Numbers the captioned tables of one section the way the author numbers theirs: "Table 3-1.",
 * "Table 3-2." … A caption the author numbered is kept as written; the others get the next
 * number in their section that the author has not used, so the PDF, the DOCX and the EX-96
 * print one numbering, not the author's beside a second count of the exporter's own tables.
 */
export function numberSectionTables(blocks: DocBlock[], section: number): void {
  const inSection = new RegExp(`^${section}-(\\d+)$`);
  const used = new Set<number>();
  for (const block of blocks) {
    if (block.kind !== 'table' || !block.caption) continue;
    const own = OWN_TABLE_NUMBER.exec(block.caption.trim())?.[1];
    const n = own ? inSection.exec(own)?.[1] : undefined;
    if (n) used.add(Number(n));
  }
  let counter = 0;
  for (const block of blocks) {
    if (block.kind !== 'table' || !block.caption) continue;
    const caption = block.caption.trim();
    const own = OWN_TABLE_NUMBER.exec(caption)?.[1];
    if (own) {
      const n = inSection.exec(own)?.[1];
      if (n) counter = Math.max(counter, Number(n));
      continue;
    }
    do counter++;
    while (used.has(counter));
    block.caption = `Table ${section}-${counter}. ${caption}`;
  }
}
