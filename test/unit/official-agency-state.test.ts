import { describe, expect, it } from 'vitest';
import { agencyStates } from '../../shared/official/agency-state';
import type { SourceHealth } from '../../shared/official/records';

const health = (over: Partial<SourceHealth> & Pick<SourceHealth, 'source' | 'agency'>): SourceHealth => ({
  baseUrl: 'http://127.0.0.1:1',
  circuit: 'closed',
  consecutiveFailures: 0,
  lastSuccessAt: null,
  lastErrorAt: null,
  lastErrorCode: null,
  cacheAgeSeconds: null,
  cachedEntries: 0,
  apiKeyConfigured: false,
  ...over,
});

describe('agency state for the status bar', () => {
  it('is failing after one failed call with the circuit still closed, and names the newest copy of any of its services', () => {
    const states = agencyStates([
      health({ source: 'anm', agency: 'ANM', consecutiveFailures: 1, cacheAgeSeconds: 720 }),
      health({ source: 'sgb', agency: 'SGB', lastSuccessAt: '2026-12-02T00:00:00Z' }),
      health({ source: 'ibamaEmbargo', agency: 'IBAMA', lastSuccessAt: '2026-12-02T00:00:00Z', cacheAgeSeconds: 30 }),
      health({ source: 'ibamaSislic', agency: 'IBAMA', circuit: 'open', cacheAgeSeconds: 90 }),
      health({ source: 'anp', agency: 'ANP' }),
    ]);
    expect(states).toEqual([
      { agency: 'ANM', state: 'failing', copyAgeSeconds: 720 },
      { agency: 'SGB', state: 'ok' },
      { agency: 'IBAMA', state: 'failing', copyAgeSeconds: 30 },
      { agency: 'ANP', state: 'unknown' },
    ]);
  });

  it('says when no copy is kept', () => {
    expect(agencyStates([health({ source: 'anp', agency: 'ANP', consecutiveFailures: 2 })])).toEqual([
      { agency: 'ANP', state: 'failing', copyAgeSeconds: null },
    ]);
  });
});
