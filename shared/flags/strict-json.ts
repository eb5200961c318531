/**
 * Duplicate keys in JSON: `JSON.parse` keeps the last one silently, so a signed payload could say
 * `"enabled": true` to a reviewer reading the first occurrence and `false` to the app (or the
 * reverse). Signed payloads are parsed strictly: any object with a repeated key is refused.
 */
export interface DuplicateKey {
  key: string;
  /** Where the repeated key sits, e.g. `$.flags.OFFICIAL_INTEGRATIONS`. */
  path: string;
}

type Frame = { kind: 'object'; keys: Set<string>; expectingKey: boolean; lastKey: string | null } | { kind: 'array'; index: number };

/** The first repeated key of an already valid JSON text, or null. Linear in the text length. */
export function findDuplicateKey(text: string): DuplicateKey | null {
  const stack: Frame[] = [];
  const pathOf = () =>
    '$' +
    stack
      .slice(0, -1)
      .map((f) => (f.kind === 'object' ? (/^[A-Za-z_$][\w$]*$/.test(f.lastKey ?? '') ? `.${f.lastKey}` : `[${JSON.stringify(f.lastKey)}]`) : `[${f.index}]`))
      .join('');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const top = stack[stack.length - 1];
    if (ch === '{') stack.push({ kind: 'object', keys: new Set(), expectingKey: true, lastKey: null });
    else if (ch === '[') stack.push({ kind: 'array', index: 0 });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',') {
      if (top?.kind === 'object') top.expectingKey = true;
      else if (top?.kind === 'array') top.index += 1;
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (top?.kind === 'object' && top.expectingKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) {
          top.lastKey = key;
          return { key, path: pathOf() };
        }
        top.keys.add(key);
        top.lastKey = key;
        top.expectingKey = false;
      }
      i = j;
    }
  }
  return null;
}
