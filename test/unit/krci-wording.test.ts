import { describe, expect, it } from 'vitest';
import { KRCI_RULES, checkReport, evaluateRule } from '../../shared/krci';
import { detectLanguage } from '../../shared/krci/language';
import { looksLikeAddress } from '../../shared/krci/rules/qp';
import type { TrsReport } from '../../shared/trs/model';
import { context, lithiumWithEconomics, loadSample, mutate } from '../support/krci-fixtures';
import { CAUTIONARY_CORPUS, CONTRACT_CORPUS, INFERRED_CAVEAT_CORPUS, type Phrasing } from '../support/krci-wording-corpus';

const ruleById = (id: string) => KRCI_RULES.find((r) => r.id === id)!;
const paragraph = (text: string) => [{ type: 'paragraph' as const, content: [{ type: 'text' as const, text }] }];

/** The report a phrasing is tried in: the statement in its field, or in section 19's text with the field empty. */
function iaWith(p: Phrasing, includesInferred: boolean, neutralField: string): TrsReport {
  return mutate(lithiumWithEconomics(p.where === 'field' ? p.text : neutralField, includesInferred), (r) => {
    const s19 = r.sections[18]!;
    s19.status = 'complete';
    s19.body = paragraph(
      p.where === 'section'
        ? `The economic analysis below uses the assumptions of section 18. ${p.text}`
        : 'The economic analysis below uses the assumptions of section 18.',
    );
  });
}

function goldContractPrice(justification: string): TrsReport {
  return mutate(loadSample('gold'), (r) => {
    Object.assign(r.mineralReserves[0]!.prices[0]!, { basis: 'contract', justification });
  });
}

const CORPORA: Array<{ ruleId: string; corpus: Phrasing[]; report: (p: Phrasing) => TrsReport }> = [
  { ruleId: 'economics.ia-cautionary-statement', corpus: CAUTIONARY_CORPUS, report: (p) => iaWith(p, false, '') },
  // The inferred caveat rule reads the same places; the field keeps the viability statement when the caveat is in the section.
  {
    ruleId: 'economics.ia-inferred-caveat',
    corpus: INFERRED_CAVEAT_CORPUS,
    report: (p) => iaWith(p, true, 'Mineral resources do not have demonstrated economic viability.'),
  },
  { ruleId: 'economics.contract-price-disclosed', corpus: CONTRACT_CORPUS, report: (p) => goldContractPrice(p.text) },
];

describe('wording rules read meaning: phrasing corpora', () => {
  for (const { ruleId, corpus, report } of CORPORA) {
    describe(ruleId, () => {
      it('has at least 40 phrasings, half compliant, in both languages', () => {
        expect(corpus.length).toBeGreaterThanOrEqual(40);
        const compliant = corpus.filter((p) => p.compliant).length;
        expect(compliant).toBeGreaterThanOrEqual(20);
        expect(corpus.length - compliant).toBeGreaterThanOrEqual(20);
        expect(corpus.some((p) => /[ãõçé]/i.test(p.text))).toBe(true);
      });
      it('0 false alarms on the compliant half', () => {
        const alarms = corpus.filter((p) => p.compliant).filter((p) => evaluateRule(ruleById(ruleId), report(p), context()).status !== 'pass');
        expect(alarms.map((p) => p.text)).toEqual([]);
      });
      it('0 misses on the non-compliant half', () => {
        const misses = corpus.filter((p) => !p.compliant).filter((p) => evaluateRule(ruleById(ruleId), report(p), context()).status !== 'fail');
        expect(misses.map((p) => `${p.why}: ${p.text}`)).toEqual([]);
      });
    });
  }

  it('says in the message whether the statement is missing, weakened or contradicted', () => {
    const rule = ruleById('economics.ia-cautionary-statement');
    const weak = evaluateRule(
      rule,
      iaWith({ text: 'Some mineral resources do not have demonstrated economic viability.', where: 'field', compliant: false }, false, ''),
      context(),
    );
    expect(weak.findings[0]!.message.en).toContain('weakened');
    expect(weak.findings[0]!.message['pt-BR']).toContain('enfraquecida');
    const contra = evaluateRule(
      rule,
      iaWith(
        { text: 'Mineral resources have demonstrated economic viability.', where: 'section', compliant: false },
        false,
        'Mineral resources do not have demonstrated economic viability.',
      ),
      context(),
    );
    expect(contra.findings[0]!.params['verdict']).toBe('contradicted');
  });

  it('a legitimate statement in the section text (not the field) no longer caps the score', () => {
    const r = iaWith({ text: 'A viabilidade econômica dos recursos minerais não foi demonstrada.', where: 'section', compliant: true }, false, '');
    const result = checkReport(r, context());
    expect(result.findings.filter((f) => f.ruleId === 'economics.ia-cautionary-statement')).toEqual([]);
  });
});

describe('language of the exhibit', () => {
  const pt =
    'O depósito de lítio está localizado no município de Itinga e foi descoberto na década de 1960. As sondagens de 2023 confirmaram a continuidade dos pegmatitos, que são descritos na seção 6 com o mapa geológico e a coluna estratigráfica da área.';
  const en =
    'The lithium deposit is located in the municipality of Itinga and was discovered in the 1960s. Drilling in 2023 confirmed the continuity of the pegmatites, which are described in section 6 with the geological map and the stratigraphic column of the area.';
  it('tells Portuguese from English by function words, and leaves short texts alone', () => {
    expect(detectLanguage(pt).language).toBe('pt');
    expect(detectLanguage(en).language).toBe('en');
    expect(detectLanguage('Lavra a céu aberto; ROM 1,2 Mt').language).toBe('unknown');
    // English with Portuguese names and terms stays English.
    expect(detectLanguage(`${en} The ANM process 831.245/2004 (Concessão de Lavra, Mineração Ribeirão Dourado) covers the area.`).language).toBe('en');
  });

  it('is a plain warning while drafting and critical for a filing', () => {
    const rule = ruleById('structure.exhibit-in-english');
    const report = mutate(loadSample('gold'), (r) => {
      r.sections[5]!.body = paragraph(pt);
    });
    const drafting = evaluateRule(rule, report, context());
    expect(drafting.findings.map((f) => [f.path, f.severity])).toEqual([['sections.5', 'low']]);
    const filing = evaluateRule(rule, report, context({ purpose: 'filing' }));
    expect(filing.findings.map((f) => f.severity)).toEqual(['critical']);
    expect(filing.findings[0]!.message['pt-BR']).toContain('português');
  });
});

describe('severities from the law', () => {
  const gold = loadSample('gold');
  it('grades inferred material in reserves or in PFS/FS economics, and a firm sign-off without the firm, critical', () => {
    for (const id of ['reserves.no-inferred', 'economics.no-inferred-in-pfs-fs', 'qp.firm-name', 'reserves.study-type', 'economics.ia-cautionary-statement'])
      expect(ruleById(id).severity, id).toBe('critical');
  });

  it('a CPF in a public (non-draft) exhibit is critical; while drafting it is high', () => {
    const rule = ruleById('brazil.no-cpf-in-exhibit');
    const r = mutate(gold, (x) => {
      x.sections[1]!.body.push(paragraph('QP CPF 111.444.777-35')[0]!);
    });
    expect(evaluateRule(rule, r, context()).findings[0]!.severity).toBe('high');
    expect(evaluateRule(rule, r, context({ purpose: 'filing' })).findings[0]!.severity).toBe('critical');
    const filing = checkReport(r, context({ purpose: 'filing' }));
    expect(filing.capped).toBe(true);
  });

  it('marks data-format and convention rules as such, not as legal citations', () => {
    expect(ruleById('brazil.cnpj').basis).toBe('dataFormat');
    expect(ruleById('brazil.ibge-code').basis).toBe('dataFormat');
    expect(ruleById('resources.totals-add-up').basis).toBe('convention');
    expect(ruleById('economics.npv-consistent').basis).toBe('convention');
    expect(ruleById('qp.signature').basis).toBe('law');
  });

  it('the date rules cite their paragraphs, not the generic Item 601(b)(96)(iii)(B)', () => {
    for (const id of ['structure.effective-date', 'structure.effective-not-after-report', 'structure.dates-not-in-future', 'structure.table-effective-dates']) {
      expect(ruleById(id).citation, id).toMatch(/229\.130[24]\([bd]\)\(1\)/);
    }
  });

  it('takes a street address typed as the firm name for what it is', () => {
    expect(looksLikeAddress('Rua Dom Serafim 214, Teófilo Otoni')).toBe(true);
    expect(looksLikeAddress('1200 17th Street, Suite 600, Denver CO 80202')).toBe(true);
    expect(looksLikeAddress('Vale do Jequitinhonha Geoconsultoria Ltda.')).toBe(false);
    expect(looksLikeAddress('SRK Consulting (U.S.), Inc.')).toBe(false);
    const rule = ruleById('qp.firm-name');
    const lithium = loadSample('lithium');
    const r = mutate(lithium, (x) => {
      x.signingFirm!.name = x.signingFirm!.address;
    });
    expect(evaluateRule(rule, r, context()).findings[0]!.message.en).toContain('is an address');
  });
});

describe('messages people read', () => {
  it("the totals rule names the classes and the disagreeing values in each language's labels and number format", () => {
    const rule = ruleById('resources.totals-add-up');
    const r = mutate(loadSample('gold'), (x) => {
      x.mineralResources[0]!.rows.push({
        id: 'mi-op',
        class: 'measuredIndicated',
        domain: 'Open pit',
        tonnage: { value: 56800, unit: 'kt' },
        grades: [{ commodity: 'Au', value: 1.26, unit: 'g/t' }],
        contained: [{ commodity: 'Au', value: 2301, unit: 'koz' }],
        cbrrCategory: 'recursoMedidoIndicado',
      });
    });
    const f = evaluateRule(rule, r, context()).findings[0]!;
    expect(f.message.en).toContain('Measured + indicated is stated as 56.8 Mt');
    expect(f.message['pt-BR']).toContain('Medido + indicado está informado como 56,8 Mt');
    expect(f.message.en).toMatch(/Measured [\d.]+ Mt \+ Indicated [\d.]+ Mt add up to/);
    expect(f.message['pt-BR']).toMatch(/Medido [\d,]+ Mt \+ Indicado [\d,]+ Mt somam/);
    expect(f.message.en).not.toMatch(/measuredIndicated|56800000/);
    expect(f.fix.en).toContain('Measured + indicated');
  });
});
