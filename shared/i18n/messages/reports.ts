import type { FeatureMessages } from '../message-types';

// Strings of this feature (UI labels under 'reports', errors under 'errors.reports'). Keys must match in both languages.
export const reportsMessages: FeatureMessages = { en: {}, 'pt-BR': {} };
