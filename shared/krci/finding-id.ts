import { fingerprint } from './fingerprint';
import type { Finding } from './types';

/**
 * A finding's stable identity across checks: its rule and the JSON path it points at, hashed
 * (shared/krci/fingerprint.ts) into a short id. Reviews (accepted, assigned) attach to it, and two
 * versions of a report are compared by it. Values in the message (a total, a date) are left out on
 * purpose: editing the figure of a finding does not make it another finding.
 */
export function findingId(f: Pick<Finding, 'ruleId' | 'path'>): string {
  return `${f.ruleId}#${fingerprint([f.ruleId, f.path]).toString(36)}`;
}
