import type { TrsRule } from './helpers';
import { brazilRules } from './brazil';
import { costRules, economicsRules } from './economics';
import { officialRules } from './official';
import { environmentRules, propertyRules } from './property';
import { qpRules } from './qp';
import { structureRules } from './structure';
import { tableRules } from './tables';

/** Every KRCI rule, in display order. Ids are stable: tests, the CLI and saved findings refer to them. */
export const KRCI_RULES: readonly TrsRule[] = [
  ...structureRules,
  ...qpRules,
  ...tableRules,
  ...economicsRules,
  ...costRules,
  ...propertyRules,
  ...environmentRules,
  ...brazilRules,
  ...officialRules,
];

export type { TrsRule };
