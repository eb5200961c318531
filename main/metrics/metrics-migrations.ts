import type { Migration } from '../storage/sqlite';

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
];
