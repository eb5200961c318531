import type { Provenance } from '../../shared/official/records';
import type { Translate } from '../../shared/i18n';
import { ageText } from '../../shared/official/age';

/** One line that says where an answer came from and whether it is an offline copy (and how old). */
export function sourceLine(t: Translate, p: Provenance): string {
  const state = p.cache === 'miss' ? t('official.cli.miss') : t(`official.cli.${p.cache}`, { age: ageText(t, p.ageSeconds) });
  return `${t('official.cli.sourceLine', { agency: p.agency, dataset: p.dataset, fetchedAt: p.fetchedAt, state })}\n  ${p.url}`;
}
