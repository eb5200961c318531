import { SK1300_SECTIONS } from '../sections';
import type { PropertyStage, StudyType } from './quantities';
import type { TrsReport } from './report';
import type { Section } from './sections';

// The document's identity and its "new report" template, kept apart from the schemas: a database
// migration builds a template without constructing every schema of the model.

export const TRS_FORMAT = 'qivo.trs' as const;
export const TRS_SCHEMA_VERSION = 3 as const;

export interface NewReportOptions {
  title?: string;
  registrantName?: string;
  propertyName?: string;
  studyType?: StudyType;
  propertyStage?: PropertyStage;
  language?: 'en' | 'pt-BR';
}

export function createEmptySections(): Section[] {
  return SK1300_SECTIONS.map((s) => ({ number: s.number, key: s.key, title: s.title, status: 'draft' as const, body: [], notApplicableReason: '' }));
}

/** The "new report" template: the 25 official headings, empty, with every optional fact unset. */
export function createEmptyReport(options: NewReportOptions = {}): TrsReport {
  return {
    format: TRS_FORMAT,
    schemaVersion: TRS_SCHEMA_VERSION,
    metadata: {
      title: options.title ?? 'Technical Report Summary',
      registrantName: options.registrantName ?? '',
      registrantCik: null,
      propertyName: options.propertyName ?? '',
      effectiveDate: null,
      reportDate: null,
      studyType: options.studyType ?? 'initialAssessment',
      propertyStage: options.propertyStage ?? 'exploration',
      commodities: [],
      supersedes: null,
      language: options.language ?? 'en',
    },
    qualifiedPersons: [],
    signingFirm: null,
    property: {
      location: { latitude: null, longitude: null, sirgas2000: null, description: '' },
      polygon: null,
      areaHa: null,
      mineralRights: [],
      ownershipPercent: null,
      royalties: [],
      encumbrances: '',
    },
    sections: createEmptySections(),
    mineralResources: [],
    mineralReserves: [],
    priorYearComparison: null,
    capitalCosts: null,
    operatingCosts: null,
    economicAnalysis: null,
    brazil: null,
    references: [],
    figures: [],
  };
}
