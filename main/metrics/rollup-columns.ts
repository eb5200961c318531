import { LATENCY_BUCKETS_MS, SCORE_BUCKETS } from '../../shared/metrics/histogram';

/**
 * Histogram buckets are stored as one INTEGER column each (d0…d25 for latency, v0…v10 for
 * scores), so a flush merges into a rollup with a single `INSERT … ON CONFLICT DO UPDATE d_i =
 * d_i + excluded.d_i` and a window query sums them in SQL: no read-modify-write, no JSON.
 * Changing the bucket bounds needs a migration that rebuilds the rollups from raw events.
 */
export const DUR_COLUMNS = Array.from({ length: LATENCY_BUCKETS_MS.length + 1 }, (_, i) => `d${i}`);
export const VAL_COLUMNS = Array.from({ length: SCORE_BUCKETS.length + 1 }, (_, i) => `v${i}`);

export const KEY_COLUMNS = ['kind', 'name', 'source', 'outcome'] as const;

export const STAT_COLUMNS = [
  'count',
  'dur_count',
  'dur_sum',
  'dur_min',
  'dur_max',
  ...DUR_COLUMNS,
  'val_count',
  'val_sum',
  'val_min',
  'val_max',
  ...VAL_COLUMNS,
  'bytes_sum',
  'last_value',
  'last_bytes',
  'last_at',
];

export function rollupsDdl(): string {
  const hist = (cols: string[]) => cols.map((c) => `${c} INTEGER NOT NULL DEFAULT 0`).join(',\n          ');
  return `
        CREATE TABLE rollups (
          resolution INTEGER NOT NULL,
          bucket INTEGER NOT NULL,
          kind TEXT NOT NULL,
          name TEXT NOT NULL,
          source TEXT NOT NULL,
          outcome TEXT NOT NULL,
          count INTEGER NOT NULL,
          dur_count INTEGER NOT NULL,
          dur_sum REAL NOT NULL,
          dur_min REAL,
          dur_max REAL,
          ${hist(DUR_COLUMNS)},
          val_count INTEGER NOT NULL,
          val_sum REAL NOT NULL,
          val_min REAL,
          val_max REAL,
          ${hist(VAL_COLUMNS)},
          bytes_sum REAL NOT NULL,
          last_value REAL,
          last_bytes REAL,
          last_at INTEGER NOT NULL,
          PRIMARY KEY (resolution, bucket, kind, name, source, outcome)
        ) WITHOUT ROWID;
        CREATE INDEX rollups_kind_bucket ON rollups(resolution, kind, bucket);
        -- Cost per report: counts and bytes only, kept apart so the report id does not multiply the main rollups.
        CREATE TABLE report_rollups (
          resolution INTEGER NOT NULL,
          bucket INTEGER NOT NULL,
          report TEXT NOT NULL,
          kind TEXT NOT NULL,
          count INTEGER NOT NULL,
          bytes_sum REAL NOT NULL,
          PRIMARY KEY (resolution, bucket, report, kind)
        ) WITHOUT ROWID;`;
}

const minMerge = (c: string) => `${c} = CASE WHEN ${c} IS NULL THEN excluded.${c} WHEN excluded.${c} IS NULL THEN ${c} ELSE min(${c}, excluded.${c}) END`;
const maxMerge = (c: string) => `${c} = CASE WHEN ${c} IS NULL THEN excluded.${c} WHEN excluded.${c} IS NULL THEN ${c} ELSE max(${c}, excluded.${c}) END`;
const addMerge = (c: string) => `${c} = ${c} + excluded.${c}`;
const lastMerge = (c: string) => `${c} = CASE WHEN excluded.last_at >= last_at AND excluded.${c} IS NOT NULL THEN excluded.${c} ELSE ${c} END`;

export function upsertRollupSql(): string {
  const cols = ['resolution', 'bucket', ...KEY_COLUMNS, ...STAT_COLUMNS];
  const updates = [
    ...['count', 'dur_count', 'dur_sum', ...DUR_COLUMNS, 'val_count', 'val_sum', ...VAL_COLUMNS, 'bytes_sum'].map(addMerge),
    minMerge('dur_min'),
    maxMerge('dur_max'),
    minMerge('val_min'),
    maxMerge('val_max'),
    lastMerge('last_value'),
    lastMerge('last_bytes'),
    'last_at = max(last_at, excluded.last_at)',
  ];
  return `INSERT INTO rollups (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
    ON CONFLICT (resolution, bucket, kind, name, source, outcome) DO UPDATE SET ${updates.join(', ')}`;
}

/** The aggregate select of a window: sums, mins and maxes per key, computed by SQLite. */
export function aggregateSelectSql(): string {
  const sums = ['count', 'dur_count', 'dur_sum', ...DUR_COLUMNS, 'val_count', 'val_sum', ...VAL_COLUMNS, 'bytes_sum'].map((c) => `SUM(${c}) AS ${c}`);
  return `SELECT kind, name, source, outcome, ${sums.join(', ')}, MIN(dur_min) AS dur_min, MAX(dur_max) AS dur_max,
    MIN(val_min) AS val_min, MAX(val_max) AS val_max, MAX(last_at) AS last_at FROM rollups`;
}
