import { useTranslation } from 'react-i18next';
import { useAppStore } from './app-store';

export function StatusBar() {
  const { t } = useTranslation();
  const { info, online } = useAppStore();
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={online ? 'dot online' : 'dot offline'} data-testid="status-online">
        {online ? t('status.online') : t('status.offline')}
      </span>
      <span title={info?.dataDir} data-testid="status-data-dir">
        {t('status.dataFolder')}: {info?.dataDir ?? '…'}
      </span>
      <span data-testid="status-version">
        {info ? t('status.version', { version: info.version }) : ''}
        {info?.shell === 'browser-host' ? ` (${t('status.browserHost')})` : ''}
      </span>
    </footer>
  );
}
