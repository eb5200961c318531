import { describe, expect, it } from 'vitest';
// @ts-expect-error a build script in plain JavaScript, without type declarations
import { asciiOnly } from '../../scripts/ascii-js.mjs';

const ascii = asciiOnly as (text: string) => string | undefined;

// The CLI bundle is rewritten as ASCII (scripts/build.mjs): every rewritten expression must mean
// what it meant, in strings, comments and regular expressions with and without the u and v flags.
describe('asciiOnly (the build rewrites the CLI bundle as ASCII)', () => {
  const cases = [
    '/^[-+−]?\\d*\\s*(%|[a-zA-Z/$€£]{1,6})?$/.test("12 €")',
    '/\\b(praça|avenida)\\b/.test("na praça central")',
    '/\\é/.test("é")',
    '/\\\\é/.test("\\\\é")',
    '/[😀]/u.test("😀")',
    '/^😀$/u.test("😀")',
    '/[\\p{L}ç]/v.test("ç")',
    '"é" === "\\é"',
    '/** café → */ "ok"',
    '"–—".length',
  ];
  it.each(cases)('%s means the same', (source) => {
    const rewritten = ascii(source)!;
    expect(/^\p{ASCII}*$/u.test(rewritten)).toBe(true);
    expect((0, eval)(rewritten)).toEqual((0, eval)(source));
  });

  it('leaves a text with a line separator as it is (an escape there could end a comment)', () => {
    expect(ascii('// a\u2028b')).toBeUndefined();
  });
});
