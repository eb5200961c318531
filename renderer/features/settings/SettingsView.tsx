import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../../../shared/i18n';
import type { Language } from '../../../shared/ipc/system-contract';
import { qivo } from '../../api/client';
import { useAppStore } from '../../app/app-store';
import { useRouter } from '../../app/router';
import { ErrorBanner } from '../../components/ErrorBanner';
import { formatDateTime } from '../../format';
import { errorText } from '../../i18n';
import { UpdatesCard } from '../update/UpdateNotice';
import { DiagnosticsCard } from './DiagnosticsCard';

interface Backup {
  file: string;
  createdAt: string;
  bytes: number;
}

export function SettingsView() {
  const { t } = useTranslation();
  const { language, setLanguage, info } = useAppStore();
  const navigate = useRouter((s) => s.navigate);
  const [backups, setBackups] = useState<Backup[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  const loadBackups = () => qivo.system.listBackups().then(setBackups, (e: unknown) => setError(errorText(e)));
  useEffect(() => {
    void loadBackups();
  }, []);

  async function backupNow() {
    try {
      const created = await qivo.system.backupNow();
      setMessage(t('settings.backupCreated', { file: created.file }));
      await loadBackups();
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <section className="view" aria-labelledby="settings-heading">
      <header className="view-header">
        <h1 id="settings-heading">{t('settings.title')}</h1>
        <button type="button" onClick={() => navigate({ name: 'features' })} data-testid="open-features">
          {t('nav.features')}
        </button>
      </header>
      <ErrorBanner message={error} onDismiss={() => setError(undefined)} />
      <div className="card">
        <h2>{t('settings.general')}</h2>
        <label className="inline-field">
          {t('common.language')}
          <select value={language} onChange={(e) => void setLanguage(e.target.value as Language)} data-testid="language-select">
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`languages.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <p className="muted">{t('settings.languageHelp')}</p>
        <p className="muted">
          {t('status.dataFolder')}: <code>{info?.dataDir}</code>
        </p>
      </div>
      <div className="card">
        <h2>{t('settings.backups')}</h2>
        <button type="button" onClick={() => void backupNow()} data-testid="backup-now">
          {t('settings.backupNow')}
        </button>
        {message ? <p role="status">{message}</p> : null}
        {backups.length === 0 ? (
          <p className="muted">{t('settings.noBackups')}</p>
        ) : (
          <ul className="plain-list" data-testid="backup-list">
            {backups.map((b) => (
              <li key={b.file}>
                {formatDateTime(b.createdAt, language)} — <code>{b.file}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
      <UpdatesCard />
      <DiagnosticsCard />
    </section>
  );
}
