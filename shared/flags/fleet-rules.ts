import { FLEET_METRICS } from '../metrics/exposition';
import type { FlagConfig, FlagDefinition, FlagGuard, RollbackKind } from './config-schema';
import { FEEDBACK_METRICS, TARGET_DEFS, TRIGGER_DEFS, type GuardMetric } from './guards';

/**
 * The fleet's view of a flag's guard, generated from the same definitions as the local guard
 * (TARGET_DEFS / TRIGGER_DEFS of guards.ts): PromQL over what the workstations push, per flag and
 * phase. A workstation's calls count for the phase it is in while the flag is on for it (the
 * cohort), joined on the `workstation` label of the Pushgateway group.
 */

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** `regulator.call` / `regulator.call/ANM` → label matchers on the regulator series; null for operations the fleet series do not carry. */
function callMatchers(guard: FlagGuard): string[] | null {
  const sources: string[] = [];
  let all = false;
  for (const op of guard.operations) {
    const [kind, source] = op.split('/');
    if (kind !== 'regulator.call') continue;
    if (source) sources.push(source);
    else all = true;
  }
  if (all) return [];
  return sources.length ? [`source=~"${sources.map((s) => esc(s).replace(/[.*+?^${}()|[\]]/g, '\\\\$&')).join('|')}"`] : null;
}

const coversCache = (guard: FlagGuard) => guard.operations.some((op) => op === 'cache' || op.startsWith('cache/'));

function cohort(flag: string): string {
  return `max by (workstation, flag, phase) (${FLEET_METRICS.flagState}{flag="${esc(flag)}"} == 1)`;
}

/** Per-workstation increase of `metric` over `range`, joined to the flag's on-cohort, summed by flag and phase (and `by`). */
function joined(flag: string, metric: string, matchers: string[], range: string, by: string[] = []): string {
  const sel = `${metric}${matchers.length ? `{${matchers.join(',')}}` : ''}`;
  const inner = ['workstation', ...by].join(', ');
  const outer = ['flag', 'phase', ...by].join(', ');
  return `sum by (${outer}) (sum by (${inner}) (increase(${sel}[${range}])) * on (workstation) group_left (flag, phase) ${cohort(flag)})`;
}

export interface FleetQueries {
  /** Calls of the covered operations by the on-cohort in the range (the minimum sample). */
  calls: string;
  /** Feedback answers (ratings + problem reports) on the flag, per phase. */
  feedback: string;
  /** Workstations that have the flag on, per phase. */
  workstations: string;
  /** Workstations holding a local rollback of the flag, by kind. */
  rolledBack: string;
  metrics: Partial<Record<GuardMetric, string>>;
}

/** The PromQL for one flag's guard over `range` (e.g. "15m", or the phase's duration "604800s"). */
export function fleetQueries(flag: string, guard: FlagGuard, range: string): FleetQueries {
  const f = esc(flag);
  const calls = callMatchers(guard);
  const m: Partial<Record<GuardMetric, string>> = {};
  const callsExpr = calls ? joined(flag, FLEET_METRICS.calls, calls, range) : 'vector(0)';
  if (calls) {
    const outcome = (o: string) => joined(flag, FLEET_METRICS.calls, [...calls, `outcome="${o}"`], range);
    m.successRate = `${outcome('success')} / ${callsExpr}`;
    m.errorRate = `${outcome('error')} / ${callsExpr}`;
    m.timeoutRate = `${outcome('timeout')} / ${callsExpr}`;
    m.p95LatencyMs = `1000 * histogram_quantile(0.95, ${joined(flag, `${FLEET_METRICS.latency}_bucket`, calls, range, ['le'])})`;
  }
  if (coversCache(guard)) {
    const hits = joined(flag, FLEET_METRICS.cache, ['outcome=~"hit|stale"'], range);
    const lookups = joined(flag, FLEET_METRICS.cache, ['outcome=~"hit|miss|stale"'], range);
    m.cacheHitRate = `${hits} / ${lookups}`;
  }
  // Feedback counters carry their own flag and phase; they are judged over the phase (answers are sparse).
  const sum = (metric: string) => `sum by (flag, phase) (${metric}{flag="${f}"})`;
  const answers = `(${sum(FLEET_METRICS.ratings)} + ${sum(FLEET_METRICS.problemReports)})`;
  m.satisfaction = `${sum(FLEET_METRICS.ratingSum)} / ${sum(FLEET_METRICS.ratings)}`;
  m.complaintRate = `${sum(FLEET_METRICS.complaints)} / ${answers}`;
  return {
    calls: callsExpr,
    feedback: answers,
    workstations: `count by (flag, phase) (${FLEET_METRICS.flagState}{flag="${f}"} == 1)`,
    rolledBack: `count by (flag, rollback) (${FLEET_METRICS.flagState}{flag="${f}", rollback!="none"})`,
    metrics: m,
  };
}

/** Recorded series names: `qivo_flag:<metric>` (Prometheus' level:metric convention). */
export const recordName = (metric: GuardMetric | 'calls' | 'feedback_answers' | 'workstations') =>
  `qivo_flag:${metric.replace(/([A-Z])/g, '_$1').toLowerCase()}`;

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Array<
    | { record: string; expr: string; labels?: Record<string, string> }
    | { alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> }
  >;
}

const fmt = (metric: GuardMetric, v: number) => (metric === 'p95LatencyMs' ? `${v} ms` : metric === 'satisfaction' ? `${v}/5` : `${+(v * 100).toFixed(4)} %`);

/** One rule group per guarded flag: recording rules for every figure, alerts for every target and trigger. */
export function fleetRuleGroups(config: FlagConfig): RuleGroup[] {
  const groups: RuleGroup[] = [];
  for (const [flag, def] of Object.entries(config.flags)) {
    const guard = def.guard;
    if (!guard) continue;
    const range = `${guard.windowMinutes}m`;
    const q = fleetQueries(flag, guard, range);
    const rules: RuleGroup['rules'] = [
      { record: recordName('calls'), expr: q.calls },
      { record: recordName('feedback_answers'), expr: q.feedback },
      { record: recordName('workstations'), expr: q.workstations },
    ];
    for (const [metric, expr] of Object.entries(q.metrics) as [GuardMetric, string][]) rules.push({ record: recordName(metric), expr });
    const sampled = (metric: GuardMetric) =>
      FEEDBACK_METRICS.has(metric)
        ? `${recordName('feedback_answers')}{flag="${esc(flag)}"} >= ${guard.minFeedback}`
        : `${recordName('calls')}{flag="${esc(flag)}"} >= ${guard.minSample}`;
    const series = (metric: GuardMetric) => `${recordName(metric)}{flag="${esc(flag)}"}`;
    for (const { metric, key, expected } of TARGET_DEFS) {
      const threshold = guard.targets[key];
      if (threshold === undefined || !q.metrics[metric]) continue;
      // A missed target: the metric on the wrong side (or on the threshold), with the minimum sample.
      rules.push({
        alert: 'QivoRolloutTargetMissed',
        expr: `${series(metric)} ${expected === 'above' ? '<=' : '>='} ${threshold} and on (flag, phase) ${sampled(metric)}`,
        for: `${guard.windowMinutes}m`,
        labels: { severity: 'warning', flag, metric },
        annotations: { summary: `${flag} ({{ $labels.phase }}): ${metric} misses its target (${expected} ${fmt(metric, threshold)})` },
      });
    }
    const triggerRules = (triggers: FlagGuard['rollbackTriggers'], rollback: RollbackKind) => {
      for (const { metric, key, expected } of TRIGGER_DEFS) {
        const threshold = triggers[key];
        if (threshold === undefined || !q.metrics[metric]) continue;
        rules.push({
          alert: rollback === 'immediate' ? 'QivoRolloutImmediateRollback' : 'QivoRolloutGradualRollback',
          // Strictly past the threshold, as the local guard: equality is not a rollback.
          expr: `${series(metric)} ${expected === 'above' ? '<' : '>'} ${threshold} and on (flag, phase) ${sampled(metric)}`,
          labels: { severity: rollback === 'immediate' ? 'critical' : 'warning', flag, metric, rollback },
          annotations: {
            summary: `${flag} ({{ $labels.phase }}): ${metric} is past its ${rollback} rollback trigger (${expected === 'above' ? 'below' : 'above'} ${fmt(metric, threshold)})`,
            action: rollback === 'immediate' ? 'qivo flags rollout rollback --mode immediate' : 'qivo flags rollout rollback --mode gradual',
          },
        });
      }
    };
    triggerRules(guard.rollbackTriggers, 'immediate');
    triggerRules(guard.gradualTriggers, 'gradual');
    groups.push({ name: `qivo-rollout-${flag}`, interval: '30s', rules });
  }
  return groups;
}

/** The flags of a configuration whose fleet figures can be judged (they have a guard). */
export function guardedFlags(config: FlagConfig): Array<[string, FlagDefinition & { guard: FlagGuard }]> {
  return Object.entries(config.flags).filter((e): e is [string, FlagDefinition & { guard: FlagGuard }] => e[1].guard !== undefined);
}
