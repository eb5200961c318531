import { describe, expect, it } from 'vitest';
import { numberFormat } from '../../shared/text/number-format';
import { formatLocaleNumber } from '../../shared/trs/numbers';
import { formatExportNumber } from '../../shared/exports/document/format';
import { formatNumber as krciNumber } from '../../shared/krci/rules/wording-format';

describe('numberFormat (the one maker of number formatters)', () => {
  it('makes one formatter per locale and options, and each caller keeps its own rules', () => {
    expect(numberFormat('pt-BR', { maximumFractionDigits: 2 })).toBe(numberFormat('pt-BR', { maximumFractionDigits: 2 }));
    expect(numberFormat('pt-BR', { maximumFractionDigits: 2 })).not.toBe(numberFormat('en', { maximumFractionDigits: 2 }));
    expect(numberFormat('pt-BR', { maximumFractionDigits: 2 }).format(1234.567)).toBe('1.234,57');
    expect(formatLocaleNumber(1234.5, 'pt-BR', { minimumFractionDigits: 2 })).toBe('1.234,50');
    expect(formatLocaleNumber(Number.NaN, 'en')).toBe('');
    expect(formatExportNumber(-1234.5)).toBe('\u22121,234.5');
    expect(krciNumber(56.789, 'pt-BR', 3)).toBe('56,8');
  });
});
