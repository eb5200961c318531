import type { FeatureMessages } from '../message-types';

// Strings of this feature (UI labels under 'exports', errors under 'errors.exports' and 'errors.edgar').
export const exportsMessages: FeatureMessages = {
  en: {
    exports: {
      lint: { clean: '{{file}}: no EDGAR HTML violations' },
      cli: {
        written: 'Exported {{count}} file(s) to {{destination}}',
        writtenDraft: 'Exported {{count}} DRAFT file(s) to {{destination}}',
      },
      panel: {
        title: 'Export',
        intro: 'Filing documents from this report. Every EDGAR file is checked against the EDGAR HTML rules before it is written.',
        format: 'Format',
        formats: {
          ex96: 'EX-96 Technical Report Summary (EDGAR HTML)',
          ex23: 'EX-23 consents of the qualified persons (EDGAR HTML)',
          pdf: 'PDF (unofficial copy)',
          docx: 'Word document (DOCX)',
          json: 'Canonical JSON',
          package: 'Filing package (zip: exhibits, figures, PDF, DOCX, JSON, manifest, log)',
        },
        draft: 'Export as a DRAFT (allowed with critical findings; marked DRAFT on every page and in the file names)',
        run: 'Export…',
        running: 'Exporting…',
        done: 'Exported {{count}} file(s) to {{destination}}',
        doneDraft: 'Exported {{count}} DRAFT file(s) to {{destination}}',
        cancelled: 'Export cancelled.',
        refusedTitle: 'Export refused: fix these critical findings, or export a draft on purpose.',
        file: 'File',
        bytes: 'Bytes',
        sha256: 'SHA-256',
        score: 'KRCI score {{score}}',
        noReport: 'Open a report to export it.',
      },
    },
    errors: {
      edgar: {
        readFailed: 'Cannot read {{file}} ({{reason}}).',
        lintFailed: '{{file}} breaks the EDGAR HTML rules: {{count}} violation(s).',
      },
      exports: {
        criticalFindings: 'Export refused: the compliance check found {{count}} critical finding(s). Fix them, or export a draft on purpose.',
        edgarLint: '{{file}} would break the EDGAR HTML rules ({{count}} violation(s)); nothing was written.',
        noConsents: 'The report has no qualified person or firm whose consent can be written.',
        unavailable: 'The export feature is not available in this build.',
        firmNameMissing: "The report is signed by a third-party firm without a name; a firm consent (EX-23) needs the firm's name. Nothing was written.",
        signerNameMissing: '{{count}} qualified person(s) without a name; their consent (EX-23) cannot be signed. Nothing was written.',
        badExhibit: '--exhibit must be a whole number from 1 to 99, not "{{value}}".',
        reportMissing: 'This report has no Technical Report Summary to export yet.',
        writeFailed: 'Could not write the export to {{destination}}: {{reason}}. Nothing else was changed.',
      },
    },
  },
  'pt-BR': {
    exports: {
      lint: { clean: '{{file}}: nenhuma violação das regras de HTML do EDGAR' },
      cli: {
        written: '{{count}} arquivo(s) exportado(s) para {{destination}}',
        writtenDraft: '{{count}} arquivo(s) de RASCUNHO exportado(s) para {{destination}}',
      },
      panel: {
        title: 'Exportar',
        intro: 'Documentos de arquivamento deste relatório. Cada arquivo EDGAR é verificado pelas regras de HTML do EDGAR antes de ser gravado.',
        format: 'Formato',
        formats: {
          ex96: 'EX-96 Technical Report Summary (HTML EDGAR)',
          ex23: 'EX-23 consentimentos das pessoas qualificadas (HTML EDGAR)',
          pdf: 'PDF (cópia não oficial)',
          docx: 'Documento Word (DOCX)',
          json: 'JSON canônico',
          package: 'Pacote de arquivamento (zip: anexos, figuras, PDF, DOCX, JSON, manifesto, registro)',
        },
        draft: 'Exportar como RASCUNHO (permitido com achados críticos; marcado RASCUNHO/DRAFT em todas as páginas e nos nomes dos arquivos)',
        run: 'Exportar…',
        running: 'Exportando…',
        done: '{{count}} arquivo(s) exportado(s) para {{destination}}',
        doneDraft: '{{count}} arquivo(s) de RASCUNHO exportado(s) para {{destination}}',
        cancelled: 'Exportação cancelada.',
        refusedTitle: 'Exportação recusada: corrija estes achados críticos ou exporte um rascunho de propósito.',
        file: 'Arquivo',
        bytes: 'Bytes',
        sha256: 'SHA-256',
        score: 'Pontuação KRCI {{score}}',
        noReport: 'Abra um relatório para exportá-lo.',
      },
    },
    errors: {
      edgar: {
        readFailed: 'Não foi possível ler {{file}} ({{reason}}).',
        lintFailed: '{{file}} viola as regras de HTML do EDGAR: {{count}} violação(ões).',
      },
      exports: {
        criticalFindings:
          'Exportação recusada: a verificação de conformidade encontrou {{count}} achado(s) crítico(s). Corrija-os ou exporte um rascunho de propósito.',
        edgarLint: '{{file}} violaria as regras de HTML do EDGAR ({{count}} violação(ões)); nada foi gravado.',
        noConsents: 'O relatório não tem pessoa qualificada nem empresa cujo consentimento possa ser redigido.',
        unavailable: 'A exportação não está disponível nesta versão.',
        firmNameMissing: 'O relatório é assinado por uma empresa terceira sem nome; o consentimento da empresa (EX-23) exige o nome dela. Nada foi gravado.',
        signerNameMissing: '{{count}} pessoa(s) qualificada(s) sem nome; o consentimento (EX-23) delas não pode ser assinado. Nada foi gravado.',
        badExhibit: '--exhibit deve ser um número inteiro de 1 a 99, não "{{value}}".',
        reportMissing: 'Este relatório ainda não tem um Technical Report Summary para exportar.',
        writeFailed: 'Não foi possível gravar a exportação em {{destination}}: {{reason}}. Nada mais foi alterado.',
      },
    },
  },
};
