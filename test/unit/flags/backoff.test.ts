import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemorySettings } from '../../support/memory-settings';
import { FlagService } from '../../../main/flags/flag-service';

/** A port on 127.0.0.1 where nothing listens (connection refused at once). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('polling backoff', () => {
  it('doubles the delay after each failure (with jitter), caps it, and never blocks start-up', async () => {
    const now = new Date('2026-11-27T10:00:00Z');
    const settings = new MemorySettings();
    settings.set('flags.url', `http://127.0.0.1:${await deadPort()}/flags.signed.json`);
    const service = new FlagService({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'qivo-flags-backoff-')),
      assetsDir: path.resolve(__dirname, '../../../assets/flags'),
      settings,
      emit: () => undefined,
      audit: null,
      guardMetrics: () => ({ windowStats: () => ({ calls: 0, successes: 0, errors: 0, timeouts: 0, p95LatencyMs: null, cacheLookups: 0, cacheHits: 0 }) }),
      now: () => now,
      env: {},
      isPackaged: true,
      appVersion: '0.1.0',
      random: () => 0.5, // jitter factor 1.0
    });
    service.start();
    expect(service.configInForce()).toMatchObject({ source: 'bootstrap', version: 0 });
    expect(service.lastFetchAt).toBeNull();
    const delays: number[] = [];
    for (let i = 0; i < 8; i++) {
      await service.refresh();
      expect(service.lastError?.reason).toBe('network');
      delays.push((Date.parse(service.nextFetchAt!) - now.getTime()) / 1000);
    }
    service.stop();
    // pollSeconds of the bootstrap is 60: 120, 240, 480, then the 15-minute cap.
    expect(delays).toEqual([120, 240, 480, 900, 900, 900, 900, 900]);
    expect(service.isEnabled('SEC_SK_1300')).toBe(true);
  });
});
