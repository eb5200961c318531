import { useTranslation } from 'react-i18next';

/** A translated error, with the per-field details main sent (e.g. one line per invalid JSON path). */
export function ErrorBanner(props: { message: string | undefined; details?: readonly string[]; onDismiss?: () => void; testId?: string; className?: string }) {
  const { t } = useTranslation();
  if (!props.message) return null;
  return (
    <div className={`banner banner-error${props.className ? ` ${props.className}` : ''}`} role="alert" data-testid={props.testId ?? 'error-banner'}>
      <span>
        {props.message}
        {props.details?.length ? (
          <ul>
            {props.details.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        ) : null}
      </span>
      {props.onDismiss ? (
        <button type="button" className="link" onClick={props.onDismiss} aria-label={t('common.close')}>
          ×
        </button>
      ) : null}
    </div>
  );
}
