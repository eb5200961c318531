import type { FeatureMessages } from '../message-types';

// Strings of the report drafts list (UI under 'reports', CLI under 'reports.cli', errors under 'errors.cli').
export const reportsMessages: FeatureMessages = {
  en: {
    reports: {
      title: 'Reports',
      newReport: 'New report',
      emptyTitle: 'No report drafts yet',
      emptyBody: 'Create your first Technical Report Summary draft. It is saved on this computer and works offline.',
      fieldTitle: 'Title',
      fieldProperty: 'Property',
      fieldCommodity: 'Commodity',
      updated: 'Updated {{date}}',
      confirmDelete: 'Delete "{{title}}"? This cannot be undone.',
      renamePrompt: 'New title',
      created: 'Draft created',
      count_one: '{{count}} draft',
      count_other: '{{count}} drafts',
      cli: {
        empty: 'No report drafts.',
        created: 'Created {{id}} "{{title}}"',
        renamed: 'Renamed {{id}} to "{{title}}"',
        deleted: 'Deleted {{id}}',
        seeded: 'Created {{count}} demo drafts',
        restored: 'Restored the app database from {{file}}',
      },
    },
    cli: { errorPrefix: 'Error' },
    errors: {
      cli: {
        badLanguage: 'Unknown language "{{value}}"; use pt-BR or en.',
        nothingToChange: 'Nothing to change: give --title, --property or --commodity.',
        badCount: 'Give --count between 1 and 100000.',
      },
      storage: { missing: 'There is no app database at {{file}}.' },
    },
  },
  'pt-BR': {
    reports: {
      title: 'Relatórios',
      newReport: 'Novo relatório',
      emptyTitle: 'Nenhum rascunho de relatório ainda',
      emptyBody: 'Crie seu primeiro rascunho de Technical Report Summary. Ele fica salvo neste computador e funciona off-line.',
      fieldTitle: 'Título',
      fieldProperty: 'Propriedade',
      fieldCommodity: 'Substância',
      updated: 'Atualizado em {{date}}',
      confirmDelete: 'Excluir "{{title}}"? Não é possível desfazer.',
      renamePrompt: 'Novo título',
      created: 'Rascunho criado',
      count_one: '{{count}} rascunho',
      count_other: '{{count}} rascunhos',
      cli: {
        empty: 'Nenhum rascunho de relatório.',
        created: 'Criado {{id}} "{{title}}"',
        renamed: '{{id}} renomeado para "{{title}}"',
        deleted: '{{id}} excluído',
        seeded: '{{count}} rascunhos de demonstração criados',
        restored: 'Banco de dados do app restaurado a partir de {{file}}',
      },
    },
    cli: { errorPrefix: 'Erro' },
    errors: {
      cli: {
        badLanguage: 'Idioma desconhecido "{{value}}"; use pt-BR ou en.',
        nothingToChange: 'Nada a alterar: informe --title, --property ou --commodity.',
        badCount: 'Informe --count entre 1 e 100000.',
      },
      storage: { missing: 'Não há banco de dados do app em {{file}}.' },
    },
  },
};
