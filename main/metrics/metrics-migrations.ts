import type { Migration, SqliteDatabase } from '../storage/sqlite';
import { rollupsDdl } from './rollup-columns';
import { RollupWriter } from './rollup-writer';

/** Schema of metrics.db (its own file: disposable, high write rate, never in app.db backups). */
export const metricsMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'events and rollups',
    up(db) {
      db.exec(`
        CREATE TABLE events (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          kind TEXT NOT NULL,
          name TEXT NOT NULL,
          source TEXT NOT NULL DEFAULT '',
          outcome TEXT NOT NULL DEFAULT '',
          duration_ms REAL,
          value REAL,
          bytes REAL,
          report TEXT NOT NULL DEFAULT '',
          labels TEXT
        );
        CREATE INDEX events_kind_at ON events(kind, at);
        CREATE INDEX events_at ON events(at);

        -- One row per (resolution, time bucket, key). resolution is 60000 (minute) or 3600000 (hour).
        -- Histograms are JSON arrays of per-bucket counts over fixed bounds (shared/metrics/histogram.ts).
        CREATE TABLE rollups (
          resolution INTEGER NOT NULL,
          bucket INTEGER NOT NULL,
          kind TEXT NOT NULL,
          name TEXT NOT NULL,
          source TEXT NOT NULL,
          outcome TEXT NOT NULL,
          report TEXT NOT NULL,
          count INTEGER NOT NULL,
          dur_count INTEGER NOT NULL,
          dur_sum REAL NOT NULL,
          dur_min REAL,
          dur_max REAL,
          dur_hist TEXT,
          val_count INTEGER NOT NULL,
          val_sum REAL NOT NULL,
          val_min REAL,
          val_max REAL,
          val_hist TEXT,
          bytes_sum REAL NOT NULL,
          last_value REAL,
          last_bytes REAL,
          last_at INTEGER NOT NULL,
          PRIMARY KEY (resolution, bucket, kind, name, source, outcome, report)
        ) WITHOUT ROWID;
        CREATE INDEX rollups_kind_bucket ON rollups(resolution, kind, bucket);
      `);
    },
  },
  {
    version: 2,
    name: 'columnar rollups, report rollups, covering index for percentiles',
    up(db) {
      // Histograms move from JSON text to one column per bucket (SQL-side merge and sums). The
      // rollups are rebuilt from the raw events still retained (metrics are disposable; older
      // rollups of a development build are not worth a converter).
      db.exec(`
        DROP TABLE rollups;
        ${rollupsDdl()}
        DROP INDEX events_kind_at;
        CREATE INDEX events_kind_at ON events(kind, at, source, duration_ms);
      `);
      rebuildRollups(db);
    },
  },
  {
    version: 3,
    name: 'user feedback on features under rollout',
    up(db) {
      // Kept apart from the events: comments are the user's words and never leave the computer
      // (only counts are pushed); they are not subject to the 30-day event retention.
      db.exec(`
        CREATE TABLE feedback (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          flag TEXT NOT NULL,
          phase TEXT NOT NULL,
          config_version INTEGER,
          kind TEXT NOT NULL CHECK (kind IN ('rating', 'problem', 'dismissed')),
          rating INTEGER CHECK (rating BETWEEN 1 AND 5),
          comment TEXT NOT NULL DEFAULT ''
        ) STRICT;
        CREATE INDEX feedback_flag_phase ON feedback(flag, phase, at);
      `);
    },
  },
  {
    version: 4,
    name: 'index of the newest gauge value per kind and outcome',
    up(db) {
      // The dashboard's cache-size gauge looks for the newest hour row of one outcome: without
      // this it walked a year of cache rows on every refresh when no size was ever recorded.
      db.exec('CREATE INDEX rollups_hour_gauge ON rollups(kind, outcome, bucket) WHERE resolution = 3600000');
    },
  },
];

/** Re-derives every rollup from the raw events, in chunks (used when the rollup layout changes). */
export function rebuildRollups(db: SqliteDatabase): void {
  const writer = new RollupWriter(db);
  const select = db.prepare(
    'SELECT id, at, kind, name, source, outcome, duration_ms, value, bytes, report, labels FROM events WHERE id > ? ORDER BY id LIMIT 20000',
  );
  let last = 0;
  for (;;) {
    const rows = select.all(last) as {
      id: number;
      at: number;
      kind: string;
      name: string;
      source: string;
      outcome: string;
      duration_ms: number | null;
      value: number | null;
      bytes: number | null;
      report: string;
      labels: string | null;
    }[];
    if (rows.length === 0) break;
    last = rows[rows.length - 1]!.id;
    writer.write(
      rows.map((r) => ({
        kind: r.kind,
        at: r.at,
        name: r.name,
        ...(r.source ? { source: r.source } : {}),
        ...(r.outcome ? { outcome: r.outcome } : {}),
        ...(r.duration_ms !== null ? { durationMs: r.duration_ms } : {}),
        ...(r.value !== null ? { value: r.value } : {}),
        ...(r.bytes !== null ? { bytes: r.bytes } : {}),
        ...(r.labels ? { labels: JSON.parse(r.labels) as Record<string, string> } : r.report ? { labels: { reportId: r.report } } : {}),
      })),
    );
  }
}
