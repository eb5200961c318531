/**
 * The only places the workstation opens in the user's browser: the rule texts the KRCI findings
 * cite and the regulators' own portals. Anything else is refused (Electron security checklist:
 * never hand an unchecked URL to shell.openExternal).
 */
export const EXTERNAL_LINK_ALLOWLIST: readonly string[] = [
  'https://www.sec.gov',
  'https://www.ecfr.gov',
  'https://www.law.cornell.edu',
  'https://www.gov.br',
  'https://geo.anm.gov.br',
  'https://dadosabertos.anm.gov.br',
  'https://geoportal.sgb.gov.br',
  'https://geosgb.sgb.gov.br',
  'https://dadosabertos.ibama.gov.br',
  'https://gishub.anp.gov.br',
];

/** The WHATWG URL parser exists in Node and every browser; shared/ is typechecked without either's types. */
interface ParsedUrl {
  protocol: string;
  username: string;
  password: string;
  origin: string;
}
const UrlParser = (globalThis as unknown as { URL: new (input: string) => ParsedUrl }).URL;

export function isAllowedExternalUrl(raw: string): boolean {
  let url: ParsedUrl;
  try {
    url = new UrlParser(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  return EXTERNAL_LINK_ALLOWLIST.includes(url.origin);
}
