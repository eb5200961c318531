import type { SqliteDatabase } from '../storage/sqlite';

/** DDL of the flag audit log in app.db (used by the app migration "flag audit log"). */
export function createFlagAuditTables(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE flag_audit (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at TEXT NOT NULL,
      kind TEXT NOT NULL,
      flag TEXT,
      config_version INTEGER,
      reason TEXT,
      detail TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE INDEX flag_audit_at ON flag_audit(at DESC, id DESC);
    CREATE INDEX flag_audit_trips ON flag_audit(kind, flag, config_version);
  `);
}

export type AuditKind = 'config.accepted' | 'config.rejected' | 'guard.tripped' | 'guard.cleared' | 'flag.changed';

export interface AuditEntry {
  id: number;
  at: string;
  kind: AuditKind;
  flag: string | null;
  configVersion: number | null;
  reason: string | null;
  detail: string;
}

interface Row {
  id: number;
  at: string;
  kind: string;
  flag: string | null;
  config_version: number | null;
  reason: string | null;
  detail: string;
}

const toEntry = (r: Row): AuditEntry => ({
  id: r.id,
  at: r.at,
  kind: r.kind as AuditKind,
  flag: r.flag,
  configVersion: r.config_version,
  reason: r.reason,
  detail: r.detail,
});

/** Append-only record of every configuration accepted or refused and every guard transition. */
export class FlagAuditStore {
  constructor(private readonly db: SqliteDatabase) {}

  append(entry: Omit<AuditEntry, 'id'>): AuditEntry {
    const info = this.db
      .prepare('INSERT INTO flag_audit (at, kind, flag, config_version, reason, detail) VALUES (?, ?, ?, ?, ?, ?)')
      .run(entry.at, entry.kind, entry.flag, entry.configVersion, entry.reason, entry.detail);
    return { id: Number(info.lastInsertRowid), ...entry };
  }

  list(limit = 200, flag?: string): AuditEntry[] {
    const rows = flag
      ? (this.db.prepare('SELECT * FROM flag_audit WHERE flag = ? ORDER BY id DESC LIMIT ?').all(flag, limit) as Row[])
      : (this.db.prepare('SELECT * FROM flag_audit ORDER BY id DESC LIMIT ?').all(limit) as Row[]);
    return rows.map(toEntry);
  }

  /** Guard trips that still hold: tripped for a config version ≥ the one in force (a higher publish clears them). */
  activeTrips(currentVersion: number): AuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM flag_audit WHERE kind = 'guard.tripped' AND config_version >= ?
         AND id IN (SELECT MAX(id) FROM flag_audit WHERE kind = 'guard.tripped' GROUP BY flag)`,
      )
      .all(currentVersion) as Row[];
    return rows.map(toEntry);
  }
}
