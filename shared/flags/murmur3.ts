/**
 * MurmurHash3_x86_32 over the UTF-8 bytes of a string (seed 0 unless given).
 *
 * Why our own: the JavaScript ports in the ecosystem (imurmurhash used by @openfeature/flagd-core,
 * murmurhash3js used by unleash-client) hash UTF-16 code units or truncate them to 8 bits, so for
 * ids such as "José" or "中文" they disagree with flagd's Go/Java evaluators, which hash UTF-8 bytes.
 * The decided definition is UTF-8, for every id (docs/adr/0002-murmur3-over-utf8-bytes.md).
 */

interface Utf8Encoder {
  encode(input: string): Uint8Array;
  encodeInto(input: string, dest: Uint8Array): { read: number; written: number };
}

// shared/ is typechecked without DOM or Node types; TextEncoder exists in every runtime we ship to
// (Node ≥ 11, Electron, Chromium), so it is looked up on globalThis with a minimal local type.
const encoder: Utf8Encoder = new (globalThis as unknown as { TextEncoder: new () => Utf8Encoder }).TextEncoder();

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** MurmurHash3_x86_32 of `bytes[0..length)` as an unsigned 32-bit integer. */
export function murmur3Bytes(bytes: Uint8Array, seed = 0, length = bytes.length): number {
  let h = seed >>> 0;
  const blocks = length & ~3;
  let i = 0;
  for (; i < blocks; i += 4) {
    let k = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[i + 2]! << 16;
    if (tail >= 2) k ^= bytes[i + 1]! << 8;
    k ^= bytes[i]!;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Reused scratch buffer: bucketing 100 000 users must not allocate 100 000 arrays. Grown on demand.
// (A charCodeAt fast path for ASCII ids was measured slower than the native encodeInto: not used.)
let scratch = new Uint8Array(256);

/** MurmurHash3_x86_32 of the UTF-8 encoding of `text` (lone surrogates become U+FFFD, as TextEncoder does). */
export function murmur3Utf8(text: string, seed = 0): number {
  // UTF-8 needs at most 3 bytes per UTF-16 code unit.
  const worstCase = text.length * 3;
  if (worstCase > scratch.length) scratch = new Uint8Array(Math.max(worstCase, scratch.length * 2));
  const { written } = encoder.encodeInto(text, scratch);
  return murmur3Bytes(scratch, seed, written);
}

/** The UTF-8 bytes of a string (exposed for tests and the signing code). */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}
