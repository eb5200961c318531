import type { FeatureMessages } from '../message-types';

// Strings of this feature (UI labels under 'exports', errors under 'errors.exports'). Keys must match in both languages.
export const exportsMessages: FeatureMessages = { en: {}, 'pt-BR': {} };
