import { describe, expect, it } from 'vitest';
import { QivoError } from '../../../shared/errors';
import { buildResources, createTranslator, normalizeLanguage, resources, translateError } from '../../../shared/i18n';
import type { MessageTree } from '../../../shared/i18n/message-types';

function keys(tree: MessageTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

describe('translations', () => {
  it('pt-BR and en have exactly the same keys', () => {
    const en = keys(resources.en).sort();
    const pt = keys(resources['pt-BR']).sort();
    expect(pt.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !pt.includes(k))).toEqual([]);
  });

  it('refuses a key defined twice by two features', () => {
    expect(() =>
      buildResources([
        { en: { a: { b: 'x' } }, 'pt-BR': {} },
        { en: { a: { b: 'y' } }, 'pt-BR': {} },
      ]),
    ).toThrow(/duplicate translation key a.b/);
  });

  it('translates errors with their parameters, and falls back to the English message', () => {
    const pt = createTranslator('pt-BR');
    const en = createTranslator('en');
    const notFound = new QivoError('reports.notFound', 'No report draft with id 42', { id: '42' });
    expect(translateError(pt, notFound)).toBe('Nenhum rascunho de relatório com o id 42.');
    expect(translateError(en, notFound)).toBe('No report draft with id 42.');
    expect(translateError(pt, new QivoError('no.such.code', 'Plain English fallback'))).toBe('Plain English fallback');
  });

  it('normalises language tags', () => {
    expect(normalizeLanguage('pt_BR.UTF-8')).toBe('pt-BR');
    expect(normalizeLanguage('en-US')).toBe('en');
    expect(normalizeLanguage(undefined)).toBe('pt-BR');
  });
});
