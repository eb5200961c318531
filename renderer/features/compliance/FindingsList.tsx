import { useMemo, useState, type ReactNode } from 'react';
import type { ReviewedFinding } from '../../../shared/ipc/compliance-contract';
import { useTranslation } from 'react-i18next';
import { RULE_CATEGORIES, SEVERITIES, type Finding, type KrciLanguage, type RuleCategory, type Severity } from '../../../shared/krci/types';
import { CRITICAL_CAP } from '../../../shared/krci/score';
import { SK1300_SECTIONS } from '../../../shared/trs/sections';

export function krciLanguage(language: string | undefined): KrciLanguage {
  return language?.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

interface Props {
  findings: readonly Finding[];
  onJump(finding: Finding): void;
  /** Narrow layout for the editor's side panel. */
  compact?: boolean;
  /** Review actions under each finding (the Compliance view; the live panel has none). */
  renderReview?(finding: Finding): ReactNode;
}

/** A legal citation with its verification mark; a convention or a data format is labelled as such. */
export function CitationText(props: { finding: Pick<Finding, 'citation' | 'basis' | 'citationVerified'> }) {
  const { t } = useTranslation();
  const f = props.finding;
  if (f.basis !== 'law')
    return (
      <span className="krci-citation krci-basis" data-basis={f.basis}>
        {f.citation} ({t(`compliance.basis.${f.basis}`)})
      </span>
    );
  return (
    <span className="krci-citation" data-basis="law" title={f.citationVerified ? t('compliance.verified') : t('compliance.unverified')}>
      {f.citation}
      {f.citationVerified ? ' ✓' : ` (${t('compliance.unverified')})`}
    </span>
  );
}

/** Findings grouped by TRS section (cross-cutting ones under "whole report"), worst first, with filters. */
export function FindingsList(props: Props) {
  const { t, i18n } = useTranslation();
  const lang = krciLanguage(i18n.language);
  const [severity, setSeverity] = useState<Severity | 'all'>('all');
  const [category, setCategory] = useState<RuleCategory | 'all'>('all');
  const [search, setSearch] = useState('');

  const filtered = useMemo(() => {
    const q = search.trim().toLowerCase();
    return props.findings.filter(
      (f) =>
        (severity === 'all' || f.severity === severity) &&
        (category === 'all' || f.category === category) &&
        (q === '' || f.message[lang].toLowerCase().includes(q) || f.ruleId.includes(q) || f.citation.toLowerCase().includes(q)),
    );
  }, [props.findings, severity, category, search, lang]);

  const groups = useMemo(() => {
    const bySection = new Map<number, Finding[]>();
    for (const f of filtered) {
      const key = f.section ?? 0;
      const list = bySection.get(key) ?? [];
      list.push(f);
      bySection.set(key, list);
    }
    return [...bySection.entries()].sort(([a], [b]) => a - b);
  }, [filtered]);

  const presentCategories = useMemo(() => RULE_CATEGORIES.filter((c) => props.findings.some((f) => f.category === c)), [props.findings]);

  return (
    <div className={`krci-findings${props.compact ? ' compact' : ''}`} data-testid="krci-findings">
      <div className="krci-filters" role="group" aria-label={t('compliance.filters.title')}>
        <label>
          <span>{t('compliance.filters.severity')}</span>
          <select value={severity} data-testid="krci-filter-severity" onChange={(e) => setSeverity(e.target.value as Severity | 'all')}>
            <option value="all">{t('compliance.filters.all')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`compliance.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('compliance.filters.category')}</span>
          <select value={category} data-testid="krci-filter-category" onChange={(e) => setCategory(e.target.value as RuleCategory | 'all')}>
            <option value="all">{t('compliance.filters.all')}</option>
            {presentCategories.map((c) => (
              <option key={c} value={c}>
                {t(`compliance.categories.${c}`)}
              </option>
            ))}
          </select>
        </label>
        {props.compact ? null : (
          <label className="grow">
            <span>{t('compliance.filters.search')}</span>
            <input type="search" value={search} data-testid="krci-filter-search" onChange={(e) => setSearch(e.target.value)} />
          </label>
        )}
      </div>
      {props.findings.length === 0 ? (
        <p className="krci-none" data-testid="krci-no-findings">
          {t('compliance.noFindings')}
        </p>
      ) : filtered.length === 0 ? (
        <p className="krci-none">{t('compliance.noMatch')}</p>
      ) : (
        groups.map(([section, list]) => (
          <section key={section} className="krci-group" data-testid="krci-group" data-section={section}>
            <h3>
              {section === 0
                ? t('compliance.generalGroup')
                : `${t('compliance.sectionGroup', { number: section })} — ${SK1300_SECTIONS[section - 1]?.title ?? ''}`}
            </h3>
            <ul>
              {list.map((f, i) => (
                <li
                  key={`${f.ruleId}:${f.path}:${i}`}
                  className={`krci-finding sev-${f.severity}`}
                  data-testid="krci-finding"
                  data-rule={f.ruleId}
                  data-severity={f.severity}
                  data-finding-id={(f as Partial<ReviewedFinding>).id}
                  data-review={(f as Partial<ReviewedFinding>).review?.status ?? 'open'}
                >
                  <div className="krci-finding-head">
                    <span className={`krci-sev sev-${f.severity}`}>{t(`compliance.severity.${f.severity}`)}</span>
                    <span className="krci-rule">{f.ruleId}</span>
                  </div>
                  <p className="krci-message">{f.message[lang]}</p>
                  <p className="krci-fix">
                    <strong>{t('compliance.fix')}:</strong> {f.fix[lang]}
                  </p>
                  <div className="krci-finding-foot">
                    <CitationText finding={f} />
                    <button type="button" className="link" data-testid="krci-finding-goto" data-path={f.path} onClick={() => props.onJump(f)}>
                      {t('compliance.goTo')}
                    </button>
                  </div>
                  {props.renderReview?.(f)}
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

export function ScoreCard(props: { score: number; target: number; capped: boolean; counts: Record<Severity, number>; live?: boolean; accepted?: number }) {
  const { t } = useTranslation();
  const meets = props.score > props.target;
  return (
    <div className={`krci-score-card ${meets ? 'ok' : 'below'}`} data-testid="krci-score-card">
      <div className="krci-score" data-testid="krci-score" data-score={props.score} aria-label={`${t('compliance.score')}: ${props.score}`}>
        {t('compliance.scoreOf', { score: props.score })}
      </div>
      <div className="krci-score-meta">
        <span data-testid="krci-target">{t('compliance.target', { target: props.target })}</span>
        <span className={meets ? 'krci-ok' : 'krci-below'}>{meets ? t('compliance.aboveTarget') : t('compliance.belowTarget')}</span>
        {props.capped ? <span className="krci-capped">{t('compliance.capped', { cap: CRITICAL_CAP })}</span> : null}
        <span className="muted" data-testid="krci-counts">
          {t('compliance.counts', props.counts)}
        </span>
        {props.accepted ? (
          <span className="muted" data-testid="krci-accepted-count">
            {t('compliance.review.accepted', { count: props.accepted })}
          </span>
        ) : null}
        {props.live ? <span className="muted">{t('compliance.live')}</span> : null}
      </div>
    </div>
  );
}
