import type { FeedbackStats } from '../../shared/flags/guards';
import { COMPLAINT_RATING_MAX } from '../../shared/flags/guards';
import type { SqliteDatabase } from '../storage/sqlite';

export type FeedbackKind = 'rating' | 'problem' | 'dismissed';

export interface FeedbackEntry {
  id: number;
  at: number;
  flag: string;
  phase: string;
  configVersion: number | null;
  kind: FeedbackKind;
  rating: number | null;
  comment: string;
}

/** Counts per flag and phase: what is pushed to the fleet (never the comments). */
export interface FeedbackTotals extends FeedbackStats {
  flag: string;
  phase: string;
}

interface Row {
  id: number;
  at: number;
  flag: string;
  phase: string;
  config_version: number | null;
  kind: FeedbackKind;
  rating: number | null;
  comment: string;
}

const COUNTS = `COUNT(CASE WHEN kind = 'rating' THEN 1 END) AS ratings,
  COALESCE(SUM(CASE WHEN kind = 'rating' THEN rating END), 0) AS ratingSum,
  COUNT(CASE WHEN kind = 'problem' THEN 1 END) AS problemReports,
  COUNT(CASE WHEN kind = 'problem' OR (kind = 'rating' AND rating <= ${COMPLAINT_RATING_MAX}) THEN 1 END) AS complaints`;

/** The user's feedback on features under rollout, in metrics.db (repository over the handle). */
export class FeedbackStore {
  /** Takes the handle through a function: metrics.db may be replaced while the app runs (a damaged file). */
  constructor(private readonly handle: () => SqliteDatabase) {}

  private get db(): SqliteDatabase {
    return this.handle();
  }

  add(entry: Omit<FeedbackEntry, 'id'>): FeedbackEntry {
    const info = this.db
      .prepare('INSERT INTO feedback (at, flag, phase, config_version, kind, rating, comment) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(entry.at, entry.flag, entry.phase, entry.configVersion, entry.kind, entry.rating, entry.comment);
    return { id: Number(info.lastInsertRowid), ...entry };
  }

  /** Whether the user already rated or dismissed the prompt for this flag in this phase (asked at most once per phase). */
  answeredInPhase(flag: string, phase: string): boolean {
    return this.db.prepare(`SELECT 1 FROM feedback WHERE flag = ? AND phase = ? AND kind IN ('rating', 'dismissed') LIMIT 1`).get(flag, phase) !== undefined;
  }

  /** Ratings and complaints on a flag in a phase since `fromMs`. */
  stats(flag: string, phase: string, fromMs = 0): FeedbackStats {
    return this.db.prepare(`SELECT ${COUNTS} FROM feedback WHERE flag = ? AND phase = ? AND at >= ?`).get(flag, phase, fromMs) as FeedbackStats;
  }

  /** All-time counts per flag and phase (counters for the Pushgateway: they only grow). */
  totals(): FeedbackTotals[] {
    return this.db
      .prepare(`SELECT flag, phase, ${COUNTS} FROM feedback WHERE kind != 'dismissed' GROUP BY flag, phase ORDER BY flag, phase`)
      .all() as FeedbackTotals[];
  }

  /** Everything the user wrote, for their own export (the only way comments leave the computer). */
  list(): FeedbackEntry[] {
    return (this.db.prepare(`SELECT * FROM feedback WHERE kind != 'dismissed' ORDER BY id`).all() as Row[]).map((r) => ({
      id: r.id,
      at: r.at,
      flag: r.flag,
      phase: r.phase,
      configVersion: r.config_version,
      kind: r.kind,
      rating: r.rating,
      comment: r.comment,
    }));
  }

  /** Uses of a feature so far: its exposures (showings of its views, its channels served outside them) recorded since `fromMs`. */
  uses(flag: string, fromMs = 0): number {
    return this.db
      .prepare(`SELECT COUNT(*) FROM events WHERE kind = 'flag.exposure' AND name = ? AND outcome = 'on' AND at >= ?`)
      .pluck()
      .get(flag, fromMs) as number;
  }
}
