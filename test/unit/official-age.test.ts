import { describe, expect, it } from 'vitest';
import { createTranslator } from '../../shared/i18n';
import { ageText } from '../../shared/official/age';

describe('ageText (one wording for the window and the CLI)', () => {
  it('picks seconds, minutes, hours or days at the same bounds, rounded', () => {
    const keys = (key: string, params?: Record<string, unknown>) => `${key.replace('official.age.', '')}=${String(params?.n)}`;
    const ages = [undefined, 119, 120, 7199, 7200, 172_799, 172_800, 400_000];
    expect(ages.map((s) => ageText(keys, s))).toEqual(['seconds=0', 'seconds=119', 'minutes=2', 'minutes=120', 'hours=2', 'hours=48', 'days=2', 'days=5']);
  });

  it('speaks the language of the translator it is given', () => {
    expect(ageText(createTranslator('en'), 40)).toBe('40 s');
    expect(ageText(createTranslator('en'), 720)).toBe('12 min');
    expect(ageText(createTranslator('pt-BR'), 720)).toBe('12 min');
  });
});
