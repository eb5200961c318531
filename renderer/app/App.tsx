import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlagKey } from '../../shared/flags/flag-keys';
import { ComplianceView } from '../features/compliance/ComplianceView';
import { FeaturesView } from '../features/flags/FeaturesView';
import { LiveFeature } from '../features/flags/LiveFeature';
import { MetricsView } from '../features/metrics/MetricsView';
import { OfficialView } from '../features/official/OfficialView';
import { ReportsView } from '../features/reports/ReportsView';
import { SettingsView } from '../features/settings/SettingsView';
import { ReportEditorView } from '../features/trs/ReportEditorView';
import { UpdateNotice } from '../features/update/UpdateNotice';
import { useFlagsStore } from '../features/flags/flags-store';
import { useAppStore } from './app-store';
import { isFlagOn } from './feature-flags';
import { NoticesBanner } from './NoticesBanner';
import { useRouter, type Route } from './router';
import { StatusBar } from './StatusBar';

interface NavItem {
  route: Route;
  labelKey: string;
  testId: string;
  flag?: FlagKey;
}

const NAV_ITEMS: NavItem[] = [
  { route: { name: 'reports' }, labelKey: 'nav.reports', testId: 'nav-reports' },
  { route: { name: 'official' }, labelKey: 'nav.official', testId: 'nav-official', flag: 'OFFICIAL_INTEGRATIONS' },
  { route: { name: 'compliance' }, labelKey: 'nav.compliance', testId: 'nav-compliance', flag: 'SEC_SK_1300' },
  { route: { name: 'metrics' }, labelKey: 'nav.metrics', testId: 'nav-metrics' },
  { route: { name: 'settings' }, labelKey: 'nav.settings', testId: 'nav-settings' },
];

function isActive(current: Route, item: Route): boolean {
  if (item.name === 'reports') return current.name === 'reports' || current.name === 'report';
  if (item.name === 'settings') return current.name === 'settings' || current.name === 'features';
  return current.name === item.name;
}

function CurrentView({ route }: { route: Route }) {
  switch (route.name) {
    case 'reports':
      return <ReportsView />;
    case 'report':
      return <ReportEditorView reportId={route.id} {...(route.section ? { section: route.section } : {})} />;
    case 'official':
      return (
        <LiveFeature flag="OFFICIAL_INTEGRATIONS">
          <OfficialView />
        </LiveFeature>
      );
    case 'compliance':
      return (
        <LiveFeature flag="SEC_SK_1300">
          <ComplianceView {...(route.reportId ? { reportId: route.reportId } : {})} />
        </LiveFeature>
      );
    case 'metrics':
      return <MetricsView />;
    case 'settings':
      return <SettingsView />;
    case 'features':
      return <FeaturesView />;
  }
}

export function App() {
  const { t } = useTranslation();
  const { route, navigate } = useRouter();
  const { load, loadError } = useAppStore();
  const loadFlags = useFlagsStore((s) => s.load);
  useFlagsStore((s) => s.revision); // re-render the navigation when a flag flips
  // The shell's own data, when it mounts: each view loads its feature's data when it mounts.
  useEffect(() => {
    void load();
    void loadFlags();
  }, [load, loadFlags]);

  return (
    <div className="app-shell">
      <nav className="sidebar" aria-label={t('app.name')}>
        <div className="brand">{t('app.shortName')}</div>
        <ul>
          {NAV_ITEMS.filter((item) => !item.flag || isFlagOn(item.flag)).map((item) => (
            <li key={item.testId}>
              <button
                type="button"
                className={isActive(route, item.route) ? 'nav-item active' : 'nav-item'}
                aria-current={isActive(route, item.route) ? 'page' : undefined}
                onClick={() => navigate(item.route)}
                data-testid={item.testId}
              >
                {t(item.labelKey)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <main className="content">
        {loadError ? (
          <div className="banner banner-error" role="alert">
            {loadError}
          </div>
        ) : null}
        <NoticesBanner />
        <UpdateNotice />
        <CurrentView route={route} />
      </main>
      <StatusBar />
    </div>
  );
}
