import { useTranslation } from 'react-i18next';
import { useAppStore } from './app-store';

/** Tells the user, in plain words, that a damaged database was moved aside, and offers the backup. */
export function NoticesBanner() {
  const { t } = useTranslation();
  const { notices, dismissNotice, restoreBackup } = useAppStore();
  if (notices.length === 0) return null;
  return (
    <>
      {notices.map((n) => (
        <div key={n.at} className="banner banner-warning" role="alert" data-testid="storage-notice">
          <span>{t(`notices.${n.kind}`, { database: n.database, movedTo: n.movedTo ?? '' })}</span>
          {(n.kind === 'corruptMovedAside' || n.kind === 'corruptFound') && n.backupAvailable ? (
            <button type="button" onClick={() => void restoreBackup()} data-testid="restore-backup">
              {t('notices.restoreOffer')}
            </button>
          ) : null}
          <button type="button" className="link" onClick={() => void dismissNotice(n.at)}>
            {t('notices.dismiss')}
          </button>
        </div>
      ))}
    </>
  );
}
