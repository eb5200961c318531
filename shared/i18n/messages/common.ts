import type { FeatureMessages } from '../message-types';

export const commonMessages: FeatureMessages = {
  en: {
    app: { name: 'QIVO Compliance Workstation', shortName: 'QIVO' },
    nav: { reports: 'Reports', official: 'Official data', compliance: 'Compliance', metrics: 'Metrics', settings: 'Settings', features: 'Features' },
    common: {
      save: 'Save',
      cancel: 'Cancel',
      delete: 'Delete',
      rename: 'Rename',
      open: 'Open',
      create: 'Create',
      close: 'Close',
      loading: 'Loading…',
      retry: 'Try again',
      back: 'Back',
      language: 'Language',
      confirm: 'Confirm',
      search: 'Search',
    },
    status: {
      online: 'Computer online',
      offline: 'Computer offline',
      dataFolder: 'Data folder',
      version: 'Version {{version}}',
      browserHost: 'browser host',
    },
    notices: {
      corruptMovedAside:
        'The {{database}} database was damaged and could not be opened. It was moved aside to {{movedTo}} and a new, empty one was started. Nothing was deleted.',
      corruptFound:
        'The {{database}} database failed its integrity check while open. Your work is still shown, but some of it may be unreadable: restore the last backup, or export what you need now.',
      restoreOffer: 'Restore the last backup',
      restoredFromBackup: 'The {{database}} database was restored from the last backup.',
      settingsKeptAside:
        'The settings file was damaged and could not be read. It was kept aside as {{movedTo}} and the default settings apply. Nothing was deleted.',
      dismiss: 'Dismiss',
    },
    settings: {
      title: 'Settings',
      general: 'General',
      languageHelp: 'The language of the whole workstation, remembered for next time.',
      backups: 'Backups',
      backupNow: 'Back up now',
      noBackups: 'No backup yet. One is made automatically every day the app is used.',
      backupCreated: 'Backup created: {{file}}',
      diagnostics: 'Diagnostics for support',
      diagnosticsHelp:
        'One zip file with the log, versions, settings (without API keys or other secrets), database checks and the feature flag state. No report content is included.',
      diagnosticsCreate: 'Create diagnostics file',
      diagnosticsCreating: 'Creating…',
      diagnosticsWritten: 'Diagnostics file created: {{file}}',
      diagnosticsContents: 'Contents',
      diagnosticsCancelled: 'No file was created.',
    },
    languages: { 'pt-BR': 'Português (Brasil)', en: 'English' },
    views: {
      comingSoonTitle: 'Nothing here yet',
    },
  },
  'pt-BR': {
    app: { name: 'QIVO Estação de Conformidade', shortName: 'QIVO' },
    nav: {
      reports: 'Relatórios',
      official: 'Dados oficiais',
      compliance: 'Conformidade',
      metrics: 'Métricas',
      settings: 'Configurações',
      features: 'Recursos',
    },
    common: {
      save: 'Salvar',
      cancel: 'Cancelar',
      delete: 'Excluir',
      rename: 'Renomear',
      open: 'Abrir',
      create: 'Criar',
      close: 'Fechar',
      loading: 'Carregando…',
      retry: 'Tentar novamente',
      back: 'Voltar',
      language: 'Idioma',
      confirm: 'Confirmar',
      search: 'Buscar',
    },
    status: {
      online: 'Computador on-line',
      offline: 'Computador off-line',
      dataFolder: 'Pasta de dados',
      version: 'Versão {{version}}',
      browserHost: 'host no navegador',
    },
    notices: {
      corruptMovedAside:
        'O banco de dados {{database}} estava danificado e não pôde ser aberto. Ele foi movido para {{movedTo}} e um novo banco vazio foi iniciado. Nada foi apagado.',
      corruptFound:
        'O banco de dados {{database}} falhou na verificação de integridade enquanto estava aberto. Seu trabalho continua visível, mas parte dele pode estar ilegível: restaure o último backup ou exporte agora o que precisar.',
      restoreOffer: 'Restaurar o último backup',
      restoredFromBackup: 'O banco de dados {{database}} foi restaurado a partir do último backup.',
      settingsKeptAside:
        'O arquivo de configurações estava danificado e não pôde ser lido. Ele foi guardado à parte como {{movedTo}} e as configurações padrão estão em uso. Nada foi apagado.',
      dismiss: 'Dispensar',
    },
    settings: {
      title: 'Configurações',
      general: 'Geral',
      languageHelp: 'O idioma de toda a estação, lembrado para a próxima vez.',
      backups: 'Backups',
      backupNow: 'Fazer backup agora',
      noBackups: 'Nenhum backup ainda. Um é feito automaticamente a cada dia de uso.',
      backupCreated: 'Backup criado: {{file}}',
      diagnostics: 'Diagnóstico para o suporte',
      diagnosticsHelp:
        'Um arquivo zip com o registro (log), as versões, as configurações (sem chaves de API nem outros segredos), a verificação dos bancos de dados e o estado dos recursos (flags). Nenhum conteúdo de relatório é incluído.',
      diagnosticsCreate: 'Criar arquivo de diagnóstico',
      diagnosticsCreating: 'Criando…',
      diagnosticsWritten: 'Arquivo de diagnóstico criado: {{file}}',
      diagnosticsContents: 'Conteúdo',
      diagnosticsCancelled: 'Nenhum arquivo foi criado.',
    },
    languages: { 'pt-BR': 'Português (Brasil)', en: 'English' },
    views: {
      comingSoonTitle: 'Nada aqui ainda',
    },
  },
};

/** Errors raised by the foundation (IPC, storage, settings). Feature errors live with their feature. */
export const commonErrorMessages: FeatureMessages = {
  en: {
    errors: {
      internal: 'Something went wrong inside the workstation: {{detail}}',
      ipc: {
        unknownChannel: 'The window asked for an operation that does not exist ({{channel}}).',
        invalidInput: 'The data sent was not valid: {{detail}}',
        forbiddenSender: 'The request did not come from the workstation window and was refused.',
        featureDisabled: 'This feature is turned off for you ({{flag}}: {{reason}}).',
        illFormedText: 'The data sent contains broken text at {{path}} (a lone UTF-16 surrogate) and was refused; nothing was changed.',
        invalidUtf8: 'The data sent is not valid UTF-8 text (byte {{offset}}) and was refused; nothing was changed.',
        badChannelEncoding: 'The operation name in the request is not valid percent-encoding.',
        bodyTooLarge: 'The data sent is larger than {{limitMiB}} MiB and was refused.',
        bodyTimeout: 'The data sent stopped arriving for {{seconds}} s; the request was abandoned.',
        forbiddenHost: 'The request was addressed to another host name ({{host}}) and was refused.',
      },
      file: {
        invalidUtf8: 'The file {{file}} is not valid UTF-8 text (byte {{offset}}); save it as UTF-8 and try again. Nothing was changed.',
      },
      storage: {
        corrupt:
          'The {{database}} database at {{file}} is damaged. It was moved aside to {{movedTo}}; the next start uses a new, empty database. Restore the last backup with "qivo db restore".',
        noBackup: 'There is no backup to restore.',
        busy: 'The database is busy; try again in a moment.',
        dataDirUnusable: 'The data folder {{dir}} cannot be used: {{detail}}',
        nativeModule:
          'The SQLite module (better-sqlite3) is not built for {{runtime}} (module ABI {{abi}}). Run "{{command}}" in the app folder, then start again. {{detail}}',
      },
      reports: {
        notFound: 'No report draft with id {{id}}.',
        invalid: 'The report draft is not valid: {{detail}}',
      },
    },
  },
  'pt-BR': {
    errors: {
      internal: 'Algo deu errado dentro da estação: {{detail}}',
      ipc: {
        unknownChannel: 'A janela pediu uma operação que não existe ({{channel}}).',
        invalidInput: 'Os dados enviados não são válidos: {{detail}}',
        forbiddenSender: 'A solicitação não veio da janela da estação e foi recusada.',
        featureDisabled: 'Este recurso está desativado para você ({{flag}}: {{reason}}).',
        illFormedText: 'Os dados enviados contêm texto quebrado em {{path}} (um substituto UTF-16 isolado) e foram recusados; nada foi alterado.',
        invalidUtf8: 'Os dados enviados não são texto UTF-8 válido (byte {{offset}}) e foram recusados; nada foi alterado.',
        badChannelEncoding: 'O nome da operação na requisição não tem codificação percentual válida.',
        bodyTooLarge: 'Os dados enviados são maiores que {{limitMiB}} MiB e foram recusados.',
        bodyTimeout: 'Os dados enviados pararam de chegar por {{seconds}} s; a requisição foi abandonada.',
        forbiddenHost: 'A requisição foi endereçada a outro nome de host ({{host}}) e foi recusada.',
      },
      file: {
        invalidUtf8: 'O arquivo {{file}} não é texto UTF-8 válido (byte {{offset}}); salve-o como UTF-8 e tente de novo. Nada foi alterado.',
      },
      storage: {
        corrupt:
          'O banco de dados {{database}} em {{file}} está danificado. Ele foi movido para {{movedTo}}; a próxima execução usa um banco novo e vazio. Restaure o último backup com "qivo db restore".',
        noBackup: 'Não há backup para restaurar.',
        busy: 'O banco de dados está ocupado; tente novamente em instantes.',
        dataDirUnusable: 'A pasta de dados {{dir}} não pode ser usada: {{detail}}',
        nativeModule:
          'O módulo SQLite (better-sqlite3) não está compilado para {{runtime}} (ABI de módulos {{abi}}). Execute "{{command}}" na pasta do aplicativo e inicie de novo. {{detail}}',
      },
      reports: {
        notFound: 'Nenhum rascunho de relatório com o id {{id}}.',
        invalid: 'O rascunho de relatório não é válido: {{detail}}',
      },
    },
  },
};
