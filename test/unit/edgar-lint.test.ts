import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDGAR_LINT_RULES, lintEdgarHtml, formatEdgarViolations, type EdgarLintRule } from '../../shared/edgar/lint';
import { checkEdgarFileName } from '../../shared/edgar/rules';

const FIXTURES = join(__dirname, 'edgar-fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** One fixture per rule; each breaks exactly that rule, on line 7. */
const FIXTURE_FOR_RULE: Record<EdgarLintRule, string> = {
  fileName: 'file-name.htm',
  unrecognizedElement: 'unrecognized-element.htm',
  disallowedElement: 'disallowed-element.htm',
  attributeNotAllowed: 'attribute-not-allowed.htm',
  eventHandlerAttribute: 'event-handler-attribute.htm',
  nestedTable: 'nested-table.htm',
  externalLink: 'external-link.htm',
  activeContent: 'active-content.htm',
  imageSource: 'image-source.htm',
  styleReference: 'style-reference.htm',
  nonAsciiCharacter: 'non-ascii-character.htm',
  controlCharacter: 'control-character.htm',
  namedEntity: 'named-entity.htm',
  invalidCharacterReference: 'invalid-character-reference.htm',
};

const doc = (body: string) => `<html>\n<head>\n<title>t</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;
const rulesOf = (html: string) => lintEdgarHtml(html).violations.map((v) => v.rule);

describe('EDGAR linter fixtures', () => {
  it('has a fixture for every rule and every fixture is used', () => {
    expect(Object.keys(FIXTURE_FOR_RULE).sort()).toEqual([...EDGAR_LINT_RULES].sort());
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.htm'));
    expect(files.sort()).toEqual([...Object.values(FIXTURE_FOR_RULE), 'clean.htm'].sort());
  });

  it('passes the clean fixture (tables, captions, internal and SEC links, jpg/gif images, XHTML entities)', () => {
    const result = lintEdgarHtml(fixture('clean.htm'), { fileName: 'clean.htm' });
    expect(result.violations).toEqual([]);
    expect(result.ok).toBe(true);
  });

  for (const [rule, file] of Object.entries(FIXTURE_FOR_RULE)) {
    it(`reports ${rule} with its line in ${file}`, () => {
      const result = lintEdgarHtml(fixture(file), { fileName: file });
      expect(result.ok).toBe(false);
      expect(result.violations.map((v) => [v.rule, v.line])).toEqual([[rule, 7]]);
      expect(result.violations[0]?.message.length).toBeGreaterThan(10);
    });
  }
});

describe('EDGAR linter details', () => {
  it('checks the document name itself', () => {
    expect(lintEdgarHtml(doc('<p>x</p>'), { fileName: 'EX96.htm' }).violations[0]?.rule).toBe('fileName');
    expect(lintEdgarHtml(doc('<p>x</p>'), { fileName: 'ex96.html' }).violations[0]?.rule).toBe('fileName');
    expect(lintEdgarHtml(doc('<p>x</p>'), { fileName: 'ex96-1.htm' }).ok).toBe(true);
  });

  it('applies the file-name rule: lowercase, ≤ 32 characters, allowed extension, starts alphanumeric', () => {
    expect(checkEdgarFileName('a'.repeat(28) + '.htm')).toBeUndefined();
    expect(checkEdgarFileName('a'.repeat(29) + '.htm')).toBe('tooLong');
    expect(checkEdgarFileName('-ex96.htm')).toBe('characters');
    expect(checkEdgarFileName('ex 96.htm')).toBe('characters');
    expect(checkEdgarFileName('Ex96.htm')).toBe('characters');
    expect(checkEdgarFileName('ex96.docx')).toBe('extension');
    expect(checkEdgarFileName('ex96')).toBe('extension');
    expect(checkEdgarFileName('')).toBe('empty');
    expect(checkEdgarFileName('fig_1.2-a.jpg')).toBeUndefined();
  });

  it('reports style, script, tbody, tfoot and unknown elements such as span and svg', () => {
    expect(rulesOf(doc('<style>p{}</style><script>x()</script>'))).toEqual(['disallowedElement', 'disallowedElement']);
    expect(rulesOf(doc('<table><tbody><tr><td>a</td></tr></tbody><tfoot><tr><td>b</td></tr></tfoot></table>'))).toEqual([
      'disallowedElement',
      'disallowedElement',
    ]);
    expect(rulesOf(doc('<span>a</span><svg></svg><iframe></iframe>'))).toEqual(['unrecognizedElement', 'disallowedElement', 'disallowedElement']);
  });

  it('does not read script bodies as text, but does read the characters in them', () => {
    expect(rulesOf(doc('<script>if (a && b < c) {}</script>'))).toEqual(['disallowedElement']);
    expect(rulesOf(doc('<script>"\u00e9"</script>'))).toEqual(['disallowedElement', 'nonAsciiCharacter']);
  });

  it('accepts upper-case tags and self-closing void elements', () => {
    expect(lintEdgarHtml(doc('<P ALIGN="center">x<BR/></P><HR/>')).ok).toBe(true);
  });

  it('allows only the DTD attributes and rejects xmlns, meta http-equiv and body background', () => {
    expect(rulesOf(doc('<td nowrap>x</td>'))).toEqual([]);
    expect(rulesOf(doc('<img src="a.jpg" usemap="#m">'))).toEqual(['attributeNotAllowed']);
    expect(rulesOf('<html xmlns="http://www.w3.org/1999/xhtml"><body>x</body></html>')).toEqual(['attributeNotAllowed']);
    expect(rulesOf('<html><head><meta http-equiv="refresh" content="0"></head><body background="a.jpg">x</body></html>')).toEqual([
      'attributeNotAllowed',
      'attributeNotAllowed',
    ]);
  });

  it('reports every on* handler, even on an element that is otherwise fine', () => {
    expect(rulesOf(doc('<p onmouseover="x()" ONLOAD="y()">a</p>'))).toEqual(['eventHandlerAttribute', 'eventHandlerAttribute']);
  });

  it('reports a table nested at any depth, and not sibling tables', () => {
    expect(rulesOf(doc('<table><tr><td>a</td></tr></table><table><tr><td>b</td></tr></table>'))).toEqual([]);
    expect(rulesOf(doc('<table><tr><td><div><p><table><tr><td>x</td></tr></table></p></div></td></tr></table>'))).toEqual(['nestedTable']);
  });

  it('allows internal anchors, submission files and the SEC archives, nothing else', () => {
    const ok = [
      '#s1',
      'ex23-1.htm',
      'ex23-1.htm#consent',
      'https://www.sec.gov/Archives/edgar/data/1/2/a.htm',
      'http://www.sec.gov/ix?doc=/Archives/edgar/data/1/2/a.htm',
    ];
    for (const href of ok) expect(rulesOf(doc(`<a href="${href}">x</a>`)), href).toEqual([]);
    const external = [
      'https://www.sec.gov/cgi-bin/browse-edgar',
      'https://sec.gov.evil.com/Archives/edgar/data/1',
      '//example.com/a.htm',
      'mailto:qp@example.com',
      'ftp://example.com/a.txt',
      '../other/ex96.htm',
      'sub/ex96.htm',
    ];
    for (const href of external) expect(rulesOf(doc(`<a href="${href}">x</a>`)), href).toEqual(['externalLink']);
  });

  it('catches javascript: even when disguised by case, whitespace or character references', () => {
    for (const href of ['JavaScript:x()', ' java\tscript:x()', 'jav&#97;script:x()', 'vbscript:x']) {
      expect(rulesOf(doc(`<a href="${href}">x</a>`)), href).toEqual(['activeContent']);
    }
    expect(rulesOf(doc('<img src="javascript:x()">'))).toEqual(['activeContent']);
  });

  it('accepts only relative .jpg/.gif images: no data:, no remote, no png, src required', () => {
    expect(rulesOf(doc('<img src="data:image/gif;base64,R0lGOD">'))).toEqual(['imageSource']);
    expect(rulesOf(doc('<img src="https://example.com/a.jpg">'))).toEqual(['imageSource']);
    expect(rulesOf(doc('<img src="img/a.jpg">'))).toEqual(['imageSource']);
    expect(rulesOf(doc('<img src="a.jpeg">'))).toEqual(['imageSource']);
    expect(rulesOf(doc('<img alt="no source">'))).toEqual(['imageSource']);
    expect(rulesOf(doc('<img src="Figure1.jpg">'))).toEqual(['fileName']);
  });

  it('rejects external references and scripts in inline styles, not ordinary styles', () => {
    expect(rulesOf(doc('<p style="color:#000;font-weight:bold;word-wrap:break-word">x</p>'))).toEqual([]);
    expect(rulesOf(doc('<p style="width:expression(alert(1))">x</p>'))).toEqual(['styleReference']);
    expect(rulesOf(doc('<p style="background:u\\rl(x.gif)">x</p>'))).toEqual(['styleReference']);
  });

  it('requires non-ASCII to be numeric references; reports each raw character with its column', () => {
    const result = lintEdgarHtml('<p>\u00e9t\u00e9 \u{1F600}</p>');
    expect(result.violations.map((v) => [v.rule, v.line, v.column])).toEqual([
      ['nonAsciiCharacter', 1, 4],
      ['nonAsciiCharacter', 1, 6],
      ['nonAsciiCharacter', 1, 8],
    ]);
    expect(result.violations[2]?.message).toContain('&#128512;');
    expect(rulesOf(doc('<p>&#233;t&#xE9; &#128512;</p>'))).toEqual([]);
  });

  it('checks character references in text and in attribute values', () => {
    expect(rulesOf(doc('<p>&nbsp;&copy;&euro;&apos;</p>'))).toEqual([]);
    expect(rulesOf(doc('<p>&hellip; &nbspx; &Hat;</p>'))).toEqual(['namedEntity', 'namedEntity']);
    expect(rulesOf(doc('<p>&#0; &#xD800; &#1114112; &#</p>'))).toEqual([
      'invalidCharacterReference',
      'invalidCharacterReference',
      'invalidCharacterReference',
      'invalidCharacterReference',
    ]);
    expect(rulesOf(doc('<p title="R&D">x</p>'))).toEqual(['invalidCharacterReference']);
  });

  it('gives the line of each violation in a multi-line document (LF, CRLF and CR)', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const html = ['<html>', '<body>', '<p>ok</p>', '<span>a</span>', '<p>ok</p>', '<p onclick="x">b</p>', '</body>', '</html>'].join(eol);
      expect(lintEdgarHtml(html).violations.map((v) => [v.rule, v.line])).toEqual([
        ['unrecognizedElement', 4],
        ['eventHandlerAttribute', 6],
      ]);
    }
  });

  it('stops collecting at maxViolations and says so', () => {
    const result = lintEdgarHtml('\u00e9'.repeat(50), { maxViolations: 10 });
    expect(result.violations).toHaveLength(10);
    expect(result.truncated).toBe(true);
  });

  it('formats violations as file:line:column: rule: message', () => {
    const lines = formatEdgarViolations(lintEdgarHtml(fixture('nested-table.htm')).violations, 'nested-table.htm');
    expect(lines).toEqual(['nested-table.htm:7:16: nestedTable: <table> nested inside another <table>']);
  });
});
