import { describe, expect, it } from 'vitest';
import { emptyResourceTable, type ResourceRow } from '../../shared/trs/model';
import { recomputeContained, resourceTotals } from '../../shared/trs/units';

const row = (id: string, kt: number | null, grade: number | null, withContained = true): ResourceRow =>
  recomputeContained({
    id,
    class: 'indicated',
    domain: '',
    tonnage: { value: kt, unit: 'kt' },
    grades: [{ commodity: 'Au', value: grade, unit: 'g/t' }],
    contained: withContained ? [{ commodity: 'Au', value: null, unit: 'oz' }] : [],
    cbrrCategory: null,
  });

describe('class totals', () => {
  it('says plainly that a total is partial when a row has no grade (two Indicated rows, 2 469.1 kt)', () => {
    const table = { ...emptyResourceTable('t1'), rows: [row('a', 1234.5, 2.5), row('b', 1234.6, null)] };
    const indicated = resourceTotals(table).indicated;
    expect(indicated.tonnes).toBeCloseTo(2_469_100, 6);
    expect(indicated.contained).toEqual([{ commodity: 'Au', unit: 'oz', value: expect.closeTo(99_225.24, 1), missingRows: 1 }]);
    expect(indicated.grades[0]).toMatchObject({ commodity: 'Au', value: 2.5, missingRows: 1 });
    expect(resourceTotals(table).measuredIndicated.contained[0]!.missingRows).toBe(1);
  });

  it('computes tonnage × grade for a row that states no contained metal, so the total covers every row', () => {
    const table = { ...emptyResourceTable('t1'), rows: [row('a', 1234.5, 2.5), row('b', 1234.6, 2.5, false)] };
    const [au] = resourceTotals(table).indicated.contained;
    expect(au).toEqual({ commodity: 'Au', unit: 'oz', value: expect.closeTo(198_458.5, 0), missingRows: 0 });
    expect(resourceTotals(table).indicated.missingTonnageRows).toBe(0);
    const noTonnage = { ...emptyResourceTable('t2'), rows: [row('a', 1234.5, 2.5), row('c', null, 2.5)] };
    expect(resourceTotals(noTonnage).indicated).toMatchObject({ missingTonnageRows: 1, contained: [{ missingRows: 1 }] });
  });
});

describe('dates in the interface language', () => {
  it('shows and reads dd/mm/aaaa in pt-BR and mm/dd/yyyy in en, refusing impossible dates', async () => {
    const { formatLocaleDate, parseLocaleDate } = await import('../../shared/trs/dates');
    expect(formatLocaleDate('2025-06-30', 'pt-BR')).toBe('30/06/2025');
    expect(formatLocaleDate('2025-06-30', 'en')).toBe('06/30/2025');
    expect(parseLocaleDate('30/06/2025', 'pt-BR')).toBe('2025-06-30');
    expect(parseLocaleDate('3.6.2025', 'pt-BR')).toBe('2025-06-03');
    expect(parseLocaleDate('06/30/2025', 'en')).toBe('2025-06-30');
    expect(parseLocaleDate('2025-06-30', 'pt-BR')).toBe('2025-06-30');
    expect(parseLocaleDate('06/30/2025', 'pt-BR')).toBeUndefined();
    expect(parseLocaleDate('29/02/2025', 'pt-BR')).toBeUndefined();
    expect(parseLocaleDate('29/02/2024', 'pt-BR')).toBe('2024-02-29');
    expect(parseLocaleDate('30/06/25', 'pt-BR')).toBeUndefined();
    expect(parseLocaleDate('  ', 'en')).toBeNull();
  });
});

describe('spell checker languages', () => {
  it('puts the interface language first and asks only for dictionaries the platform has', async () => {
    const { spellCheckerLanguages } = await import('../../main/system/spellcheck-languages');
    expect(spellCheckerLanguages('pt-BR', ['en-US', 'pt-BR', 'de'])).toEqual(['pt-BR', 'en-US']);
    expect(spellCheckerLanguages('en', ['en-US', 'pt-BR'])).toEqual(['en-US', 'pt-BR']);
    expect(spellCheckerLanguages('pt-BR', ['en-US'])).toEqual(['en-US']);
  });
});
