import type { FeatureModule } from './core';
import { flagsFeature } from '../flags/feature';
import { complianceFeature } from '../krci/feature';
import { exportsFeature } from '../exports/feature';
import { metricsFeature } from '../metrics/feature';
import { officialFeature } from '../official/feature';
import { reportsFeature } from '../reports/feature';
import { systemFeature } from '../system/feature';
import { trsFeature } from '../trs/feature';
import { updateFeature } from '../update/feature';
import { diagnosticsFeature } from '../diagnostics/feature';

/**
 * Every feature of the workstation, in start order: metrics first, so its recorder is in place
 * before anything records; then flags, so the gate is in place before any gated feature starts.
 * Add yours with one line.
 */
export const allFeatures: readonly FeatureModule[] = [
  // First: its recorder is in place before any feature records (it tees with any recorder installed earlier).
  metricsFeature,
  flagsFeature,
  systemFeature,
  reportsFeature,
  trsFeature,
  exportsFeature,
  officialFeature,
  complianceFeature,
  updateFeature,
  // Last: it reads the others' state (flags) when a bundle is made.
  diagnosticsFeature,
];
