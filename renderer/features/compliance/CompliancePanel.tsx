import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../shared/krci/types';
import { useRouter } from '../../app/router';
import type { TrsSidePanelProps } from '../trs/side-panel-slot';
import { useTrsStore } from '../trs/trs-store';
import { FindingsList, ScoreCard } from './FindingsList';
import { useLiveKrci } from './live-check';
import { focusField, paneForPath } from './navigation';
import './compliance.css';

/** Live findings beside the report editor: re-checked as the user types, a click opens the field's pane. */
export function CompliancePanel(props: TrsSidePanelProps) {
  const { t } = useTranslation();
  const document = useTrsStore((s) => (s.reportId === props.reportId ? s.document : undefined));
  const { result } = useLiveKrci(props.reportId, document);
  const navigate = useRouter((s) => s.navigate);

  const jump = (f: Finding) => {
    const { pane, section } = paneForPath(f.path);
    if (section !== undefined) props.goToSection(section);
    else useTrsStore.getState().setActivePane(pane);
    // After the pane switch has rendered, not before (the old pane's field is still in the DOM now).
    window.setTimeout(() => focusField(f.path), 0);
  };

  return (
    <aside className="krci-panel" aria-label={t('compliance.panel.title')} data-testid="krci-panel">
      <header className="krci-panel-header">
        <h2>{t('compliance.panel.title')}</h2>
        <button type="button" className="link" data-testid="krci-open-view" onClick={() => navigate({ name: 'compliance', reportId: props.reportId })}>
          {t('compliance.panel.fullView')}
        </button>
      </header>
      {result ? (
        <>
          <ScoreCard score={result.score} target={result.target} capped={result.capped} counts={result.counts} live />
          <FindingsList findings={result.findings} onJump={jump} compact />
        </>
      ) : (
        <p className="muted">{t('compliance.checking')}</p>
      )}
    </aside>
  );
}
