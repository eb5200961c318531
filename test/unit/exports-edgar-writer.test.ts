import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lintEdgarHtml } from '../../shared/edgar/lint';
import { edgarDocument, edgarTable, encodeEdgarText, h, paragraph, text, textDirection, textWithBreaks } from '../../shared/exports/edgar-html-writer';

describe('encodeEdgarText', () => {
  it('escapes markup characters so user text never becomes markup', () => {
    expect(encodeEdgarText(`<script>alert("x")</script> & 'q' </td>`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39; &lt;/td&gt;');
    expect(encodeEdgarText('&#')).toBe('&amp;#');
    expect(encodeEdgarText('&amp;')).toBe('&amp;amp;');
  });

  it('writes non-ASCII as numeric references, one per code point (emoji included)', () => {
    expect(encodeEdgarText('Caf\u00e9 \u2014 \u20ac')).toBe('Caf&#233; &#8212; &#8364;');
    expect(encodeEdgarText('\u{1F600}')).toBe('&#128512;');
    expect(encodeEdgarText('\u{1F468}\u200D\u{1F469}')).toBe('&#128104;&#8205;&#128105;');
  });

  it('drops control characters, keeps tab and newline, normalises CR', () => {
    expect(encodeEdgarText('a\u0000b\u0007c\u007f\u0085d\te\r\nf\rg')).toBe('abcd\te\nf\ng');
  });

  it('replaces a lone surrogate instead of emitting an invalid reference', () => {
    expect(encodeEdgarText('a\ud800b')).toBe('a&#65533;b');
  });

  it('closes unbalanced bidi overrides and drops stray closers', () => {
    expect(encodeEdgarText('x\u202Eevil')).toBe('x&#8238;evil&#8236;');
    expect(encodeEdgarText('\u2067a\u202Bb')).toBe('&#8295;a&#8235;b&#8236;&#8297;');
    expect(encodeEdgarText('a\u202Cb\u2069')).toBe('ab');
    expect(encodeEdgarText('\u202Bok\u202C')).toBe('&#8235;ok&#8236;');
  });
});

describe('textDirection', () => {
  it('takes the direction of the first strong letter', () => {
    expect(textDirection('\u05E9\u05DC\u05D5\u05DD world')).toBe('rtl');
    expect(textDirection('123 \u0645\u0631\u062D\u0628\u0627')).toBe('rtl');
    expect(textDirection('hello \u05E9')).toBe('ltr');
    expect(textDirection('123 456')).toBeUndefined();
  });
});

describe('h and documents', () => {
  it('refuses tags and attributes outside the EDGAR DTD', () => {
    expect(() => h('span', null)).toThrow();
    expect(() => h('p', { onclick: 'x' })).toThrow();
    expect(() => h('p', { bgcolor: 'red' })).toThrow();
    expect(() => h('p', { style: { color: 'red;background:url(x)' } })).toThrow();
  });

  it('escapes attribute values', () => {
    expect(h('img', { src: 'a.jpg', alt: '"><script>' }).html).toBe('<img src="a.jpg" alt="&quot;&gt;&lt;script&gt;">');
  });

  it('builds tables without thead/tbody, header rows as th', () => {
    const table = edgarTable({
      caption: 'Reserves',
      header: [[{ content: 'Class' }, { content: 'Tonnes', align: 'right' }]],
      rows: [[{ content: 'Proven' }, { content: '1,000', align: 'right' }]],
    });
    expect(table.html).not.toMatch(/<(thead|tbody|tfoot)/);
    expect(table.html).toMatch(/<tr><th[^>]*>Class<\/th>\n?<th align="right"/);
    const html = edgarDocument({ title: 't' }, table);
    expect(html).toContain('<table ');
    expect(lintEdgarHtml(html).ok).toBe(true);
  });

  it('keeps line breaks as <br> and lets long words wrap without inserting characters', () => {
    expect(textWithBreaks('a\nb').html).toBe('a<br>\nb');
    const word = 'x'.repeat(10_000);
    const html = edgarDocument({ title: 'long' }, paragraph(text(word), word));
    expect(html).toContain(word);
    expect(html).toMatch(/<body style="[^"]*word-wrap:break-word/);
    expect(lintEdgarHtml(html).ok).toBe(true);
  });

  it('marks right-to-left paragraphs with dir="rtl"', () => {
    const rtl = '\u0645\u0631\u062D\u0628\u0627 <b>';
    const html = paragraph(text(rtl), rtl).html;
    expect(html).toMatch(/^<p dir="rtl"/);
    expect(html).toContain('&#1605;&#1585;&#1581;&#1576;&#1575; &lt;b&gt;');
  });

  it('produces a document that lints clean whatever text goes in (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 50 }), (a, b) => {
        const html = edgarDocument(
          { title: a },
          h('h1', null, b),
          paragraph(text(a), a),
          edgarTable({ header: [[{ content: b }]], rows: [[{ content: a, dir: textDirection(a) }]] }),
          h('p', null, h('a', { href: '#x', title: a }, b)),
        );
        const result = lintEdgarHtml(html);
        expect(result.violations).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
