/**
 * The EDGAR HTML subset (EDGAR Filer Manual Vol. II §5.2.2), as the SEC's own DTD (the
 * `efm-htm.dtd` used by Arelle's EDGAR validator) spells it. Kept as data so the linter and the
 * writer agree on one list.
 */

const CORE = ['id', 'class', 'style', 'title'] as const;
const I18N = ['lang', 'dir'] as const;
const ATTRS = [...CORE, ...I18N] as const;
const CELL_ALIGN = ['align', 'valign'] as const;

/** Elements EDGAR recognises, each with the attributes its DTD declares. */
export const EDGAR_ELEMENT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  html: [...I18N, 'id'],
  head: [...I18N, 'id', 'profile'],
  title: [...I18N, 'id'],
  meta: [...I18N, 'id', 'name', 'content'],
  // EFM 5.2.2 lists isindex among the head elements; no attributes are worth allowing on it.
  isindex: [...ATTRS, 'prompt'],
  body: [...ATTRS, 'bgcolor', 'text', 'link', 'vlink', 'alink'],
  div: [...ATTRS, 'align'],
  p: [...ATTRS, 'align'],
  h1: [...ATTRS, 'align'],
  h2: [...ATTRS, 'align'],
  h3: [...ATTRS, 'align'],
  h4: [...ATTRS, 'align'],
  h5: [...ATTRS, 'align'],
  h6: [...ATTRS, 'align'],
  ul: [...ATTRS, 'type', 'compact'],
  ol: [...ATTRS, 'type', 'compact', 'start'],
  menu: [...ATTRS, 'compact'],
  dir: [...ATTRS, 'compact'],
  li: [...ATTRS, 'type'],
  dl: [...ATTRS, 'compact'],
  dt: ATTRS,
  dd: ATTRS,
  address: ATTRS,
  hr: [...ATTRS, 'align', 'noshade', 'size', 'width'],
  pre: [...ATTRS, 'width'],
  blockquote: ATTRS,
  center: ATTRS,
  a: [...ATTRS, 'name', 'href', 'rel', 'rev'],
  br: [...CORE, 'clear'],
  em: ATTRS,
  strong: ATTRS,
  dfn: ATTRS,
  code: ATTRS,
  samp: ATTRS,
  kbd: ATTRS,
  var: ATTRS,
  cite: ATTRS,
  sub: ATTRS,
  sup: ATTRS,
  tt: ATTRS,
  i: ATTRS,
  b: ATTRS,
  big: ATTRS,
  small: ATTRS,
  u: ATTRS,
  strike: ATTRS,
  font: [...ATTRS, 'size', 'color'],
  img: [...ATTRS, 'src', 'alt', 'name', 'height', 'width', 'align', 'border'],
  table: [...ATTRS, 'summary', 'width', 'border', 'cellspacing', 'cellpadding', 'align', 'bgcolor'],
  caption: [...ATTRS, 'align'],
  tr: [...ATTRS, ...CELL_ALIGN, 'bgcolor'],
  th: [...ATTRS, 'rowspan', 'colspan', ...CELL_ALIGN, 'nowrap', 'bgcolor', 'width', 'height'],
  td: [...ATTRS, 'rowspan', 'colspan', ...CELL_ALIGN, 'nowrap', 'bgcolor', 'width', 'height'],
  // EDGAR tolerates these legacy elements (EFM 5.2.2 "EDGAR extras").
  page: ATTRS,
  listing: ATTRS,
  xmp: ATTRS,
  plaintext: ATTRS,
};

/** Elements the EFM names as forbidden; reported as such rather than as merely unknown. */
export const EDGAR_DISALLOWED_ELEMENTS: ReadonlySet<string> = new Set([
  'applet',
  'area',
  'base',
  'basefont',
  'bgsound',
  'blink',
  'col',
  'colgroup',
  'del',
  'embed',
  'form',
  'frame',
  'frameset',
  'input',
  'ins',
  'map',
  'marquee',
  'nobr',
  'noembed',
  'noframes',
  'object',
  'option',
  'param',
  'q',
  's',
  'script',
  'select',
  'style',
  'tbody',
  'tfoot',
  'thead',
  'textarea',
  'wbr',
  'abbrev',
  'acronym',
  'au',
  'banner',
  'credit',
  'fig',
  'fn',
  'lang',
  'lh',
  'nextid',
  'note',
  'overlay',
  'person',
  'range',
  'spot',
  'tab',
  'empty',
  'iframe',
  'link',
  'noscript',
  'button',
  'canvas',
  'svg',
  'math',
  'video',
  'audio',
  'source',
  'template',
]);

/**
 * Named entities of XHTML 1.0 (Latin-1, symbols, special): the only names EDGAR's validator
 * resolves. Anything else (e.g. the HTML5-only `&hyphen;`) is rejected by the filing agent.
 */
export const EDGAR_NAMED_ENTITIES: ReadonlySet<string> = new Set(
  // xhtml-lat1.ent
  (
    'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute ' +
    'micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig ' +
    'Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash ' +
    'Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ' +
    'ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc ' +
    'uuml yacute thorn yuml ' +
    // xhtml-symbol.ent
    'fnof Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho Sigma Tau Upsilon ' +
    'Phi Chi Psi Omega alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf ' +
    'sigma tau upsilon phi chi psi omega thetasym upsih piv bull hellip prime Prime oline frasl weierp image real ' +
    'trade alefsym larr uarr rarr darr harr crarr lArr uArr rArr dArr hArr forall part exist empty nabla isin notin ni ' +
    'prod sum minus lowast radic prop infin ang and or cap cup int there4 sim cong asymp ne equiv le ge sub sup nsub ' +
    'sube supe oplus otimes perp sdot lceil rceil lfloor rfloor lang rang loz spades clubs hearts diams ' +
    // xhtml-special.ent
    'quot amp lt gt apos OElig oelig Scaron scaron Yuml circ tilde ensp emsp thinsp zwnj zwj lrm rlm ndash mdash ' +
    'lsquo rsquo sbquo ldquo rdquo bdquo dagger Dagger permil lsaquo rsaquo euro'
  ).split(' '),
);

/** Extensions EDGAR accepts for documents of a submission (EFM 5.1.1). */
export const EDGAR_FILE_EXTENSIONS = ['htm', 'txt', 'pdf', 'fil', 'jpg', 'gif', 'xsd', 'xml'] as const;
/** Graphics must be JPEG or GIF attachments (EFM 5.2.2; no PNG, no data: URIs). */
export const EDGAR_IMAGE_EXTENSIONS = ['jpg', 'gif'] as const;
export const EDGAR_FILE_NAME_MAX = 32;

/** Links leaving the submission are allowed only into the SEC's own EDGAR archives. */
export const SEC_ARCHIVES_LINK = /^https?:\/\/www\.sec\.gov\/(?:ix\?doc=\/)?Archives\/edgar\/data\//;

export type FileNameProblem = 'empty' | 'tooLong' | 'characters' | 'extension';

/**
 * Checks one file name of a submission. We apply the stricter (2009) reading: lowercase only,
 * so a name that works on a case-sensitive server works everywhere.
 */
export function checkEdgarFileName(name: string, allowedExtensions: readonly string[] = EDGAR_FILE_EXTENSIONS): FileNameProblem | undefined {
  if (name.length === 0) return 'empty';
  if (name.length > EDGAR_FILE_NAME_MAX) return 'tooLong';
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) return 'characters';
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  if (!allowedExtensions.includes(extension)) return 'extension';
  return undefined;
}

export function describeFileNameProblem(name: string, problem: FileNameProblem, allowedExtensions: readonly string[]): string {
  switch (problem) {
    case 'empty':
      return 'file name is empty';
    case 'tooLong':
      return `file name "${name}" has ${name.length} characters; EDGAR allows at most ${EDGAR_FILE_NAME_MAX}`;
    case 'characters':
      return `file name "${name}" must be lowercase letters, digits, ".", "-" or "_", starting with a letter or digit`;
    case 'extension':
      return `file name "${name}" must end in ${allowedExtensions.map((e) => '.' + e).join(', ')}`;
  }
}
