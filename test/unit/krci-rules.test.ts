import { describe, expect, it } from 'vitest';
import { KRCI_RULES, evaluateRule, type CheckContext } from '../../shared/krci';
import type { TrsReport } from '../../shared/trs/model';
import {
  IA_INFERRED_STATEMENT,
  IA_STATEMENT,
  context,
  embargo,
  goldAnmRecord,
  lithiumWithEconomics,
  loadSample,
  mutate,
  square,
  withAnmFact,
  withEmbargoFact,
  anmSource,
} from '../support/krci-fixtures';

const gold = loadSample('gold');
/** Section 5 (history) as a Brazilian team drafts it. */
const PORTUGUESE_HISTORY =
  'A área foi requerida em 1973 pela Mineração Ribeirão Dourado e a lavra subterrânea começou em 1986. Entre 1990 e 2004 a empresa fez sondagens na parte norte do depósito, com furos de até 600 m, e a produção anual foi de cerca de 40 mil onças. Os trabalhos de pesquisa mais recentes são descritos na seção 7.';
const lithium = loadSample('lithium');

interface Case {
  pass: TrsReport;
  passContext?: CheckContext;
  fail: TrsReport;
  failContext?: CheckContext;
}

const g = (fn: (r: TrsReport) => void) => mutate(gold, fn);
const l = (fn: (r: TrsReport) => void) => mutate(lithium, fn);

/** One passing and one failing fixture per rule: the gold or lithium sample, with one targeted mutation. */
const CASES: Record<string, Case> = {
  'structure.processing-not-skipped': {
    pass: gold,
    fail: g((r) => {
      r.sections[13]!.status = 'notApplicable';
      r.sections[13]!.notApplicableReason = 'Processing is done by a toll mill under contract.';
    }),
  },
  'structure.processing-for-resources': {
    pass: l((r) => {
      r.sections[13]!.status = 'complete';
      r.sections[13]!.body = [{ type: 'paragraph', content: [{ type: 'text', text: 'Conceptual DMS and flotation flow sheet at 1.5 Mtpa.' }] }];
    }),
    fail: lithium,
  },
  'structure.report-date': {
    pass: gold,
    fail: g((r) => {
      r.metadata.reportDate = null;
    }),
  },
  'structure.effective-date': {
    pass: gold,
    fail: g((r) => {
      r.metadata.effectiveDate = null;
    }),
  },
  'structure.effective-not-after-report': {
    pass: gold,
    fail: g((r) => {
      r.metadata.effectiveDate = '2025-10-01';
    }),
  },
  'structure.dates-not-in-future': {
    pass: gold,
    fail: g((r) => {
      r.metadata.reportDate = '2027-01-15';
    }),
  },
  'structure.table-effective-dates': {
    pass: gold,
    fail: g((r) => {
      r.mineralResources[0]!.effectiveDate = '2024-12-31';
    }),
  },
  'structure.supersedes-identified': {
    pass: gold,
    fail: g((r) => {
      r.metadata.supersedes!.effectiveDate = null;
    }),
  },
  'qp.present': {
    pass: gold,
    fail: g((r) => {
      r.qualifiedPersons = [];
    }),
  },
  'qp.experience': {
    pass: gold,
    fail: g((r) => {
      r.qualifiedPersons[0]!.yearsRelevantExperience = 4;
    }),
  },
  'qp.rpo-membership': {
    pass: gold,
    fail: g((r) => {
      r.qualifiedPersons[1]!.membershipNumber = ' ';
    }),
  },
  'qp.signature': {
    pass: gold,
    fail: g((r) => {
      r.qualifiedPersons[0]!.signatureDate = null;
    }),
  },
  'qp.firm-signature': {
    pass: lithium,
    fail: l((r) => {
      r.signingFirm!.signatureDate = null;
    }),
  },
  'qp.firm-name': {
    pass: lithium,
    fail: l((r) => {
      r.signingFirm!.name = '';
    }),
  },
  'qp.firm-not-for-employees': {
    pass: lithium,
    fail: l((r) => {
      r.qualifiedPersons[0]!.isRegistrantEmployee = true;
    }),
  },
  'structure.exhibit-in-english': {
    pass: gold,
    fail: g((r) => {
      r.sections[4]!.body = [{ type: 'paragraph', content: [{ type: 'text', text: PORTUGUESE_HISTORY }] }];
    }),
  },
  'qp.consent': {
    pass: gold,
    fail: g((r) => {
      r.qualifiedPersons[0]!.consentStatus = 'requested';
    }),
  },
  'qp.consent-dated': {
    pass: gold,
    fail: g((r) => {
      r.qualifiedPersons[1]!.consentDate = null;
    }),
  },
  'qp.affiliation': {
    pass: gold,
    fail: g((r) => {
      r.qualifiedPersons[1]!.affiliationWithRegistrant = '';
    }),
  },
  'qp.personal-inspection': {
    pass: gold,
    fail: g((r) => {
      r.qualifiedPersons[0]!.personalInspection.description = '';
    }),
  },
  'qp.sections-covered': {
    pass: gold,
    fail: g((r) => {
      for (const q of r.qualifiedPersons) q.sectionsResponsible = q.sectionsResponsible.filter((n) => n !== 25);
    }),
  },
  'qp.signature-after-effective-date': {
    pass: gold,
    fail: g((r) => {
      r.qualifiedPersons[0]!.signatureDate = '2025-01-10';
    }),
  },
  'resources.exclusive-of-reserves': {
    pass: gold,
    fail: g((r) => {
      r.mineralResources[0]!.exclusiveOfReserves = false;
    }),
  },
  'resources.point-of-reference': {
    pass: gold,
    fail: g((r) => {
      r.mineralResources[0]!.pointOfReference = '';
    }),
  },
  'resources.cut-off': {
    pass: gold,
    fail: g((r) => {
      r.mineralResources[0]!.cutOff = [];
    }),
  },
  'resources.metallurgical-recovery': {
    pass: gold,
    fail: g((r) => {
      r.mineralResources[0]!.metallurgicalRecovery[0]!.percent = null;
    }),
  },
  'resources.attributable': {
    pass: lithium,
    fail: l((r) => {
      r.mineralResources[0]!.attributablePercent = null;
    }),
  },
  'resources.price': {
    pass: gold,
    fail: g((r) => {
      r.mineralResources[0]!.prices = [];
    }),
  },
  'resources.contained-metal': {
    pass: gold,
    fail: g((r) => {
      r.mineralResources[0]!.rows[2]!.contained[0]!.value = 165.2;
    }),
  },
  'resources.totals-add-up': {
    pass: g((r) => {
      r.mineralResources[0]!.rows.push({
        id: 'mi-op',
        class: 'measuredIndicated',
        domain: 'Open pit',
        tonnage: { value: 5810, unit: 'kt' },
        grades: [{ commodity: 'Au', value: 1.26, unit: 'g/t' }],
        contained: [{ commodity: 'Au', value: 234.7, unit: 'koz' }],
        cbrrCategory: 'recursoMedidoIndicado',
      });
    }),
    fail: g((r) => {
      r.mineralResources[0]!.rows.push({
        id: 'mi-op',
        class: 'measuredIndicated',
        domain: 'Open pit',
        tonnage: { value: 6810, unit: 'kt' },
        grades: [{ commodity: 'Au', value: 1.26, unit: 'g/t' }],
        contained: [{ commodity: 'Au', value: 275.9, unit: 'koz' }],
        cbrrCategory: 'recursoMedidoIndicado',
      });
    }),
  },
  'resources.rows-complete': {
    pass: gold,
    fail: g((r) => {
      r.mineralResources[0]!.rows[1]!.grades[0]!.value = null;
    }),
  },
  'reserves.point-of-reference': {
    pass: gold,
    fail: g((r) => {
      r.mineralReserves[0]!.pointOfReference = '  ';
    }),
  },
  'reserves.cut-off': {
    pass: gold,
    fail: g((r) => {
      r.mineralReserves[0]!.cutOff = [{ value: null, unit: 'g/t Au', description: '' }];
    }),
  },
  'reserves.metallurgical-recovery': {
    pass: gold,
    fail: g((r) => {
      r.mineralReserves[0]!.metallurgicalRecovery = [];
    }),
  },
  'reserves.attributable': {
    pass: gold,
    fail: g((r) => {
      r.mineralReserves[0]!.attributablePercent = null;
    }),
  },
  'reserves.price': {
    pass: gold,
    fail: g((r) => {
      r.mineralReserves[0]!.prices[0]!.value = null;
    }),
  },
  'reserves.contained-metal': {
    pass: gold,
    fail: g((r) => {
      r.mineralReserves[0]!.rows[0]!.tonnage.value = 5120;
    }),
  },
  'reserves.totals-add-up': {
    pass: g((r) => {
      r.mineralReserves[0]!.rows.push({
        id: 't-op',
        class: 'total',
        domain: 'Open pit',
        tonnage: { value: 10660, unit: 'kt' },
        grades: [{ commodity: 'Au', value: 1.27, unit: 'g/t' }],
        contained: [{ commodity: 'Au', value: 435.3, unit: 'koz' }],
        cbrrCategory: 'reservaTotal',
      });
    }),
    fail: g((r) => {
      r.mineralReserves[0]!.rows.push({
        id: 't-op',
        class: 'total',
        domain: 'Open pit',
        tonnage: { value: 11660, unit: 'kt' },
        grades: [{ commodity: 'Au', value: 1.27, unit: 'g/t' }],
        contained: [{ commodity: 'Au', value: 476.1, unit: 'koz' }],
        cbrrCategory: 'reservaTotal',
      });
    }),
  },
  'reserves.rows-complete': {
    pass: gold,
    fail: g((r) => {
      r.mineralReserves[0]!.rows[3]!.tonnage.value = null;
    }),
  },
  'reserves.study-type': {
    pass: gold,
    fail: g((r) => {
      r.metadata.studyType = 'initialAssessment';
    }),
  },
  'reserves.no-inferred': {
    pass: gold,
    fail: g((r) => {
      r.mineralReserves[0]!.rows[2]!.cbrrCategory = 'recursoInferido';
    }),
  },
  'reserves.stage-consistency': {
    pass: gold,
    fail: g((r) => {
      r.metadata.propertyStage = 'exploration';
    }),
  },
  'economics.analysis-present': {
    pass: gold,
    fail: g((r) => {
      r.economicAnalysis = null;
    }),
  },
  'economics.annual-cash-flow': {
    pass: gold,
    fail: g((r) => {
      r.economicAnalysis!.cashFlow[3]!.year += 2;
    }),
  },
  'economics.npv': {
    pass: gold,
    fail: g((r) => {
      r.economicAnalysis!.discountRatePercent = null;
    }),
  },
  'economics.irr': {
    pass: gold,
    fail: g((r) => {
      r.economicAnalysis!.irrPercent = null;
    }),
  },
  'economics.payback': {
    pass: gold,
    fail: g((r) => {
      r.economicAnalysis!.paybackYears = null;
    }),
  },
  'economics.sensitivity': {
    pass: gold,
    fail: g((r) => {
      r.economicAnalysis!.sensitivity = r.economicAnalysis!.sensitivity.filter((s) => s.variable !== 'opex');
    }),
  },
  'economics.npv-consistent': {
    pass: gold,
    fail: g((r) => {
      r.economicAnalysis!.npv = 310;
    }),
  },
  'economics.irr-consistent': {
    pass: gold,
    fail: g((r) => {
      r.economicAnalysis!.irrPercent = 45;
    }),
  },
  'economics.no-inferred-in-pfs-fs': {
    pass: gold,
    fail: g((r) => {
      r.economicAnalysis!.includesInferred = true;
    }),
  },
  'economics.ia-cautionary-statement': { pass: lithiumWithEconomics(IA_STATEMENT), fail: lithiumWithEconomics('Results are preliminary.') },
  'economics.ia-inferred-caveat': { pass: lithiumWithEconomics(IA_INFERRED_STATEMENT, true), fail: lithiumWithEconomics(IA_STATEMENT, true) },
  'economics.price-justified': {
    pass: gold,
    fail: g((r) => {
      r.mineralReserves[0]!.prices[0]!.timeFrame = '';
    }),
  },
  'economics.contract-price-disclosed': {
    pass: g((r) => {
      Object.assign(r.mineralReserves[0]!.prices[0]!, {
        basis: 'contract',
        justification: 'Contract price under the 2024 offtake agreement with a refiner, reviewed as reasonable.',
      });
    }),
    fail: g((r) => {
      Object.assign(r.mineralReserves[0]!.prices[0]!, { basis: 'contract', justification: 'Fixed price agreed with the refiner for 2026–2030 deliveries.' });
    }),
  },
  'economics.exchange-rate': {
    pass: g((r) => {
      r.capitalCosts!.currency = 'BRL';
    }),
    fail: g((r) => {
      r.capitalCosts!.currency = 'EUR';
    }),
  },
  'costs.capital-estimate': {
    pass: gold,
    fail: g((r) => {
      r.capitalCosts = null;
    }),
  },
  'costs.operating-estimate': {
    pass: gold,
    fail: g((r) => {
      r.operatingCosts!.items = [];
    }),
  },
  'costs.accuracy': {
    pass: gold,
    fail: g((r) => {
      r.capitalCosts!.accuracyPercent = 35;
    }),
  },
  'costs.contingency': {
    pass: gold,
    fail: g((r) => {
      r.capitalCosts!.contingencyPercent = 20;
    }),
  },
  'costs.basis-date': {
    pass: gold,
    fail: g((r) => {
      r.operatingCosts!.basisDate = null;
    }),
  },
  'property.location': {
    pass: gold,
    fail: g((r) => {
      r.property.location.longitude = null;
    }),
  },
  'property.location-precision': {
    pass: gold,
    fail: g((r) => {
      r.property.location.latitude = -20.3;
    }),
  },
  'property.location-in-polygon': {
    pass: gold,
    fail: g((r) => {
      r.property.location.latitude = 20.28614;
    }),
  },
  'property.map': {
    pass: gold,
    fail: g((r) => {
      r.sections[2]!.body = r.sections[2]!.body.filter((b) => b.type !== 'figure');
    }),
  },
  'property.mineral-rights': {
    pass: gold,
    fail: g((r) => {
      r.property.mineralRights = r.property.mineralRights.filter((m) => m.kind === 'surfaceRight');
    }),
  },
  'property.ownership': {
    pass: gold,
    fail: g((r) => {
      r.property.ownershipPercent = null;
    }),
  },
  'property.attributable-within-ownership': {
    pass: lithium,
    fail: l((r) => {
      r.property.ownershipPercent = 51;
    }),
  },
  'property.rights-current': {
    pass: lithium,
    fail: l((r) => {
      r.property.mineralRights[0]!.expiresOn = '2025-04-12';
    }),
  },
  'property.rights-expired-since': {
    pass: lithium,
    passContext: context({ now: new Date('2026-01-01T00:00:00Z') }),
    fail: lithium,
  },
  'property.area': {
    pass: gold,
    fail: g((r) => {
      r.property.areaHa = null;
    }),
  },
  'environment.section-17-required': {
    pass: gold,
    fail: g((r) => {
      r.sections[16]!.status = 'notApplicable';
      r.sections[16]!.notApplicableReason = 'Covered by the state licensing file.';
    }),
  },
  'environment.closure-costs': {
    pass: gold,
    fail: g((r) => {
      r.capitalCosts!.items = r.capitalCosts!.items.filter((i) => i.phase !== 'closure');
    }),
  },
  'environment.licences-listed': {
    pass: gold,
    fail: g((r) => {
      r.brazil!.ibamaLicences = r.brazil!.ibamaLicences.filter((x) => x.type !== 'LO');
    }),
  },
  'environment.licence-validity': {
    pass: gold,
    fail: g((r) => {
      r.brazil!.ibamaLicences[1]!.validUntil = '2025-03-31';
    }),
  },
  'brazil.fields-present': {
    pass: gold,
    fail: g((r) => {
      r.brazil = null;
    }),
  },
  'brazil.cnpj': {
    pass: gold,
    fail: g((r) => {
      r.brazil!.holderCnpj = '47.318.562/0001-42';
    }),
  },
  'brazil.no-cpf-in-exhibit': {
    pass: gold,
    fail: g((r) => {
      r.sections[1]!.body.push({ type: 'paragraph', content: [{ type: 'text', text: 'QP: Helena Prado Vasconcelos, CPF 111.444.777-35.' }] });
    }),
  },
  'brazil.anm-process-format': {
    pass: gold,
    fail: g((r) => {
      r.brazil!.anmProcesses[0]!.processNumber = '48051.004086/2021-11';
    }),
  },
  'brazil.anm-processes-consistent': {
    pass: gold,
    fail: g((r) => {
      r.brazil!.anmProcesses.pop();
    }),
  },
  'brazil.ibge-code': {
    pass: gold,
    fail: g((r) => {
      r.brazil!.municipalities[0]!.ibgeCode = '3131902';
    }),
  },
  'brazil.sirgas-coordinates': {
    pass: gold,
    fail: g((r) => {
      r.property.location.sirgas2000!.latitude = '-20.28614';
    }),
  },
  'brazil.cbrr-categories': {
    pass: gold,
    fail: g((r) => {
      r.mineralResources[0]!.rows[0]!.cbrrCategory = 'recursoIndicado';
    }),
  },
  'brazil.holder-consistent': {
    pass: gold,
    fail: g((r) => {
      r.brazil!.anmProcesses[1]!.holderName = 'Vale Verde Mineradora S.A.';
    }),
  },
  'brazil.anm-process-listed': {
    pass: gold,
    fail: g((r) => {
      r.brazil!.anmProcesses = [];
    }),
  },
  // Official-data rules judge the facts stored in the report; the context only says a stored fact is out of date.
  'official.anm-holder': { pass: withAnmFact(gold), fail: withAnmFact(gold, { holder: 'MINERAÇÃO SERRA AZUL S.A.' }) },
  'official.anm-phase': { pass: withAnmFact(gold), fail: withAnmFact(gold, { phase: 'REQUERIMENTO DE LAVRA' }) },
  'official.anm-substance': { pass: withAnmFact(gold), fail: withAnmFact(gold, { substances: ['AREIA'] }) },
  'official.anm-area': { pass: withAnmFact(gold), fail: withAnmFact(gold, { areaHa: 700 }) },
  // Self-consistency, no official data at all: the report's own processes against its reserves and stage.
  'official.reserves-on-research-application': {
    pass: gold,
    fail: g((r) => {
      for (const p of r.brazil!.anmProcesses) p.phase = 'Requerimento de Pesquisa';
    }),
  },
  'official.title-supports-stage': {
    pass: gold,
    fail: g((r) => {
      for (const p of r.brazil!.anmProcesses) p.phase = 'Autorização de Pesquisa';
    }),
  },
  'official.ibama-embargo': { pass: withEmbargoFact(gold, square(-44.5, -20.9, 0.05)), fail: withEmbargoFact(gold, square(-43.9, -20.29, 0.01)) },
  'official.ibama-embargo-undiscussed': {
    pass: mutate(withEmbargoFact(gold, square(-44.5, -20.9, 0.05)), (r) => {
      r.sections[16]!.body.push({
        type: 'paragraph',
        content: [{ type: 'text', text: 'IBAMA embargo TAD 123456-E lies 60 km south-west of the property and does not affect it.' }],
      });
    }),
    fail: withEmbargoFact(gold, square(-44.5, -20.9, 0.05)),
  },
  'official.fact-outdated': {
    pass: withAnmFact(gold),
    passContext: context({ official: { anmProcess: { record: goldAnmRecord(), source: anmSource('2026-11-26T09:00:00.000Z') } } }),
    fail: withAnmFact(gold),
    failContext: context({
      official: { anmProcess: { record: goldAnmRecord({ holder: 'MINERAÇÃO SERRA AZUL S.A.' }), source: anmSource('2026-11-26T09:00:00.000Z') } },
    }),
  },
  'official.ibama-embargo-uncited': {
    pass: withEmbargoFact(gold, square(-43.9, -20.29, 0.01)),
    passContext: context({ official: { ibamaEmbargoes: { records: [embargo(square(-43.9, -20.29, 0.01))] } } }),
    fail: gold,
    failContext: context({ official: { ibamaEmbargoes: { records: [embargo(square(-43.9, -20.29, 0.01))] } } }),
  },
};

// Section rules: every sample section passes; emptying one fails its rule, and "N/A" without a reason fails too.
for (let n = 1; n <= 25; n++) {
  const id = `structure.section-${String(n).padStart(2, '0')}`;
  CASES[id] = {
    pass: gold,
    fail: g((r) => {
      const s = r.sections[n - 1]!;
      if (n % 2 === 0) {
        s.status = 'notApplicable';
        s.notApplicableReason = 'n/a';
      } else s.body = [{ type: 'paragraph', content: [{ type: 'text', text: '   ' }] }];
    }),
  };
}

describe('KRCI rules: one passing and one failing fixture each', () => {
  it('has a case for every rule and no case for an unknown rule', () => {
    const ids = KRCI_RULES.map((r) => r.id).sort();
    expect(Object.keys(CASES).sort()).toEqual(ids);
    expect(ids.length).toBeGreaterThanOrEqual(50);
  });

  for (const rule of KRCI_RULES) {
    const c = CASES[rule.id];
    it(`${rule.id}`, () => {
      expect(c).toBeDefined();
      const pass = evaluateRule(rule, c!.pass, c!.passContext ?? context());
      expect(pass.status, JSON.stringify(pass.findings.map((f) => f.message.en))).toBe('pass');
      const fail = evaluateRule(rule, c!.fail, c!.failContext ?? context());
      expect(fail.status).toBe('fail');
      expect(fail.findings.length).toBeGreaterThan(0);
      for (const f of fail.findings) {
        expect(f.ruleId).toBe(rule.id);
        expect(f.severity).toBe(rule.severity);
        expect(f.citation).toBe(rule.citation);
        // Every placeholder is filled in both languages and the path points into the report.
        for (const lang of ['en', 'pt-BR'] as const) {
          expect(f.message[lang]).not.toMatch(/\{\{|undefined/);
          expect(f.fix[lang]).not.toMatch(/\{\{|undefined/);
        }
        expect(f.path).toMatch(/^[A-Za-z]+(\.[A-Za-z0-9]+)*$/);
      }
      if (rule.section !== undefined) expect(fail.findings.every((f) => f.section === rule.section)).toBe(true);
    });
  }
});

describe('rule catalogue invariants', () => {
  it('has bilingual text, a citation, and critical only where the citation is verified (one documented exception)', () => {
    for (const r of KRCI_RULES) {
      expect(r.id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
      expect(r.citation.length).toBeGreaterThan(5);
      for (const lang of ['en', 'pt-BR'] as const) {
        expect(r.text[lang].message.length).toBeGreaterThan(5);
        expect(r.text[lang].fix.length).toBeGreaterThan(5);
      }
      // The brief's documented exceptions: inferred material in a reserve table (excluded by the very
      // definition of a mineral reserve, whose paragraph the notes have not re-read verbatim), a CPF in a
      // public exhibit (LGPD), and reserves on a research application.
      const exceptions = ['official.reserves-on-research-application', 'reserves.no-inferred', 'brazil.no-cpf-in-exhibit'];
      if ((r.severity === 'critical' || r.filingSeverity === 'critical') && !exceptions.includes(r.id)) expect(r.citationVerified, r.id).toBe(true);
      // A data format or convention is never passed off as a verified legal paragraph's paraphrase.
      expect(['law', 'convention', 'dataFormat']).toContain(r.basis);
    }
    expect(new Set(KRCI_RULES.map((r) => r.id)).size).toBe(KRCI_RULES.length);
  });

  it('flags Brazil and official-data rules with BRAZILIAN_FIELDS so they stay off when the flag is off', () => {
    for (const r of KRCI_RULES) if (r.category === 'brazil' || r.category === 'official-data') expect(r.flag, r.id).toBe('BRAZILIAN_FIELDS');
    const cnpj = KRCI_RULES.find((r) => r.id === 'brazil.cnpj')!;
    const bad = g((r) => {
      r.brazil!.holderCnpj = 'x';
    });
    expect(evaluateRule(cnpj, bad, context({ flags: { BRAZILIAN_FIELDS: false } })).status).toBe('disabled');
    expect(evaluateRule(cnpj, bad, context()).status).toBe('fail');
  });

  it('masks the CPF it reports, and finds it wherever it is in the exhibit', () => {
    const rule = KRCI_RULES.find((r) => r.id === 'brazil.no-cpf-in-exhibit')!;
    const report = g((r) => {
      r.qualifiedPersons[0]!.credentials = 'CPF 11144477735';
      r.references[0]!.citation += ' — 111.444.777-35';
    });
    const res = evaluateRule(rule, report, context());
    expect(res.findings.map((f) => f.path).sort()).toEqual(['qualifiedPersons.0.credentials', 'references.0.citation']);
    for (const f of res.findings) expect(f.message.en).not.toContain('111444777');
    expect(res.findings[0]!.message.en).toContain('35');
  });
});

describe('rule `reads` declarations (the incremental cache depends on them)', () => {
  /** `base` with every part a rule does not read taken from `donor`. */
  function swapUnread(base: TrsReport, donor: TrsReport, reads: readonly string[]): TrsReport {
    const out: Record<string, unknown> = { ...(base as unknown as Record<string, unknown>) };
    const b = base as unknown as Record<string, Record<string, unknown>>;
    const d = donor as unknown as Record<string, Record<string, unknown>>;
    for (const key of Object.keys(out)) {
      if (reads.includes(key)) continue;
      const deeper = reads.filter((r) => r.startsWith(`${key}.`)).map((r) => r.slice(key.length + 1).split('.')[0]!);
      if (deeper.length === 0) {
        out[key] = d[key];
        continue;
      }
      // Partly read: swap the unread children only.
      const part: Record<string, unknown> = Array.isArray(b[key])
        ? ([...(b[key] as unknown as unknown[])] as unknown as Record<string, unknown>)
        : { ...b[key] };
      for (const sub of Object.keys(part)) if (!deeper.includes(sub)) part[sub] = d[key]?.[sub];
      out[key] = part;
    }
    return out as unknown as TrsReport;
  }

  it('every rule gives the same result whatever the parts it does not declare', () => {
    const pairs: Array<[TrsReport, TrsReport]> = [
      [gold, lithium],
      [lithium, gold],
      [CASES['official.ibama-embargo']!.fail, lithium],
    ];
    const ctx = context({ official: { anmProcess: { record: goldAnmRecord({ phase: 'REQUERIMENTO DE PESQUISA' }) } } });
    for (const rule of KRCI_RULES) {
      for (const [base, donor] of pairs) {
        const expected = evaluateRule(rule, base, ctx);
        const swapped = evaluateRule(rule, swapUnread(base, donor, rule.reads), ctx);
        expect(swapped, rule.id).toEqual(expected);
      }
    }
  });
});
