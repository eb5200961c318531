import type { FeatureMessages } from '../message-types';

// Strings of this feature (UI labels under 'exports', errors under 'errors.exports' and 'errors.edgar').
export const exportsMessages: FeatureMessages = {
  en: {
    exports: {
      lint: { clean: '{{file}}: no EDGAR HTML violations' },
    },
    errors: {
      edgar: {
        readFailed: 'Cannot read {{file}} ({{reason}}).',
        lintFailed: '{{file}} breaks the EDGAR HTML rules: {{count}} violation(s).',
      },
    },
  },
  'pt-BR': {
    exports: {
      lint: { clean: '{{file}}: nenhuma violação das regras de HTML do EDGAR' },
    },
    errors: {
      edgar: {
        readFailed: 'Não foi possível ler {{file}} ({{reason}}).',
        lintFailed: '{{file}} viola as regras de HTML do EDGAR: {{count}} violação(ões).',
      },
    },
  },
};
