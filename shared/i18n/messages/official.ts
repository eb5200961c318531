import type { FeatureMessages } from '../message-types';

// Strings of this feature (UI labels under 'official', errors under 'errors.official'). Keys must match in both languages.
export const officialMessages: FeatureMessages = { en: {}, 'pt-BR': {} };
