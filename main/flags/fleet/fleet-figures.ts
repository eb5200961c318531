import type { FlagDefinition, FlagGuard } from '../../../shared/flags/config-schema';
import type { FleetFigures } from '../../../shared/flags/fleet-decision';
import { fleetQueries } from '../../../shared/flags/fleet-rules';
import type { GuardMetric } from '../../../shared/flags/guards';
import { planAt } from '../../../shared/flags/schedule';
import { queryPrometheus } from './prometheus-query';

/**
 * Reads one flag's fleet figures from Prometheus for its current phase: the guard window (for the
 * triggers) and the phase so far (for the targets), with the same PromQL the generated rules record.
 */
export async function readFleetFigures(
  prometheus: string,
  flag: string,
  def: FlagDefinition & { guard: FlagGuard },
  issuedAt: string,
  now: Date,
): Promise<FleetFigures> {
  const { current } = planAt(def, now.getTime());
  const phase = current.phase;
  const since = Date.parse(current.at ?? issuedAt);
  const phaseSeconds = Math.max(60, Math.round((now.getTime() - since) / 1000));
  const one = async (query: string): Promise<number | null> => {
    const rows = await queryPrometheus(prometheus, query, now);
    const row = rows.find((r) => r.metric.phase === phase) ?? (rows.length === 1 && rows[0]!.metric.phase === undefined ? rows[0] : undefined);
    return row && Number.isFinite(row.value) ? row.value : null;
  };
  const read = async (range: string) => {
    const q = fleetQueries(flag, def.guard, range);
    const metrics: Partial<Record<GuardMetric, number>> = {};
    for (const [metric, expr] of Object.entries(q.metrics) as [GuardMetric, string][]) {
      const v = await one(expr);
      if (v !== null) metrics[metric] = v;
    }
    return { calls: (await one(q.calls)) ?? 0, feedback: (await one(q.feedback)) ?? 0, metrics, workstations: (await one(q.workstations)) ?? 0 };
  };
  const window = await read(`${def.guard.windowMinutes}m`);
  const phaseFigures = await read(`${phaseSeconds}s`);
  return {
    window: { calls: window.calls, feedback: window.feedback, metrics: window.metrics },
    phase: { calls: phaseFigures.calls, feedback: phaseFigures.feedback, metrics: phaseFigures.metrics, seconds: phaseSeconds },
    workstations: window.workstations,
  };
}
