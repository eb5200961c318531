import type { FeatureMessages } from '../message-types';

// Strings of this feature (UI labels under 'compliance', errors under 'errors.compliance'). Keys must match in both languages.
export const complianceMessages: FeatureMessages = { en: {}, 'pt-BR': {} };
