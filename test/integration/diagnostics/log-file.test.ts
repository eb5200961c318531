import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLogger, LOG_DIR, LOG_FILE } from '../../../main/diagnostics/logger';
import { rotatedName } from '../../../main/diagnostics/rotating-file';
import { openCore } from '../../../main/core/core';
import { makeTempDir } from '../../support/temp-dir';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});
function tempDir(): string {
  const t = makeTempDir('qivo-log-');
  cleanups.push(t.cleanup);
  return t.dir;
}

function allForms(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
}

describe('the rotating log in the data folder', () => {
  it('caps each file, keeps the newest files only, and ends with the last line written', () => {
    const dir = tempDir();
    const log = createFileLogger({ dataDir: dir, shell: 'cli', secrets: () => [], maxBytes: 4096, keep: 3 });
    for (let i = 0; i < 400; i++) log.info(`line ${i} ${'x'.repeat(40)}`);
    log.close();
    const files = log.files();
    const live = path.join(dir, LOG_DIR, LOG_FILE);
    expect(files).toEqual([live, rotatedName(live, 1), rotatedName(live, 2)]);
    expect(fs.readdirSync(path.join(dir, LOG_DIR)).sort()).toEqual(['qivo.1.log', 'qivo.2.log', 'qivo.log']);
    for (const file of files) expect(fs.statSync(file).size).toBeLessThanOrEqual(4096);
    const lines = (file: string) =>
      fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { msg: string; level: number; time: string; shell: string });
    const newest = lines(live);
    expect(newest.at(-1)!.msg).toMatch(/^line 399 /);
    expect(newest.at(-1)!.shell).toBe('cli');
    // Rotation dropped the oldest lines: what is kept is one unbroken run ending at the last line.
    const kept = [...files]
      .reverse()
      .flatMap(lines)
      .map((l) => Number(/^line (\d+)/.exec(l.msg)![1]));
    expect(kept[0]).toBeGreaterThan(0);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => kept[0]! + i));
  });

  it('follows a rotation done by another process writing to the same folder', () => {
    const dir = tempDir();
    const a = createFileLogger({ dataDir: dir, shell: 'electron', secrets: () => [], maxBytes: 2048, keep: 2 });
    const b = createFileLogger({ dataDir: dir, shell: 'cli', secrets: () => [], maxBytes: 2048, keep: 2 });
    a.info('first from the app');
    for (let i = 0; i < 60; i++) b.info(`cli ${i} ${'y'.repeat(30)}`);
    a.info('after the CLI rotated');
    a.close();
    b.close();
    const live = fs.readFileSync(path.join(dir, LOG_DIR, LOG_FILE), 'utf8');
    expect(live).toContain('after the CLI rotated');
    expect(fs.readdirSync(path.join(dir, LOG_DIR)).sort()).toEqual(['qivo.1.log', 'qivo.log']);
  });

  it('writes no API key, host secret or token, whichever way it arrives', () => {
    const dir = tempDir();
    const apiKey = 'PLANTED-api-key-7Qz9+4f/1c2d';
    const hostSecret = 'hostSecretPLANTEDx0Ab93kd';
    const log = createFileLogger({ dataDir: dir, shell: 'browser-host', secrets: () => [apiKey, hostSecret] });
    log.error('[official] gateway said: invalid key ' + apiKey);
    log.error('[ipc] failed', new Error(`upstream echoed ${encodeURIComponent(apiKey)} and ${JSON.stringify({ k: apiKey })}`));
    log.warn('[host] events', {
      url: `/__qivo/events?secret=${hostSecret}`,
      apiKey: 'unrelated-but-named-key',
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    log.info('[flags] fetch https://flags.example/config?token=tok_PLANTED_123&x=1 with Authorization: Bearer eyPLANTEDjwt.part.sig');
    log.info(`basic ${Buffer.from(apiKey).toString('base64')}`);
    log.close();
    const text = fs.readFileSync(path.join(dir, LOG_DIR, LOG_FILE), 'utf8');
    for (const form of [...allForms(apiKey), ...allForms(hostSecret), 'unrelated-but-named-key', 'abc.def.ghi', 'tok_PLANTED_123', 'eyPLANTEDjwt'])
      expect(text).not.toContain(form);
    expect(text.match(/\[redacted\]/g)!.length).toBeGreaterThanOrEqual(8);
    // The rest of each line stays readable for support.
    expect(text).toContain('gateway said: invalid key');
    expect(text).toContain('"stack"');
  });

  it('is the core’s one logger: a failing event listener lands in the file, scrubbed of the stored key', async () => {
    const dir = tempDir();
    const core = openCore({ dataDir: dir, appVersion: 't', shell: 'cli', env: {} });
    core.secrets.set('official.anm.apiKey', 'PLANTED-stored-key-99');
    core.events.on('reports.changed', () => {
      throw new Error('listener broke with PLANTED-stored-key-99 inside');
    });
    core.events.emit('reports.changed', { id: 'r1' });
    await core.close();
    const text = fs.readFileSync(path.join(dir, LOG_DIR, LOG_FILE), 'utf8');
    expect(text).toContain('[events] listener failed');
    expect(text).toContain('listener broke with [redacted] inside');
    expect(text).not.toContain('PLANTED-stored-key-99');
  });

  it('makes no file and loads nothing until something is logged', async () => {
    const dir = tempDir();
    const core = openCore({ dataDir: dir, appVersion: 't', shell: 'cli', env: {} });
    await core.close();
    expect(fs.existsSync(path.join(dir, LOG_DIR))).toBe(false);
  });
});
