import { z } from 'zod';
import { id, longText, optionalDate, shortText } from './primitives';

/** The Brazilian fields: ANM processes, municipalities, IBAMA licences, Res. 94 declaration. */

export const UFS = [
  'AC',
  'AL',
  'AP',
  'AM',
  'BA',
  'CE',
  'DF',
  'ES',
  'GO',
  'MA',
  'MT',
  'MS',
  'MG',
  'PA',
  'PB',
  'PR',
  'PE',
  'PI',
  'RJ',
  'RN',
  'RS',
  'RO',
  'RR',
  'SC',
  'SP',
  'SE',
  'TO',
] as const;
export type Uf = (typeof UFS)[number];

export const AnmProcessSchema = z.strictObject({
  /** `NNN.NNN/AAAA` as displayed by ANM (SIGMINE stores it without the dot). */
  processNumber: z.string().max(20),
  /** ANM phase, e.g. "Autorização de Pesquisa", "Concessão de Lavra". */
  phase: shortText,
  substance: shortText,
  areaHa: z.number().min(0).nullable(),
  holderName: shortText,
  lastEvent: shortText,
});

export const IbamaLicenceSchema = z.strictObject({
  id,
  number: z.string().max(60),
  /** LP (prévia), LI (instalação), LO (operação) or another instrument. */
  type: z.enum(['LP', 'LI', 'LO', 'LAU', 'LAS', 'other']),
  issuer: shortText,
  issuedOn: optionalDate,
  validUntil: optionalDate,
  description: shortText,
});

export const BrazilFieldsSchema = z.strictObject({
  holderName: shortText,
  /** Holder's CNPJ, numeric or alphanumeric, formatted `NN.NNN.NNN/NNNN-DD`. */
  holderCnpj: z.string().max(18),
  anmProcesses: z.array(AnmProcessSchema).max(5000),
  municipalities: z.array(z.strictObject({ ibgeCode: z.string().max(7), name: shortText, uf: z.enum(UFS) })).max(200),
  ibamaLicences: z.array(IbamaLicenceSchema).max(500),
  /** Whether a Declaração Pública under ANM Res. 94/2022 was or will be filed with ANM. */
  res94PublicDeclaration: z.enum(['notPlanned', 'planned', 'filed']),
  notes: longText,
});
export type BrazilFields = z.infer<typeof BrazilFieldsSchema>;
