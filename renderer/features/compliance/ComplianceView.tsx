import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState';

// Placeholder until this feature's issue lands: an honest empty state, not a fake.
export function ComplianceView(_props: { reportId?: string }) {
  const { t } = useTranslation();
  return (
    <section className="view">
      <header className="view-header">
        <h1>{t('nav.compliance')}</h1>
      </header>
      <EmptyState title={t('views.comingSoonTitle')} />
    </section>
  );
}
