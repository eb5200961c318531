import { DUR_COLUMNS, VAL_COLUMNS, upsertRollupSql } from './rollup-columns';
import { derivedSamples, rollUp, type MetricSample, type RollupStats } from '../../shared/metrics/rollup';
import { HOUR_MS, MINUTE_MS } from '../../shared/metrics/window';
import type { SqliteDatabase } from '../storage/sqlite';

export const RESOLUTIONS = [MINUTE_MS, HOUR_MS] as const;

function histValues(hist: number[] | null, length: number): number[] {
  const out = new Array<number>(length).fill(0);
  if (hist) for (let i = 0; i < length; i++) out[i] = hist[i] ?? 0;
  return out;
}

/** Adds samples to the minute and hour rollups (and the per-report ones); the caller owns the transaction. */
export class RollupWriter {
  private readonly upsert;
  private readonly upsertReport;

  constructor(db: SqliteDatabase) {
    this.upsert = db.prepare(upsertRollupSql());
    this.upsertReport = db.prepare(
      `INSERT INTO report_rollups (resolution, bucket, report, kind, count, bytes_sum) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (resolution, bucket, report, kind) DO UPDATE SET count = count + excluded.count, bytes_sum = bytes_sum + excluded.bytes_sum`,
    );
  }

  write(samples: readonly MetricSample[]): void {
    const derived = derivedSamples(samples);
    const all = derived.length ? [...samples, ...derived] : samples;
    for (const resolution of RESOLUTIONS) {
      for (const { bucket, stats } of rollUp(all, resolution, false).values()) this.writeStats(resolution, bucket, stats);
      const reports = new Map<string, { bucket: number; report: string; kind: string; count: number; bytes: number }>();
      for (const s of samples) {
        const report = s.labels?.reportId;
        if (!report) continue;
        const bucket = Math.floor(s.at / resolution) * resolution;
        const id = `${bucket}\u0001${report}\u0001${s.kind}`;
        const e = reports.get(id) ?? { bucket, report, kind: s.kind, count: 0, bytes: 0 };
        e.count += 1;
        if (typeof s.bytes === 'number' && s.bytes >= 0) e.bytes += s.bytes;
        reports.set(id, e);
      }
      for (const e of reports.values()) this.upsertReport.run(resolution, e.bucket, e.report, e.kind, e.count, e.bytes);
    }
  }

  private writeStats(resolution: number, bucket: number, s: RollupStats): void {
    this.upsert.run(
      resolution,
      bucket,
      s.kind,
      s.name,
      s.source,
      s.outcome,
      s.count,
      s.durCount,
      s.durSum,
      s.durMin,
      s.durMax,
      ...histValues(s.durHist, DUR_COLUMNS.length),
      s.valCount,
      s.valSum,
      s.valMin,
      s.valMax,
      ...histValues(s.valHist, VAL_COLUMNS.length),
      s.bytesSum,
      s.lastValue,
      s.lastBytes,
      s.lastAt,
    );
  }
}
