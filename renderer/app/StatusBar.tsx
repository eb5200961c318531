import { useTranslation } from 'react-i18next';
import { agencyStates, type AgencyState } from '../../shared/official/agency-state';
import { useFlagsStore } from '../features/flags/flags-store';
import { useOfficialStore } from '../features/official/official-store';
import { useAge } from '../features/official/use-age';
import { useAppStore } from './app-store';

export function StatusBar() {
  const { t, i18n } = useTranslation();
  const { info, online } = useAppStore();
  const officialOn = useFlagsStore((s) => s.isOn('OFFICIAL_INTEGRATIONS'));
  // The official store reads the sources' health when its view opens and after every lookup; the bar
  // shows that data and does not poll itself (a poll through the gated channel would count as an
  // exposure of the feature to a user who is elsewhere).
  const status = useOfficialStore((s) => s.status);
  const age = useAge();

  const failing = officialOn && status ? agencyStates(status.sources).filter((a) => a.state === 'failing') : [];
  const agencyLine = (a: AgencyState) =>
    a.state === 'failing' && a.copyAgeSeconds !== null
      ? t('official.status.agencyDown', { agency: a.agency, age: age(a.copyAgeSeconds) })
      : t('official.status.agencyDownNoCopy', { agency: a.agency });
  const listFormat = (names: string[]) => new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(names);
  return (
    <footer className="status-bar" data-testid="status-bar">
      <span className={online ? 'dot online' : 'dot offline'} data-testid="status-online">
        {online ? t('status.online') : t('status.offline')}
      </span>
      {failing.length > 0 ? (
        // One agency: its own sentence. Several: one short line (the bar must keep the computer's state in view), each agency's sentence in the tooltip.
        <span
          className="dot offline status-agency"
          role="status"
          data-testid="status-agencies"
          data-agencies={failing.map((a) => a.agency).join(' ')}
          title={failing.map(agencyLine).join('\n')}
        >
          {failing.length === 1
            ? agencyLine(failing[0]!)
            : t('official.status.agenciesDown', {
                agencies: listFormat(failing.map((a) => a.agency)),
                age: age(Math.max(0, ...failing.map((a) => (a.state === 'failing' ? (a.copyAgeSeconds ?? 0) : 0)))),
              })}
        </span>
      ) : null}
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
