import type { Provenance } from '../../shared/official/records';
import type { Translate } from '../../shared/i18n';

/** "40 s", "12 min", "3 h", "2 d" in the CLI's language. */
export function ageText(t: Translate, seconds: number | undefined): string {
  const s = seconds ?? 0;
  if (s < 120) return t('official.age.seconds', { n: s });
  if (s < 7200) return t('official.age.minutes', { n: Math.round(s / 60) });
  if (s < 172_800) return t('official.age.hours', { n: Math.round(s / 3600) });
  return t('official.age.days', { n: Math.round(s / 86_400) });
}

/** One line that says where an answer came from and whether it is an offline copy (and how old). */
export function sourceLine(t: Translate, p: Provenance): string {
  const state = p.cache === 'miss' ? t('official.cli.miss') : t(`official.cli.${p.cache}`, { age: ageText(t, p.ageSeconds) });
  return `${t('official.cli.sourceLine', { agency: p.agency, dataset: p.dataset, fetchedAt: p.fetchedAt, state })}\n  ${p.url}`;
}
