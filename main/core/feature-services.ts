/**
 * Services one feature offers to another (e.g. the KRCI engine reading the stored TRS and the
 * official-data cache). Each feature declares its own optional, typed entry by augmenting this
 * interface (`declare module '../core/feature-services'`) and fills it in its `init`; consumers
 * must cope with an absent service (the feature may be turned off). There is no index signature:
 * a service nobody declared is a type error, not an `unknown`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by each feature's declaration merging
export interface FeatureServices {}
