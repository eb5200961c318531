// The TRS document model, one file per domain; this barrel keeps `from './model'` imports working.
export { boundedText, IsoDateSchema } from './primitives';
export * from './quantities';
export * from './metadata';
export * from './qualified-persons';
export * from './property';
export * from './sections';
export * from './estimates';
export * from './economics';
export * from './brazil';
export * from './references';
export * from './figures';
export * from './report';
