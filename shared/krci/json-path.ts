/** Dotted paths into a report: `sections.exploration.blocks.3`, `qps.0.yearsExperience`. */
export function getAtPath(root: unknown, path: string): unknown {
  if (path === '' || path === '$') return root;
  let cur: unknown = root;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function joinPath(...parts: Array<string | number>): string {
  return parts.filter((p) => p !== '').join('.');
}
