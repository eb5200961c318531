import type { TrsReport } from './model';

/**
 * The Brazilian fields of a TRS, governed by the BRAZILIAN_FIELDS flag: the `brazil` block, the
 * SIRGAS 2000 strings of the location and the CBRR / ANM Res. 94 category of each table row.
 * While the flag is off the editor hides them and main refuses a save that changes them
 * (values already stored are kept untouched, so turning the flag back on loses nothing).
 */
export interface BrazilianFieldValues {
  brazil: TrsReport['brazil'];
  sirgas2000: TrsReport['property']['location']['sirgas2000'];
  resourceCategories: Array<[string, string, string | null]>;
  reserveCategories: Array<[string, string, string | null]>;
}

export function extractBrazilianFields(report: TrsReport): BrazilianFieldValues {
  return {
    brazil: report.brazil,
    sirgas2000: report.property.location.sirgas2000,
    resourceCategories: report.mineralResources.flatMap((t) =>
      t.rows.filter((r) => r.cbrrCategory !== null).map((r): [string, string, string | null] => [t.id, r.id, r.cbrrCategory]),
    ),
    reserveCategories: report.mineralReserves.flatMap((t) =>
      t.rows.filter((r) => r.cbrrCategory !== null).map((r): [string, string, string | null] => [t.id, r.id, r.cbrrCategory]),
    ),
  };
}

/** Stable JSON for comparison (key order of objects normalised). */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function brazilianFieldsEqual(a: TrsReport, b: TrsReport): boolean {
  return stableJson(extractBrazilianFields(a)) === stableJson(extractBrazilianFields(b));
}

export function hasBrazilianFields(report: TrsReport): boolean {
  const f = extractBrazilianFields(report);
  return f.brazil !== null || f.sirgas2000 !== null || f.resourceCategories.length > 0 || f.reserveCategories.length > 0;
}

/** Copy of `report` whose Brazilian fields are those of `source` (used to keep stored values while the flag is off). */
export function withBrazilianFieldsOf(report: TrsReport, source: TrsReport | null): TrsReport {
  const categoryOf = (tables: TrsReport['mineralResources'] | TrsReport['mineralReserves'], tableId: string, rowId: string) =>
    tables.find((t) => t.id === tableId)?.rows.find((r) => r.id === rowId)?.cbrrCategory ?? null;
  return {
    ...report,
    brazil: source?.brazil ?? null,
    property: { ...report.property, location: { ...report.property.location, sirgas2000: source?.property.location.sirgas2000 ?? null } },
    mineralResources: report.mineralResources.map((t) => ({
      ...t,
      rows: t.rows.map((r) => ({ ...r, cbrrCategory: source ? categoryOf(source.mineralResources, t.id, r.id) : null })),
    })),
    mineralReserves: report.mineralReserves.map((t) => ({
      ...t,
      rows: t.rows.map((r) => ({ ...r, cbrrCategory: source ? categoryOf(source.mineralReserves, t.id, r.id) : null })),
    })),
  };
}
