import type { Translate } from '../i18n';

/**
 * How old a copy of official data is, in words: "40 s", "12 min", "3 h", "2 days", in the language
 * of `t`. One wording for the window and the CLI.
 */
export function ageText(t: Translate, seconds: number | undefined): string {
  const s = seconds ?? 0;
  if (s < 120) return t('official.age.seconds', { n: s });
  if (s < 7200) return t('official.age.minutes', { n: Math.round(s / 60) });
  if (s < 172_800) return t('official.age.hours', { n: Math.round(s / 3600) });
  return t('official.age.days', { n: Math.round(s / 86_400) });
}
