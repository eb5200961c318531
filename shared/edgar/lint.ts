import { Parser } from 'htmlparser2';
import { decodeHTMLAttribute } from 'entities';
import {
  EDGAR_DISALLOWED_ELEMENTS,
  EDGAR_ELEMENT_ATTRIBUTES,
  EDGAR_FILE_EXTENSIONS,
  EDGAR_IMAGE_EXTENSIONS,
  EDGAR_NAMED_ENTITIES,
  SEC_ARCHIVES_LINK,
  checkEdgarFileName,
  describeFileNameProblem,
} from './rules';
import { isC0OrC1Control, stripControlChars } from '../text/control-chars';

export const EDGAR_LINT_RULES = [
  'fileName',
  'unrecognizedElement',
  'disallowedElement',
  'attributeNotAllowed',
  'eventHandlerAttribute',
  'nestedTable',
  'externalLink',
  'activeContent',
  'imageSource',
  'styleReference',
  'nonAsciiCharacter',
  'controlCharacter',
  'namedEntity',
  'invalidCharacterReference',
] as const;
export type EdgarLintRule = (typeof EDGAR_LINT_RULES)[number];

export interface EdgarViolation {
  rule: EdgarLintRule;
  /** 1-based line of the offending tag, attribute or character. */
  line: number;
  /** 1-based column (UTF-16 code units). */
  column: number;
  message: string;
}

export interface EdgarLintResult {
  ok: boolean;
  violations: EdgarViolation[];
  /** True when more than `maxViolations` were found and the rest were dropped. */
  truncated: boolean;
}

export interface EdgarLintOptions {
  /** Name the document will carry in the submission; checked against the EFM file-name rule. */
  fileName?: string;
  /** Stop collecting after this many (a broken file can have thousands). Default 1000. */
  maxViolations?: number;
}

/** Elements whose content is raw text to the parser; their bodies are not checked as HTML text. */
const RAW_TEXT_ELEMENTS = new Set(['script', 'style']);
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Lints one HTML document against the EDGAR subset. Pure: the caller reads the file. Every
 * violation carries the line it was found on, so a filer can fix the source.
 */
export function lintEdgarHtml(html: string, options: EdgarLintOptions = {}): EdgarLintResult {
  const max = options.maxViolations ?? 1000;
  const violations: EdgarViolation[] = [];
  let truncated = false;
  const lineStarts = computeLineStarts(html);

  const report = (rule: EdgarLintRule, index: number, message: string): void => {
    if (violations.length >= max) {
      truncated = true;
      return;
    }
    const { line, column } = positionOf(lineStarts, index);
    violations.push({ rule, line, column, message });
  };

  if (options.fileName !== undefined) {
    const problem = checkEdgarFileName(options.fileName, ['htm']);
    if (problem) report('fileName', 0, `document ${describeFileNameProblem(options.fileName, problem, ['htm'])}`);
  }

  scanCharacters(html, report);

  let tableDepth = 0;
  let rawTextDepth = 0;
  // Attributes arrive before their element's onopentag; collect them with their positions.
  let pendingAttributes: { name: string; value: string; index: number }[] = [];

  const parser: Parser = new Parser(
    {
      onattribute(name, value) {
        pendingAttributes.push({ name, value, index: parser.startIndex });
      },
      onopentag(name, _attributes, isImplied) {
        const attributes = pendingAttributes;
        pendingAttributes = [];
        if (isImplied) return; // the parser made it up (e.g. `<p>` for a stray `</p>`): not in the source
        const at = parser.startIndex;
        if (RAW_TEXT_ELEMENTS.has(name)) rawTextDepth++;
        const allowed = EDGAR_ELEMENT_ATTRIBUTES[name];
        if (EDGAR_DISALLOWED_ELEMENTS.has(name)) {
          report('disallowedElement', at, `<${name}> is not allowed in EDGAR HTML`);
        } else if (!allowed) {
          report('unrecognizedElement', at, `<${name}> is not a recognised EDGAR HTML element`);
        }
        if (name === 'table') {
          if (tableDepth > 0) report('nestedTable', at, '<table> nested inside another <table>');
          tableDepth++;
        }
        for (const attribute of attributes) checkAttribute(name, allowed, attribute);
        if (name === 'img' && !attributes.some((a) => a.name === 'src')) {
          report('imageSource', at, '<img> without a src attribute');
        }
      },
      onclosetag(name) {
        if (name === 'table' && tableDepth > 0) tableDepth--;
        if (RAW_TEXT_ELEMENTS.has(name) && rawTextDepth > 0) rawTextDepth--;
      },
      ontext(text) {
        if (rawTextDepth === 0) checkReferences(text, parser.startIndex);
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );

  function checkAttribute(
    element: string,
    allowed: readonly string[] | undefined,
    { name, value, index }: { name: string; value: string; index: number },
  ): void {
    if (name.startsWith('on')) {
      report('eventHandlerAttribute', index, `event handler attribute "${name}" on <${element}> is not allowed`);
      return;
    }
    if (allowed && !allowed.includes(name)) {
      const why = name.startsWith('xmlns')
        ? 'namespace declarations are rejected in EDGAR HTML'
        : name === 'http-equiv'
          ? 'meta http-equiv is not allowed'
          : name === 'background'
            ? 'body background images are not allowed'
            : `attribute "${name}" is not allowed on <${element}>`;
      report('attributeNotAllowed', index, why);
    }
    checkReferences(value, index, true);
    const decoded = decodeHTMLAttribute(value);
    if (name === 'style') checkStyle(decoded, index);
    if (name === 'href' && element === 'a') checkHref(decoded, index);
    if (name === 'src') checkImageSource(decoded, index);
  }

  function checkStyle(style: string, index: number): void {
    // Inline CSS may not pull anything from outside the submission nor run script (IE expressions).
    const compact = style.replace(/\\|\/\*[\s\S]*?\*\//g, '').toLowerCase();
    if (/url\s*\(|expression\s*\(|@import|behavior\s*:|javascript:/.test(compact)) {
      report('styleReference', index, 'style attribute refers to an external resource or script');
    }
  }

  function isActive(url: string): boolean {
    // Browsers ignore whitespace and control characters inside a scheme: "java\tscript:".
    return /^(?:javascript|vbscript):/i.test(stripControlChars(url, []).replace(/ +/g, ''));
  }

  function checkHref(rawHref: string, index: number): void {
    const href = rawHref.trim();
    if (isActive(href)) {
      report('activeContent', index, 'javascript: links are active content and not allowed');
      return;
    }
    if (href === '' || href.startsWith('#')) return;
    if (SCHEME.test(href) || href.startsWith('//')) {
      if (!SEC_ARCHIVES_LINK.test(href)) {
        report('externalLink', index, `link to "${truncate(href)}" leaves the submission; only www.sec.gov/Archives/edgar/data/ is allowed`);
      }
      return;
    }
    const target = href.replace(/[?#].*$/, '');
    if (/[\\/]/.test(target)) {
      report('externalLink', index, `link to "${truncate(href)}" is not a file of this submission (paths are not allowed)`);
      return;
    }
    const problem = checkEdgarFileName(target);
    if (problem) report('fileName', index, `linked ${describeFileNameProblem(target, problem, EDGAR_FILE_EXTENSIONS)}`);
  }

  function checkImageSource(rawSrc: string, index: number): void {
    const src = rawSrc.trim();
    if (isActive(src)) {
      report('activeContent', index, 'javascript: image sources are active content and not allowed');
      return;
    }
    if (/^data:/i.test(src)) {
      report('imageSource', index, 'data: URIs are not accepted; attach the image as a .jpg or .gif file');
      return;
    }
    if (SCHEME.test(src) || src.startsWith('//') || /[\\/?#]/.test(src)) {
      report('imageSource', index, `image "${truncate(src)}" must be a .jpg or .gif file attached to this submission`);
      return;
    }
    const problem = checkEdgarFileName(src, EDGAR_IMAGE_EXTENSIONS);
    if (problem === 'extension') {
      report('imageSource', index, `image "${truncate(src)}" must be a .jpg or .gif file`);
    } else if (problem) {
      report('fileName', index, `image ${describeFileNameProblem(src, problem, EDGAR_IMAGE_EXTENSIONS)}`);
    }
  }

  function checkReferences(text: string, baseIndex: number, inAttribute = false): void {
    let from = 0;
    for (;;) {
      const amp = text.indexOf('&', from);
      if (amp < 0) return;
      from = amp + 1;
      // Attribute values get one position (their attribute's); text gets the exact character.
      const at = inAttribute ? baseIndex : baseIndex + amp;
      const rest = text.slice(amp, amp + 40);
      const numeric = /^&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));/.exec(rest);
      if (numeric) {
        const codePoint = numeric[1] !== undefined ? parseInt(numeric[1], 16) : parseInt(numeric[2] ?? '', 10);
        if (!isAllowedCodePoint(codePoint)) {
          report('invalidCharacterReference', at, `${numeric[0]} does not name a valid character`);
        }
        continue;
      }
      const named = /^&([A-Za-z][A-Za-z0-9]*);/.exec(rest);
      if (named) {
        const entity = named[1] ?? '';
        if (!EDGAR_NAMED_ENTITIES.has(entity)) {
          report('namedEntity', at, `&${entity}; is not an XHTML named entity; use a numeric reference`);
        }
        continue;
      }
      report('invalidCharacterReference', at, `"${truncate(rest.slice(0, 12))}" is not a complete character reference; write & as &amp;`);
    }
  }

  parser.end(html);
  // The character scan runs before the parse; present everything in document order.
  violations.sort((a, b) => a.line - b.line || a.column - b.column);
  return { ok: violations.length === 0, violations, truncated };
}

function isAllowedCodePoint(codePoint: number): boolean {
  if (codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd) return true;
  if (isC0OrC1Control(codePoint)) return false;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return false;
  return codePoint <= 0x10ffff;
}

/** Every raw character outside printable ASCII (plus tab, CR, LF) is reported where it stands. */
function scanCharacters(html: string, report: (rule: EdgarLintRule, index: number, message: string) => void): void {
  const offending = /[^\t\n\r\u0020-\u007e]/gu;
  for (const match of html.matchAll(offending)) {
    const char = match[0];
    const codePoint = char.codePointAt(0) ?? 0;
    const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
    if (codePoint < 0x80) {
      report('controlCharacter', match.index, `control character U+${hex} is not allowed`);
    } else {
      report('nonAsciiCharacter', match.index, `non-ASCII character U+${hex} must be written as &#${codePoint};`);
    }
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function positionOf(lineStarts: number[], index: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= index) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: index - (lineStarts[low] ?? 0) + 1 };
}

function truncate(text: string): string {
  return text.length > 60 ? text.slice(0, 57) + '...' : text;
}

/** One violation per line, as the CLI and the export refusal print them. */
export function formatEdgarViolations(violations: readonly EdgarViolation[], fileName = 'document'): string[] {
  return violations.map((v) => `${fileName}:${v.line}:${v.column}: ${v.rule}: ${v.message}`);
}
