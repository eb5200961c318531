// Rewrites esbuild's output as pure ASCII. esbuild escapes strings, templates and identifiers but
// leaves the characters of regular expression literals and comments as they are, and one such
// character makes Node decode the whole file as UTF-8 into a two-byte string (about 10 ms for the
// 1.9 MB CLI bundle) instead of copying it as Latin-1 (half a millisecond).
//
// Each non-ASCII UTF-16 code unit becomes `\uXXXX`, which means the same character in a string, in
// a regular expression (with or without the u or v flag: a pair of surrogate escapes is one code
// point there) and is inert in a comment. A character that was itself escaped (`\é`, an identity
// escape) loses that backslash, as `\é` and `\u00e9` are the same character.

/** The text, ASCII only; undefined when it holds a line separator outside strings (only a comment
 * could: turning it into an escape would end a `//` comment elsewhere), which is then left as is. */
export function asciiOnly(text) {
  if (/[\u2028\u2029]/.test(text)) return undefined;
  return text.replace(/(\\*)([^\p{ASCII}])/gu, (_, slashes, ch) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return kept + [...Array(ch.length).keys()].map((i) => `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
  });
}
