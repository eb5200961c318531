import { QivoError } from '../../shared/errors';
import { DEFAULT_LANGUAGE } from '../../shared/i18n';
import { LanguageSchema, type Language } from '../../shared/ipc/system-contract';
import { isAllowedExternalUrl } from '../../shared/security/external-links';
import type { Core, FeatureModule } from '../core/core';
import { LANGUAGE_SETTING } from './language-setting';

export { LANGUAGE_SETTING } from './language-setting';

declare module '../core/core' {
  interface ShellHooks {
    /** Electron: follow the interface language elsewhere in the shell (the spell checker). */
    languageChanged?(language: Language): void;
  }
}

export function currentLanguage(core: Core): Language {
  return core.settings.get(LANGUAGE_SETTING, LanguageSchema, DEFAULT_LANGUAGE);
}

export const systemFeature: FeatureModule = {
  name: 'system',
  init(core) {
    return {
      handlers: {
        'system.info': () => ({
          version: core.appVersion,
          dataDir: core.dataDir,
          platform: process.platform,
          shell: core.shell,
          language: currentLanguage(core),
          notices: core.notices,
        }),
        'system.setLanguage': ({ language }) => {
          core.settings.set(LANGUAGE_SETTING, language);
          core.hooks.languageChanged?.(language);
          return { language };
        },
        'system.dismissNotice': ({ at }) => {
          const index = core.notices.findIndex((n) => n.at === at);
          if (index >= 0) core.notices.splice(index, 1);
          return { remaining: core.notices.length };
        },
        'system.listBackups': () => core.listBackups(),
        'system.backupNow': () => core.backupNow(),
        'system.restoreLatestBackup': async () => {
          if (core.listBackups().length === 0) throw new QivoError('storage.noBackup', 'There is no backup to restore.');
          if (!core.hooks.restoreAndRestart)
            throw new QivoError('internal', 'This shell cannot restart', { detail: 'restore is not available here; use "qivo db restore"' });
          return core.hooks.restoreAndRestart();
        },
        'system.openExternal': async ({ url }) => {
          // Checked here as well as in the Electron wiring: the allowlist is the rule, whoever asks.
          if (!isAllowedExternalUrl(url) || !core.hooks.openExternal) return { opened: false };
          return { opened: await core.hooks.openExternal(url) };
        },
      },
    };
  },
};
