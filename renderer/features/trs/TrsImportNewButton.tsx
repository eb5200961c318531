import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isQivoError } from '../../../shared/errors';
import { qivo } from '../../api/client';
import { useRouter } from '../../app/router';
import { errorText } from '../../i18n';
import { ErrorBanner } from '../../components/ErrorBanner';
import { readUtf8File } from './read-text-file';

/** "Import TRS JSON" on the Reports list: the canonical file becomes a new report draft, then opens. */
export function TrsImportNewButton() {
  const { t } = useTranslation();
  const navigate = useRouter((s) => s.navigate);
  const fileRef = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<{ text: string; details: string[] } | undefined>();

  const importFile = async (file: File) => {
    setError(undefined);
    try {
      const result = await qivo.trs.importJson({ json: await readUtf8File(file) });
      navigate({ name: 'report', id: result.reportId });
    } catch (e) {
      setError({ text: errorText(e), details: isQivoError(e) ? (e.details ?? []).slice(0, 20) : [] });
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  return (
    <>
      <button type="button" onClick={() => fileRef.current?.click()} data-testid="trs-import-new">
        {t('trs.import.importNew')}
      </button>
      <input
        ref={fileRef}
        type="file"
        accept="application/json,.json"
        hidden
        data-testid="trs-import-new-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) void importFile(file);
        }}
      />
      <ErrorBanner message={error?.text} details={error?.details} onDismiss={() => setError(undefined)} testId="trs-import-new-error" />
    </>
  );
}
