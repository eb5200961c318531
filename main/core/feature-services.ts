/**
 * Services one feature offers to another (e.g. the KRCI engine reading the stored TRS and the
 * official-data cache). Each feature adds an optional, typed entry here and fills it in its
 * `init`; consumers must cope with an absent service (the feature may be turned off).
 */
export interface FeatureServices {
  [name: string]: unknown;
}
