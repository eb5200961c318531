import type { FeatureMessages } from '../message-types';

// Strings of this feature (UI labels under 'metrics', errors under 'errors.metrics'). Keys must match in both languages.
export const metricsMessages: FeatureMessages = { en: {}, 'pt-BR': {} };
