import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { agencyStates } from '../../shared/official/agency-state';
import { useFlagsStore } from '../features/flags/flags-store';
import { useOfficialStore } from '../features/official/official-store';
import { useAge } from '../features/official/use-age';
import { useAppStore } from './app-store';

/** How often the agencies' state is read again when nothing in the window asked (a CLI run, a background refresh). */
const AGENCY_REFRESH_MS = 15_000;

export function StatusBar() {
  const { t } = useTranslation();
  const { info, online } = useAppStore();
  const officialOn = useFlagsStore((s) => s.isOn('OFFICIAL_INTEGRATIONS'));
  // The official store reloads the sources' health after every lookup; the bar shows the same data.
  const status = useOfficialStore((s) => s.status);
  const loadStatus = useOfficialStore((s) => s.loadStatus);
  const age = useAge();

  useEffect(() => {
    if (!officialOn) return;
    void loadStatus();
    const timer = setInterval(() => void loadStatus(), AGENCY_REFRESH_MS);
    return () => clearInterval(timer);
  }, [officialOn, loadStatus]);

  const failing = officialOn && status ? agencyStates(status.sources).filter((a) => a.state === 'failing') : [];
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={online ? 'dot online' : 'dot offline'} data-testid="status-online">
        {online ? t('status.online') : t('status.offline')}
      </span>
      {failing.map((a) =>
        a.state === 'failing' ? (
          <span key={a.agency} className="dot offline status-agency" role="status" data-testid={`status-agency-${a.agency}`}>
            {a.copyAgeSeconds === null
              ? t('official.status.agencyDownNoCopy', { agency: a.agency })
              : t('official.status.agencyDown', { agency: a.agency, age: age(a.copyAgeSeconds) })}
          </span>
        ) : null,
      )}
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
