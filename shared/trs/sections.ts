/**
 * The 25 sections of a Technical Report Summary, Item 601(b)(96)(iii)(B)(1)–(25) of Regulation
 * S-K (17 CFR 229.601(b)(96)(iii)(B)), in their order, with the official titles as printed in the
 * eCFR (serial commas included). `key` is the stable identifier used by the model, the rule engine
 * and the exporters; never renumber or rename a key.
 */
export const SK1300_SECTIONS = [
  { number: 1, key: 'executiveSummary', title: 'Executive summary' },
  { number: 2, key: 'introduction', title: 'Introduction' },
  { number: 3, key: 'propertyDescription', title: 'Property description' },
  { number: 4, key: 'accessibility', title: 'Accessibility, climate, local resources, infrastructure and physiography' },
  { number: 5, key: 'history', title: 'History' },
  { number: 6, key: 'geologicalSetting', title: 'Geological setting, mineralization, and deposit' },
  { number: 7, key: 'exploration', title: 'Exploration' },
  { number: 8, key: 'samplePreparation', title: 'Sample preparation, analyses, and security' },
  { number: 9, key: 'dataVerification', title: 'Data verification' },
  { number: 10, key: 'mineralProcessing', title: 'Mineral processing and metallurgical testing' },
  { number: 11, key: 'mineralResourceEstimates', title: 'Mineral resource estimates' },
  { number: 12, key: 'mineralReserveEstimates', title: 'Mineral reserve estimates' },
  { number: 13, key: 'miningMethods', title: 'Mining methods' },
  { number: 14, key: 'processingAndRecovery', title: 'Processing and recovery methods' },
  { number: 15, key: 'infrastructure', title: 'Infrastructure' },
  { number: 16, key: 'marketStudies', title: 'Market studies' },
  {
    number: 17,
    key: 'environmentalStudies',
    title: 'Environmental studies, permitting, and plans, negotiations, or agreements with local individuals or groups',
  },
  { number: 18, key: 'capitalAndOperatingCosts', title: 'Capital and operating costs' },
  { number: 19, key: 'economicAnalysis', title: 'Economic analysis' },
  { number: 20, key: 'adjacentProperties', title: 'Adjacent properties' },
  { number: 21, key: 'otherRelevantData', title: 'Other relevant data and information' },
  { number: 22, key: 'interpretationAndConclusions', title: 'Interpretation and conclusions' },
  { number: 23, key: 'recommendations', title: 'Recommendations' },
  { number: 24, key: 'references', title: 'References' },
  { number: 25, key: 'relianceOnRegistrant', title: 'Reliance on information provided by the registrant' },
] as const;

export type SectionKey = (typeof SK1300_SECTIONS)[number]['key'];
export type SectionNumber = (typeof SK1300_SECTIONS)[number]['number'];
export const SECTION_KEYS = SK1300_SECTIONS.map((s) => s.key) as [SectionKey, ...SectionKey[]];
export const SECTION_COUNT = SK1300_SECTIONS.length;

/** Citation of one section, e.g. `Item 601(b)(96)(iii)(B)(11)`. */
export function sectionCitation(number: number): string {
  return `Item 601(b)(96)(iii)(B)(${number})`;
}

export function sectionByKey(key: SectionKey) {
  const found = SK1300_SECTIONS.find((s) => s.key === key);
  if (!found) throw new Error(`unknown section ${key}`);
  return found;
}
