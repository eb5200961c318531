import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../main/official/http/body';
import { CircuitBreaker } from '../../main/official/http/circuit-breaker';
import { buildUrl, parseRetryAfter } from '../../main/official/http/resilient-http';
import { upstreamError } from '../../main/official/http/upstream-errors';
import { createTranslator, translateError } from '../../shared/i18n';

describe('body decoding', () => {
  const text = '{"SUBS":"MINÉRIO DE FERRO","NOME":"MINERAÇÃO AÇÃO LTDA"}';
  it('keeps UTF-8 (and drops a BOM)', () => {
    expect(decodeBody(Buffer.from(text, 'utf8'), 'application/json')).toEqual({ text, encoding: 'utf-8' });
    expect(decodeBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'application/json').text).toBe(text);
  });
  it('sniffs undeclared Latin-1 instead of mangling it', () => {
    const decoded = decodeBody(iconv.encode(text, 'latin1'), 'application/json');
    expect(decoded).toEqual({ text, encoding: 'windows-1252' });
  });
  it('honours a declared charset', () => {
    expect(decodeBody(iconv.encode(text, 'latin1'), 'application/json; charset=ISO-8859-1').text).toBe(text);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 03:00:10 GMT', Date.parse('2026-11-27T03:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
    expect(parseRetryAfter(undefined, 0)).toBeNull();
  });
});

describe('circuit breaker', () => {
  it('closed → open after the threshold → half-open with one probe → closed or open again', () => {
    let now = 0;
    const breaker = new CircuitBreaker(
      () => ({ failureThreshold: 3, openMs: 1000 }),
      () => now,
    );
    for (let i = 0; i < 2; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.onFailure('httpStatus');
    }
    expect(breaker.current()).toBe('closed');
    breaker.tryAcquire();
    breaker.onFailure('timeout');
    expect(breaker.current()).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now = 1000;
    expect(breaker.current()).toBe('halfOpen');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // one probe at a time
    breaker.onFailure('timeout');
    expect(breaker.current()).toBe('open');
    now = 2000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onSuccess();
    expect(breaker.current()).toBe('closed');
    expect(breaker.consecutiveFailures).toBe(0);
    expect(breaker.lastSuccessAt).toBe(2000);
    expect(breaker.lastErrorCode).toBe('timeout');
  });
  it('a success resets the count of consecutive failures', () => {
    const breaker = new CircuitBreaker(
      () => ({ failureThreshold: 2, openMs: 1000 }),
      () => 0,
    );
    breaker.onFailure('network');
    breaker.onSuccess();
    breaker.onFailure('network');
    expect(breaker.current()).toBe('closed');
  });
});

describe('upstream errors', () => {
  it('are translated in both languages and trim the server text', () => {
    const error = upstreamError('arcgisError', 'ANM', { status: 400, detail: `Invalid query ${'x'.repeat(500)}` });
    expect(error.code).toBe('official.arcgisError');
    expect(String(error.params?.detail).length).toBeLessThanOrEqual(200);
    expect(translateError(createTranslator('pt-BR'), error)).toMatch(/^ANM informou um erro: Invalid query/);
    expect(translateError(createTranslator('en'), upstreamError('timeout', 'SGB'))).toBe(
      'SGB did not answer in time, and there is no earlier copy of this data.',
    );
  });
  it('builds the provenance URL as sent', () => {
    expect(buildUrl('http://h/arcgis/0/query', { where: "UF='MG'", f: 'json' })).toBe('http://h/arcgis/0/query?where=UF%3D%27MG%27&f=json');
  });
});
