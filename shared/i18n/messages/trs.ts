import type { FeatureMessages } from '../message-types';

// Strings of this feature (UI labels under 'trs', errors under 'errors.trs'). Keys must match in both languages.
export const trsMessages: FeatureMessages = { en: {}, 'pt-BR': {} };
