import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';

// Placeholder until this feature's issue lands: an honest empty state, not a fake.
export function MetricsView() {
  const { t } = useTranslation();
  return (
    <section className="view">
      <header className="view-header">
        <h1>{t('nav.metrics')}</h1>
      </header>
      <EmptyState title={t('views.comingSoonTitle')} />
    </section>
  );
}
