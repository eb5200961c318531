import type { FeatureMessages } from '../message-types';

// Strings of this feature (UI labels under 'flags', errors under 'errors.flags'). Keys must match in both languages.
export const flagsMessages: FeatureMessages = { en: {}, 'pt-BR': {} };
