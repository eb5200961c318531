import { useTranslation } from 'react-i18next';

/** "12 min", "3 h": the age of a copy of official data, in the interface language. */
export function useAge(): (seconds: number | undefined) => string {
  const { t } = useTranslation();
  return (seconds) => {
    const s = seconds ?? 0;
    if (s < 120) return t('official.age.seconds', { n: s });
    if (s < 7200) return t('official.age.minutes', { n: Math.round(s / 60) });
    if (s < 172_800) return t('official.age.hours', { n: Math.round(s / 3600) });
    return t('official.age.days', { n: Math.round(s / 86_400) });
  };
}
