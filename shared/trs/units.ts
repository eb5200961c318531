import type { Contained, ContainedUnit, Grade, GradeUnit, Quantity, ReserveRow, ReserveTable, ResourceRow, ResourceTable, TonnageUnit } from './model';

/** Grams in one troy ounce (exact by definition). */
export const GRAMS_PER_TROY_OUNCE = 31.1034768;
export const GRAMS_PER_POUND = 453.59237;
/** Li2CO3 (73.891 g/mol) per Li2O (29.881 g/mol): tonnes of lithium carbonate equivalent per tonne Li2O. */
export const LCE_PER_LI2O = 2.4729;

const TONNES_PER: Record<TonnageUnit, number> = { t: 1, kt: 1_000, Mt: 1_000_000 };
const GRAMS_PER_CONTAINED: Record<ContainedUnit, number> = {
  g: 1,
  kg: 1_000,
  t: 1_000_000,
  kt: 1_000_000_000,
  Mt: 1_000_000_000_000,
  oz: GRAMS_PER_TROY_OUNCE,
  koz: GRAMS_PER_TROY_OUNCE * 1_000,
  Moz: GRAMS_PER_TROY_OUNCE * 1_000_000,
  lb: GRAMS_PER_POUND,
  Mlb: GRAMS_PER_POUND * 1_000_000,
};
/** Grams of commodity per tonne of material for one grade unit. oz/t is troy ounces per metric tonne. */
const GRAMS_PER_TONNE_PER_GRADE: Record<GradeUnit, number> = { 'g/t': 1, ppm: 1, '%': 10_000, 'oz/t': GRAMS_PER_TROY_OUNCE };

export function tonnes(quantity: Quantity): number | null {
  return quantity.value === null ? null : quantity.value * TONNES_PER[quantity.unit];
}

export function convertTonnage(valueTonnes: number, unit: TonnageUnit): number {
  return valueTonnes / TONNES_PER[unit];
}

export function convertContained(value: number, from: ContainedUnit, to: ContainedUnit): number {
  return (value * GRAMS_PER_CONTAINED[from]) / GRAMS_PER_CONTAINED[to];
}

/** The natural unit for contained commodity at a given grade unit: precious metals in oz, the rest in t. */
export function defaultContainedUnit(grade: GradeUnit): ContainedUnit {
  return grade === 'g/t' || grade === 'oz/t' || grade === 'ppm' ? 'oz' : 't';
}

/**
 * Contained commodity = tonnage × grade, in `unit`.
 * Examples: 1 Mt at 1 g/t Au = 1 000 000 g = 32 150.7 oz; 1 Mt at 1.2 % Li2O = 12 000 t Li2O.
 * Returns null when the tonnage or the grade is unknown.
 */
export function containedAmount(tonnage: Quantity, grade: Pick<Grade, 'value' | 'unit'>, unit: ContainedUnit): number | null {
  const t = tonnes(tonnage);
  if (t === null || grade.value === null) return null;
  const grams = t * grade.value * GRAMS_PER_TONNE_PER_GRADE[grade.unit];
  return grams / GRAMS_PER_CONTAINED[unit];
}

/** Tonnes of lithium carbonate equivalent for tonnes of Li2O. */
export function li2oToLce(li2oTonnes: number): number {
  return li2oTonnes * LCE_PER_LI2O;
}

/** Recomputes every `contained` entry of a row from tonnage × grade of the same commodity, keeping each entry's unit. */
export function recomputeContained<R extends ResourceRow | ReserveRow>(row: R): R {
  const contained: Contained[] = row.contained.map((c) => {
    const grade = row.grades.find((g) => g.commodity === c.commodity);
    if (!grade) return c;
    return { ...c, value: containedAmount(row.tonnage, grade, c.unit) };
  });
  return { ...row, contained };
}

/** Relative mismatch between a stated contained amount and tonnage × grade (0.01 = 1 %), or null if not computable. */
export function containedMismatch(row: ResourceRow | ReserveRow, commodity: string): number | null {
  const stated = row.contained.find((c) => c.commodity === commodity);
  const grade = row.grades.find((g) => g.commodity === commodity);
  if (!stated || !grade || stated.value === null) return null;
  const computed = containedAmount(row.tonnage, grade, stated.unit);
  if (computed === null) return null;
  if (computed === 0) return stated.value === 0 ? 0 : 1;
  return Math.abs(stated.value - computed) / Math.abs(computed);
}

export interface ClassTotal {
  class: string;
  tonnes: number;
  /** Tonnage-weighted grade per commodity, in the unit of the first row carrying it; `missingRows`: rows left out (no tonnage or no grade). */
  grades: Array<Grade & { missingRows: number }>;
  /**
   * Summed contained per commodity, in the unit of the first row carrying it: each row's stated
   * contained, or tonnage × grade where the row states none. `missingRows` > 0 means the total is
   * partial: that many rows of the class have neither, and the sum leaves them out.
   */
  contained: Array<Contained & { missingRows: number }>;
  /** Rows of the class without a tonnage (their tonnes are not in `tonnes`). */
  missingTonnageRows: number;
  rowCount: number;
}

function accumulate(cls: string, rows: readonly (ResourceRow | ReserveRow)[]): ClassTotal {
  let totalTonnes = 0;
  let missingTonnageRows = 0;
  const commodities: string[] = [];
  for (const row of rows) for (const x of [...row.grades, ...row.contained]) if (!commodities.includes(x.commodity)) commodities.push(x.commodity);
  const gradeSums = new Map<string, { unit: GradeUnit; weighted: number; tonnes: number; missing: number }>();
  const containedSums = new Map<string, { unit: ContainedUnit; value: number; missing: number }>();
  // The unit of each commodity's total: the first stated contained unit, else the default for its first grade unit.
  for (const c of commodities) {
    const stated = rows.flatMap((r) => r.contained).find((x) => x.commodity === c);
    const grade = rows.flatMap((r) => r.grades).find((x) => x.commodity === c);
    containedSums.set(c, { unit: stated?.unit ?? defaultContainedUnit(grade?.unit ?? 'g/t'), value: 0, missing: 0 });
  }
  for (const row of rows) {
    const t = tonnes(row.tonnage);
    if (t === null) missingTonnageRows++;
    totalTonnes += t ?? 0;
    for (const c of commodities) {
      const g = row.grades.find((x) => x.commodity === c);
      if (g) {
        const acc = gradeSums.get(c) ?? { unit: g.unit, weighted: 0, tonnes: 0, missing: 0 };
        if (g.value === null || t === null) acc.missing++;
        else {
          // Grades of one commodity in different units are brought to the first unit seen.
          const factor = GRAMS_PER_TONNE_PER_GRADE[g.unit] / GRAMS_PER_TONNE_PER_GRADE[acc.unit];
          acc.weighted += t * g.value * factor;
          acc.tonnes += t;
        }
        gradeSums.set(c, acc);
      }
      const sum = containedSums.get(c)!;
      const stated = row.contained.find((x) => x.commodity === c);
      const value =
        stated && stated.value !== null ? convertContained(stated.value, stated.unit, sum.unit) : g ? containedAmount(row.tonnage, g, sum.unit) : null;
      if (value === null) sum.missing++;
      else sum.value += value;
    }
  }
  return {
    class: cls,
    tonnes: totalTonnes,
    grades: [...gradeSums].map(([commodity, acc]) => ({
      commodity,
      unit: acc.unit,
      value: acc.tonnes > 0 ? acc.weighted / acc.tonnes : null,
      missingRows: acc.missing,
    })),
    contained: [...containedSums]
      .filter(([, acc]) => acc.missing < rows.length)
      .map(([commodity, acc]) => ({ commodity, unit: acc.unit, value: acc.value, missingRows: acc.missing })),
    missingTonnageRows,
    rowCount: rows.length,
  };
}

/**
 * Totals of a resource table by class. Measured + indicated is computed from the measured and
 * indicated rows (stated `measuredIndicated` rows are reported as such only when the table has
 * no separate measured/indicated rows, e.g. a registrant that reports the combined class only).
 */
export function resourceTotals(table: ResourceTable): Record<'measured' | 'indicated' | 'measuredIndicated' | 'inferred', ClassTotal> {
  const byClass = (c: string) => table.rows.filter((r) => r.class === c);
  const measured = byClass('measured');
  const indicated = byClass('indicated');
  const mi = measured.length + indicated.length > 0 ? [...measured, ...indicated] : byClass('measuredIndicated');
  return {
    measured: accumulate('measured', measured),
    indicated: accumulate('indicated', indicated),
    measuredIndicated: accumulate('measuredIndicated', mi),
    inferred: accumulate('inferred', byClass('inferred')),
  };
}

/** Totals of a reserve table: proven, probable and their sum (stated `total` rows are used only if there are no class rows). */
export function reserveTotals(table: ReserveTable): Record<'proven' | 'probable' | 'total', ClassTotal> {
  const proven = table.rows.filter((r) => r.class === 'proven');
  const probable = table.rows.filter((r) => r.class === 'probable');
  const total = proven.length + probable.length > 0 ? [...proven, ...probable] : table.rows.filter((r) => r.class === 'total');
  return { proven: accumulate('proven', proven), probable: accumulate('probable', probable), total: accumulate('total', total) };
}

/** Net present value of yearly cash flows (first row discounted one year: end-of-year convention, first year = year 1). */
export function npv(ratePercent: number, cashFlows: readonly number[], firstPeriod = 1): number {
  const r = ratePercent / 100;
  return cashFlows.reduce((sum, cf, i) => sum + cf / (1 + r) ** (i + firstPeriod), 0);
}

/**
 * Internal rate of return in percent. Cash flows with a closure cost at the end change sign twice,
 * so there can be two roots; this returns the one found first scanning upward from 0 % (then
 * downward), which is the conventional project IRR. Null when no root exists in −99 %…1 000 %.
 */
export function irr(cashFlows: readonly number[], firstPeriod = 1): number | null {
  const f = (rate: number) => npv(rate, cashFlows, firstPeriod);
  const grid = [0, 1, 2, 5, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000];
  const down = [0, -10, -20, -40, -60, -80, -90, -99];
  for (const points of [grid, down]) {
    for (let i = 0; i + 1 < points.length; i++) {
      let lo = points[i]!;
      let hi = points[i + 1]!;
      let flo = f(lo);
      const fhi = f(hi);
      if (flo === 0) return lo;
      if (!Number.isFinite(flo) || !Number.isFinite(fhi) || flo * fhi > 0) continue;
      for (let k = 0; k < 200; k++) {
        const mid = (lo + hi) / 2;
        const fm = f(mid);
        if (Math.abs(fm) < 1e-12 || Math.abs(hi - lo) < 1e-10) return mid;
        if (flo * fm < 0) hi = mid;
        else {
          lo = mid;
          flo = fm;
        }
      }
      return (lo + hi) / 2;
    }
  }
  return null;
}

/** Undiscounted payback in years from the first row, interpolated within the year the cumulative cash flow turns positive. */
export function paybackYears(cashFlows: readonly number[]): number | null {
  let cumulative = 0;
  for (let i = 0; i < cashFlows.length; i++) {
    const cf = cashFlows[i]!;
    const before = cumulative;
    cumulative += cf;
    if (before < 0 && cumulative >= 0 && cf > 0) return i + -before / cf;
  }
  return null;
}
