/**
 * Structural fingerprint of a JSON-like value, memoised per object. The incremental checker
 * compares report slices first by identity (immutable updates keep unchanged subtrees), then by
 * this fingerprint, so a report rebuilt from JSON still reuses results for untouched parts.
 *
 * Two 32-bit multiplicative lanes (53 bits kept), folded bottom-up as numbers: no intermediate
 * strings, so a 5 000-row table or 25 long sections hash in a few milliseconds. Objects are
 * memoised only when hashing them was real work (see MEMO_WORK).
 */
const memo = new WeakMap<object, number>();
const keyMemo = new Map<string, number>();

const SEED_A = 0xdeadbeef;
// Bit pattern of a number without going through a string.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const SEED_B = 0x41c6ce57;

function hashString(s: string, tag: number): number {
  let h1 = SEED_A ^ tag;
  let h2 = SEED_B ^ tag;
  // Two UTF-16 units per step (a long report is ~1 MB of text); the length, folded in at the end,
  // tells "ab" from "ab\0".
  const even = s.length & ~1;
  let i = 0;
  for (; i < even; i += 2) {
    const pair = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    h1 = Math.imul(h1 ^ pair, 2654435761);
    h2 = Math.imul(h2 ^ pair, 1597334677);
  }
  if (i < s.length) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish(h1, h2, s.length);
}

function finish(h1: number, h2: number, n: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909) ^ n;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function keyHash(k: string): number {
  let h = keyMemo.get(k);
  if (h === undefined) {
    h = hashString(k, 7);
    if (keyMemo.size < 10_000) keyMemo.set(k, h);
  }
  return h;
}

// Two folding lanes, kept in locals by the caller (no tuple allocation per child).
function foldA(h1: number, v: number): number {
  return Math.imul(h1 ^ (v >>> 0), 2654435761);
}
function foldB(h2: number, v: number): number {
  return Math.imul(h2 ^ Math.floor(v / 4294967296) ^ (v >>> 0), 1597334677);
}

/**
 * Work done so far (values visited, plus a unit per 64 characters hashed). An object is memoised
 * only when its own fingerprint took at least MEMO_WORK: a WeakMap entry per inline, quantity or
 * grade costs more than rehashing it with its parent, and a long report has ~30 000 of them.
 * Table rows, paragraphs, section bodies, tables and whole parts are memoised.
 */
let work = 0;
const MEMO_WORK = 16;

function fp(value: unknown, depth: number): number {
  work++;
  switch (typeof value) {
    case 'string':
      work += value.length >> 6;
      return hashString(value, 1);
    case 'number':
      f64[0] = value;
      return finish(Math.imul(SEED_A ^ u32[0]!, 2654435761), Math.imul(SEED_B ^ u32[1]!, 1597334677), 2);
    case 'boolean':
      return value ? 3 : 4;
    case 'undefined':
      return 5;
    case 'object':
      break;
    default:
      return 6;
  }
  if (value === null) return 8;
  const cached = memo.get(value);
  if (cached !== undefined) return cached;
  if (depth > 64) return 9;
  const workBefore = work;
  let h1 = SEED_A;
  let h2 = SEED_B;
  let n = 0;
  if (Array.isArray(value)) {
    h1 = foldA(h1, 0x5b);
    h2 = foldB(h2, 0x5b);
    for (const item of value) {
      const f = fp(item, depth + 1);
      h1 = foldA(h1, f);
      h2 = foldB(h2, f);
      n++;
    }
  } else {
    h1 = foldA(h1, 0x7b);
    h2 = foldB(h2, 0x7b);
    for (const k in value) {
      const v = (value as Record<string, unknown>)[k];
      if (v === undefined) continue;
      const kh = keyHash(k);
      const f = fp(v, depth + 1);
      h1 = foldA(foldA(h1, kh), f);
      h2 = foldB(foldB(h2, kh), f);
      n++;
    }
  }
  const out = finish(h1, h2, n);
  if (work - workBefore >= MEMO_WORK) memo.set(value, out);
  return out;
}

export function fingerprint(value: unknown): number {
  return fp(value, 0);
}

/** Same slice? Identity first (cheap, the common case in the editor), then structure. */
export function sameSlice(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return fingerprint(a) === fingerprint(b);
}
