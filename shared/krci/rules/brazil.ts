import {
  checkAnmProcessNumber,
  checkCnpj,
  checkIbgeMunicipalityCode,
  canonicalAnmProcessNumber,
  findCpfLikeNumbers,
  isWithinBrazilBounds,
  parseSirgasDms,
} from '../../brazil/identifiers';
import { CBRR_CATEGORY_BY_CLASS, type TrsReport } from '../../trs/model';
import { NOT_APPLICABLE, type FindingDraft } from '../types';
import { codeLabel } from '../../trs/code-labels';
import { filled, fold, rule, text, type TrsRule } from './helpers';
import { classLabel } from './wording-format';

const RES94 = 'ANM Res. 94/2022 art. 4';
const RES142 = 'ANM Res. 142/2023';

/** The report concerns a property in Brazil: Brazilian fields filled, ANM rights, or a location inside Brazil. */
export function isBrazilian(report: TrsReport): boolean {
  if (report.brazil) return true;
  if (report.property.mineralRights.some((r) => r.kind === 'anmProcess')) return true;
  const { latitude, longitude } = report.property.location;
  return latitude !== null && longitude !== null && isWithinBrazilBounds(latitude, longitude);
}

// ---- CPF scan --------------------------------------------------------------------------------

/** Binary payloads are not text an exhibit shows; scanning base64 would only produce noise. */
const SKIP_KEYS = new Set(['dataBase64']);
type Hit = { rel: string; text: string };
const cpfMemo = new WeakMap<object, Hit[]>();

const NO_HITS: Hit[] = [];
/** Shortest text that can hold a CPF (11 bare digits). */
const CPF_MIN_LENGTH = 11;

/**
 * How deep under an exhibit part objects are memoised: part → array → item → its arrays (2), and
 * in `sections` one level more (a body's blocks, 3), so a keystroke rescans one block and a cell
 * edit one table. Deeper objects (inlines, rows, quantities) are rescanned with their parent: a
 * WeakMap entry for each of the ~40 000 small objects of a long report costs more than it saves.
 */
function memoDepth(part: string): number {
  return part === 'sections' ? 3 : 2;
}

/** CPF-looking numbers in a string (none in one too short to hold a CPF). */
function stringHits(value: string): Hit[] {
  if (value.length < CPF_MIN_LENGTH) return NO_HITS;
  const found = findCpfLikeNumbers(value);
  return found.length === 0 ? NO_HITS : found.map((o) => ({ rel: '', text: o.text }));
}

/** `out` (a new list in place of NO_HITS) with `hits` appended under `key`. */
function prefixed(out: Hit[], key: string, hits: Hit[]): Hit[] {
  const list = out === NO_HITS ? [] : out;
  for (const h of hits) list.push({ rel: h.rel ? `${key}.${h.rel}` : key, text: h.text });
  return list;
}

/** CPF-looking numbers under `value`, with paths relative to it. */
function cpfHits(value: unknown, depth: number, memoUntil: number): Hit[] {
  if (typeof value === 'string') return stringHits(value);
  if (value === null || typeof value !== 'object') return NO_HITS;
  const memoised = depth <= memoUntil;
  if (memoised) {
    const cached = cpfMemo.get(value);
    if (cached) return cached;
  }
  let out = NO_HITS;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      // Strings and numbers are most of a report: no call for a number, none for a short string.
      if (typeof item === 'string') {
        if (item.length >= CPF_MIN_LENGTH) {
          const hits = stringHits(item);
          if (hits.length > 0) out = prefixed(out, String(i), hits);
        }
      } else if (typeof item === 'object' && item !== null) {
        const hits = cpfHits(item, depth + 1, memoUntil);
        if (hits.length > 0) out = prefixed(out, String(i), hits);
      }
    }
  } else {
    const record = value as Record<string, unknown>;
    for (const k in record) {
      const item = record[k];
      if (typeof item === 'string') {
        if (item.length >= CPF_MIN_LENGTH && !SKIP_KEYS.has(k)) {
          const hits = stringHits(item);
          if (hits.length > 0) out = prefixed(out, k, hits);
        }
      } else if (typeof item === 'object' && item !== null && !SKIP_KEYS.has(k)) {
        const hits = cpfHits(item, depth + 1, memoUntil);
        if (hits.length > 0) out = prefixed(out, k, hits);
      }
    }
  }
  if (memoised) cpfMemo.set(value, out);
  return out;
}

/** Everything the EX-96 exhibit prints (figures' pixels excepted). */
const EXHIBIT_PARTS = [
  'metadata',
  'qualifiedPersons',
  'signingFirm',
  'property',
  'sections',
  'mineralResources',
  'mineralReserves',
  'priorYearComparison',
  'capitalCosts',
  'operatingCosts',
  'economicAnalysis',
  'brazil',
  'references',
  'figures',
] as const;

/** Last 2 digits only, so the finding itself does not repeat the personal number. */
function maskCpf(cpf: string): string {
  return cpf.replace(/\d(?=.*\d{2}$)/g, '•');
}

function normalizeHolder(s: string): string {
  return fold(s)
    .replace(/[.,\-()]/g, ' ')
    .replace(/\b(ltda|s ?a|sa|eireli|me|epp|mineracao|mineradora|cia|companhia)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function sameHolder(a: string, b: string): boolean {
  const x = normalizeHolder(a);
  const y = normalizeHolder(b);
  return x !== '' && x === y;
}

export const brazilRules: TrsRule[] = [
  rule({
    id: 'brazil.fields-present',
    category: 'brazil',
    severity: 'medium',
    citation: RES94,
    citationVerified: true,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil',
    reads: ['brazil', 'property.mineralRights', 'property.location'],
    text: text(
      'The property is in Brazil but the Brazilian fields (holder, CNPJ, ANM processes, municipalities) are empty.',
      'Fill in the Brazilian fields so the report can be checked against ANM and IBAMA data.',
      'A propriedade está no Brasil, mas os campos brasileiros (titular, CNPJ, processos ANM, municípios) estão vazios.',
      'Preencha os campos brasileiros para que o relatório possa ser conferido com os dados da ANM e do IBAMA.',
    ),
    check: (report) => (!isBrazilian(report) ? NOT_APPLICABLE : report.brazil ? [] : [{ path: 'brazil' }]),
  }),
  rule({
    id: 'brazil.cnpj',
    category: 'brazil',
    severity: 'high',
    citation: 'CNPJ check digits, numeric and alphanumeric (IN RFB 2.229/2024)',
    basis: 'dataFormat',
    citationVerified: true,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.holderCnpj',
    reads: ['brazil'],
    text: text(
      'The holder\'s CNPJ "{{cnpj}}" is invalid ({{problem}}).',
      'Enter the CNPJ as NN.NNN.NNN/NNNN-DD (letters allowed in the first 12 positions since IN RFB 2.229/2024) and check the digits.',
      'O CNPJ do titular "{{cnpj}}" é inválido ({{problemPt}}).',
      'Informe o CNPJ no formato NN.NNN.NNN/NNNN-DD (letras permitidas nas 12 primeiras posições desde a IN RFB 2.229/2024) e confira os dígitos.',
    ),
    check(report) {
      const br = report.brazil;
      if (!br) return NOT_APPLICABLE;
      const r = checkCnpj(br.holderCnpj);
      if (r.valid) return [];
      const problems = {
        empty: ['missing', 'não informado'],
        format: ['wrong format', 'formato incorreto'],
        repeated: ['all digits identical', 'todos os dígitos iguais'],
        checkDigits: ['check digits do not match', 'dígitos verificadores não conferem'],
      } as const;
      return [{ path: 'brazil.holderCnpj', params: { cnpj: br.holderCnpj, problem: problems[r.problem][0], problemPt: problems[r.problem][1] } }];
    },
  }),
  rule({
    id: 'brazil.no-cpf-in-exhibit',
    category: 'brazil',
    severity: 'high',
    filingSeverity: 'critical',
    citation: 'Lei 13.709/2018 (LGPD) art. 5 I (a CPF is personal data) and art. 6 III (necessity); an EX-96 is public on EDGAR',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'sections',
    reads: EXHIBIT_PARTS,
    text: text(
      'A CPF-like number ({{masked}}) appears in text that goes into the public exhibit.',
      'Remove personal CPF numbers from the report; identify people by name and professional registration instead.',
      'Um número com formato de CPF ({{masked}}) aparece em texto que vai para o anexo público.',
      'Retire números de CPF do relatório; identifique as pessoas pelo nome e registro profissional.',
    ),
    check(report) {
      const out: FindingDraft[] = [];
      const root = report as unknown as Record<string, unknown>;
      for (const part of EXHIBIT_PARTS) {
        for (const h of cpfHits(root[part], 0, memoDepth(part))) out.push({ path: h.rel ? `${part}.${h.rel}` : part, params: { masked: maskCpf(h.text) } });
      }
      return out;
    },
  }),
  rule({
    id: 'brazil.anm-process-format',
    category: 'brazil',
    severity: 'high',
    citation: 'ANM processo minerário NNN.NNN/AAAA (SIGMINE DSProcesso)',
    basis: 'dataFormat',
    citationVerified: true,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.anmProcesses',
    reads: ['brazil', 'property.mineralRights'],
    contextReads: ['now'],
    text: text(
      'ANM process number "{{number}}" is invalid ({{problem}}).',
      'Write the ANM process number as NNN.NNN/AAAA (e.g. 831.245/2004); do not use the SEI/NUP number.',
      'O número de processo ANM "{{number}}" é inválido ({{problemPt}}).',
      'Escreva o número do processo ANM como NNN.NNN/AAAA (ex.: 831.245/2004); não use o número SEI/NUP.',
    ),
    check(report, context) {
      const numbers = [
        ...(report.brazil?.anmProcesses ?? []).map((p, i) => ({ n: p.processNumber, path: `brazil.anmProcesses.${i}.processNumber` })),
        ...report.property.mineralRights
          .map((r, i) => ({ r, i }))
          .filter(({ r }) => r.kind === 'anmProcess')
          .map(({ r, i }) => ({ n: r.identifier, path: `property.mineralRights.${i}.identifier` })),
      ];
      if (numbers.length === 0) return NOT_APPLICABLE;
      const problems = {
        format: ['not NNN.NNN/AAAA', 'não está no formato NNN.NNN/AAAA'],
        seiNup: ['this is a SEI/NUP administrative number', 'este é um número SEI/NUP'],
        futureYear: ['the year is in the future', 'o ano está no futuro'],
      } as const;
      const out: FindingDraft[] = [];
      for (const { n, path } of numbers) {
        const r = checkAnmProcessNumber(n, context.now);
        if (!r.valid) out.push({ path, params: { number: n, problem: problems[r.problem][0], problemPt: problems[r.problem][1] } });
      }
      return out;
    },
  }),
  rule({
    id: 'brazil.anm-processes-consistent',
    category: 'brazil',
    severity: 'medium',
    citation: 'Item 601(b)(96)(iii)(B)(3)',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.anmProcesses',
    reads: ['brazil', 'property.mineralRights'],
    text: text(
      'ANM process {{number}} is listed {{where}} but not {{other}}.',
      'List each ANM process both among the mineral rights (section 3) and in the Brazilian fields.',
      'O processo ANM {{number}} consta {{wherePt}}, mas não {{otherPt}}.',
      'Relacione cada processo ANM tanto nos direitos minerários (seção 3) quanto nos campos brasileiros.',
    ),
    check(report) {
      const br = report.brazil;
      if (!br) return NOT_APPLICABLE;
      const inBrazil = new Map(br.anmProcesses.map((p, i) => [canonicalAnmProcessNumber(p.processNumber) ?? p.processNumber, i]));
      const inRights = new Map(
        report.property.mineralRights
          .map((r, i) => ({ r, i }))
          .filter(({ r }) => r.kind === 'anmProcess')
          .map(({ r, i }) => [canonicalAnmProcessNumber(r.identifier) ?? r.identifier, i] as const),
      );
      if (inBrazil.size === 0 && inRights.size === 0) return NOT_APPLICABLE;
      const out: FindingDraft[] = [];
      for (const [n, i] of inRights)
        if (!inBrazil.has(n))
          out.push({
            path: `property.mineralRights.${i}.identifier`,
            params: {
              number: n,
              where: 'among the mineral rights',
              other: 'in the Brazilian fields',
              wherePt: 'nos direitos minerários',
              otherPt: 'nos campos brasileiros',
            },
          });
      for (const [n, i] of inBrazil)
        if (!inRights.has(n))
          out.push({
            path: `brazil.anmProcesses.${i}.processNumber`,
            params: {
              number: n,
              where: 'in the Brazilian fields',
              other: 'among the mineral rights',
              wherePt: 'nos campos brasileiros',
              otherPt: 'nos direitos minerários',
            },
          });
      return out;
    },
  }),
  rule({
    id: 'brazil.ibge-code',
    category: 'brazil',
    severity: 'high',
    citation: 'IBGE código de município (DV, SEFAZ NT 2008.004)',
    basis: 'dataFormat',
    citationVerified: true,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.municipalities',
    reads: ['brazil'],
    text: text(
      '{{problem}}',
      'Give each municipality with its 7-digit IBGE code (e.g. 3131901 for Itabirito, MG); the first two digits are the state.',
      '{{problemPt}}',
      'Informe cada município com seu código IBGE de 7 dígitos (ex.: 3131901 para Itabirito, MG); os dois primeiros dígitos indicam a UF.',
    ),
    check(report) {
      const br = report.brazil;
      if (!br) return NOT_APPLICABLE;
      if (br.municipalities.length === 0)
        return [{ path: 'brazil.municipalities', params: { problem: 'No municipality is given.', problemPt: 'Nenhum município informado.' } }];
      const out: FindingDraft[] = [];
      br.municipalities.forEach((m, i) => {
        const r = checkIbgeMunicipalityCode(m.ibgeCode);
        if (!r.valid)
          out.push({
            path: `brazil.municipalities.${i}.ibgeCode`,
            params: {
              problem: `IBGE code "${m.ibgeCode}" of ${m.name} is invalid (${r.problem}).`,
              problemPt: `O código IBGE "${m.ibgeCode}" de ${m.name} é inválido (${r.problem}).`,
            },
          });
        else if (r.uf !== m.uf)
          out.push({
            path: `brazil.municipalities.${i}.uf`,
            params: {
              problem: `IBGE code ${m.ibgeCode} belongs to ${r.uf}, not ${m.uf}.`,
              problemPt: `O código IBGE ${m.ibgeCode} pertence a ${r.uf}, não a ${m.uf}.`,
            },
          });
      });
      return out;
    },
  }),
  rule({
    id: 'brazil.sirgas-coordinates',
    category: 'brazil',
    severity: 'medium',
    citation: RES142,
    citationVerified: true,
    flag: 'BRAZILIAN_FIELDS',
    path: 'property.location.sirgas2000',
    reads: ['property.location', 'brazil'],
    text: text(
      'SIRGAS 2000 coordinates {{problem}}.',
      'Give latitude and longitude as ±GG:MM:SS,SSS (e.g. -20:17:10,104), geodetic SIRGAS 2000, matching the decimal degrees.',
      'Coordenadas SIRGAS 2000 {{problemPt}}.',
      'Informe latitude e longitude como ±GG:MM:SS,SSS (ex.: -20:17:10,104), geodésicas SIRGAS 2000, coerentes com os graus decimais.',
    ),
    check(report) {
      if (!report.brazil) return NOT_APPLICABLE;
      const loc = report.property.location;
      const s = loc.sirgas2000;
      if (!s) return [{ path: 'property.location.sirgas2000', params: { problem: 'are missing', problemPt: 'ausentes' } }];
      const lat = parseSirgasDms(s.latitude, 'lat');
      const lon = parseSirgasDms(s.longitude, 'lon');
      const out: FindingDraft[] = [];
      if (!lat.ok)
        out.push({
          path: 'property.location.sirgas2000.latitude',
          params: { problem: `latitude "${s.latitude}" is not ±GG:MM:SS,SSS`, problemPt: `latitude "${s.latitude}" fora do formato ±GG:MM:SS,SSS` },
        });
      if (!lon.ok)
        out.push({
          path: 'property.location.sirgas2000.longitude',
          params: { problem: `longitude "${s.longitude}" is not ±GG:MM:SS,SSS`, problemPt: `longitude "${s.longitude}" fora do formato ±GG:MM:SS,SSS` },
        });
      if (!lat.ok || !lon.ok) return out;
      if (!isWithinBrazilBounds(lat.degrees, lon.degrees))
        return [{ path: 'property.location.sirgas2000', params: { problem: 'fall outside Brazil', problemPt: 'fora do território brasileiro' } }];
      // ~0.0005° ≈ 55 m: the two forms of one point should agree far better than the one-mile requirement.
      if (loc.latitude !== null && loc.longitude !== null && (Math.abs(loc.latitude - lat.degrees) > 0.0005 || Math.abs(loc.longitude - lon.degrees) > 0.0005))
        return [
          {
            path: 'property.location.sirgas2000',
            params: { problem: 'do not match the decimal-degree location', problemPt: 'não coincidem com a localização em graus decimais' },
          },
        ];
      return [];
    },
  }),
  rule({
    id: 'brazil.cbrr-categories',
    category: 'brazil',
    severity: 'medium',
    citation: RES94,
    citationVerified: true,
    flag: 'BRAZILIAN_FIELDS',
    path: 'mineralResources',
    reads: ['brazil', 'mineralResources', 'mineralReserves'],
    text: text(
      '{{problem}}',
      'Give each row the CBRR / ANM Res. 94/2022 category that corresponds to its S-K 1300 class (measured → recurso medido, probable → reserva provável …).',
      '{{problemPt}}',
      'Atribua a cada linha a categoria CBRR / Res. ANM 94/2022 correspondente à classe S-K 1300 (medido → recurso medido, provável → reserva provável …).',
    ),
    check(report) {
      const br = report.brazil;
      if (!br) return NOT_APPLICABLE;
      const required = br.res94PublicDeclaration !== 'notPlanned';
      const out: FindingDraft[] = [];
      const scan = (key: 'mineralResources' | 'mineralReserves') =>
        report[key].forEach((t, ti) =>
          t.rows.forEach((row, ri) => {
            const expected = CBRR_CATEGORY_BY_CLASS[row.class];
            if (row.cbrrCategory === null) {
              if (required)
                out.push({
                  path: `${key}.${ti}.rows.${ri}.cbrrCategory`,
                  params: {
                    problem: `Row ${ri + 1} of "${t.title}" has no CBRR category although an ANM public declaration is ${br.res94PublicDeclaration}.`,
                    problemPt: `A linha ${ri + 1} de "${t.title}" não tem categoria CBRR, embora a Declaração Pública à ANM esteja ${br.res94PublicDeclaration === 'filed' ? 'protocolada' : 'prevista'}.`,
                  },
                });
            } else if (row.cbrrCategory !== expected)
              out.push({
                path: `${key}.${ti}.rows.${ri}.cbrrCategory`,
                params: {
                  problem: `Row ${ri + 1} of "${t.title}" is ${classLabel(row.class, 'en')} but labelled "${codeLabel('cbrrCategory', row.cbrrCategory, 'en')}" (expected "${codeLabel('cbrrCategory', expected, 'en')}").`,
                  problemPt: `A linha ${ri + 1} de "${t.title}" é ${classLabel(row.class, 'pt-BR')}, mas está como "${codeLabel('cbrrCategory', row.cbrrCategory, 'pt-BR')}" (esperado "${codeLabel('cbrrCategory', expected, 'pt-BR')}").`,
                },
              });
          }),
        );
      scan('mineralResources');
      scan('mineralReserves');
      return out;
    },
  }),
  rule({
    id: 'brazil.holder-consistent',
    category: 'brazil',
    severity: 'low',
    citation: 'Item 601(b)(96)(iii)(B)(3)',
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.anmProcesses',
    reads: ['brazil'],
    text: text(
      'ANM process {{number}} is held by "{{holder}}", not by the declared holder "{{declared}}".',
      'Explain the relationship (subsidiary, option, assignment in progress) or correct the holder.',
      'O processo ANM {{number}} pertence a "{{holder}}", não ao titular declarado "{{declared}}".',
      'Explique a relação (subsidiária, opção, cessão em andamento) ou corrija o titular.',
    ),
    check(report) {
      const br = report.brazil;
      if (!br || !filled(br.holderName) || br.anmProcesses.length === 0) return NOT_APPLICABLE;
      return br.anmProcesses
        .map((p, i) => ({ p, i }))
        .filter(({ p }) => filled(p.holderName) && !sameHolder(p.holderName, br.holderName))
        .map(({ p, i }) => ({
          path: `brazil.anmProcesses.${i}.holderName`,
          params: { number: p.processNumber, holder: p.holderName, declared: br.holderName },
        }));
    },
  }),
  rule({
    id: 'brazil.anm-process-listed',
    category: 'brazil',
    severity: 'medium',
    citation: RES94,
    citationVerified: false,
    flag: 'BRAZILIAN_FIELDS',
    path: 'brazil.anmProcesses',
    reads: ['brazil'],
    text: text(
      'No ANM mining process is listed for a property in Brazil.',
      'List the ANM process(es) (processo minerário) covering the property.',
      'Nenhum processo minerário ANM relacionado para uma propriedade no Brasil.',
      'Relacione o(s) processo(s) minerário(s) ANM que cobrem a propriedade.',
    ),
    check(report) {
      if (!report.brazil) return NOT_APPLICABLE;
      return report.brazil.anmProcesses.length > 0 ? [] : [{ path: 'brazil.anmProcesses' }];
    },
  }),
];
