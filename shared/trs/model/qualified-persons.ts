import { z } from 'zod';
import { id, longText, optionalDate, shortText } from './primitives';

/** The qualified persons and the third-party firm who date and sign the report. */

export const CONSENT_STATUSES = ['notRequested', 'requested', 'received', 'refused'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const QualifiedPersonSchema = z.strictObject({
  id,
  name: shortText,
  /** Recognised professional organisation (e.g. AusIMM, AIPG, SME RM, CBRR PQR). */
  rpo: shortText,
  membershipNumber: shortText,
  /** Professional designation, e.g. "FAusIMM (CP)". */
  credentials: shortText,
  yearsRelevantExperience: z.number().min(0).max(80).nullable(),
  employer: shortText,
  isRegistrantEmployee: z.boolean(),
  /** Any affiliation with the registrant or with another holder of an interest or royalty in the property. */
  affiliationWithRegistrant: longText,
  sectionsResponsible: z.array(z.number().int().min(1).max(25)).max(25),
  /** Date and description of the personal inspection, or why none was made (section 2). */
  personalInspection: z.strictObject({ date: optionalDate, description: longText }),
  signatureDate: optionalDate,
  consentStatus: z.enum(CONSENT_STATUSES),
  consentDate: optionalDate,
});
export type QualifiedPerson = z.infer<typeof QualifiedPersonSchema>;

/** §1302(b)(1)(ii): a third-party firm of mining experts may date and sign instead of its QP employees. */
export const SigningFirmSchema = z.strictObject({
  name: shortText,
  address: longText,
  signatureDate: optionalDate,
  consentStatus: z.enum(CONSENT_STATUSES),
  consentDate: optionalDate,
  /** The QPs (ids in `qualifiedPersons`) employed by the firm who prepared the report. */
  qualifiedPersonIds: z.array(id).max(100),
});
export type SigningFirm = z.infer<typeof SigningFirmSchema>;
