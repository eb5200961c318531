import { useTranslation } from 'react-i18next';
import { ageText } from '../../../shared/official/age';

/** "12 min", "3 h": the age of a copy of official data, in the interface language. */
export function useAge(): (seconds: number | undefined) => string {
  const { t } = useTranslation();
  return (seconds) => ageText((key, params) => t(key, params), seconds);
}
