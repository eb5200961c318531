/**
 * Structural fingerprint of a JSON-like value, memoised per object. The incremental checker
 * compares report slices first by identity (immutable updates keep unchanged subtrees), then by
 * this fingerprint, so a report rebuilt from JSON still reuses results for untouched parts.
 */
const memo = new WeakMap<object, string>();

// Two independent 32-bit FNV-1a style lanes → 64 bits; collisions are negligible for this use.
function mix(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function fp(value: unknown, depth: number): string {
  if (value === null) return 'n';
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${(mix(2166136261, value) >>> 0).toString(36)}${(mix(0x9747b28c, value) >>> 0).toString(36)}`;
    case 'number':
      return `d${value}`;
    case 'boolean':
      return value ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'object':
      break;
    default:
      return 'x';
  }
  const obj = value as object;
  const cached = memo.get(obj);
  if (cached !== undefined) return cached;
  if (depth > 64) return 'deep';
  let a = 2166136261;
  let b = 0x9747b28c;
  if (Array.isArray(obj)) {
    a = mix(a, `[${obj.length}`);
    for (const item of obj) {
      const f = fp(item, depth + 1);
      a = mix(a, f);
      b = mix(b, f);
    }
  } else {
    a = mix(a, '{');
    for (const [k, v] of Object.entries(obj)) {
      if (v === undefined) continue;
      const f = fp(v, depth + 1);
      a = mix(a, k);
      a = mix(a, f);
      b = mix(b, k + f);
    }
  }
  const out = `o${a.toString(36)}${b.toString(36)}`;
  memo.set(obj, out);
  return out;
}

export function fingerprint(value: unknown): string {
  return fp(value, 0);
}

/** Same slice? Identity first (cheap, the common case in the editor), then structure. */
export function sameSlice(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return fingerprint(a) === fingerprint(b);
}
