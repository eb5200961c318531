import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { invalidUtf8Offset, loneSurrogatePath } from '../../shared/text/well-formed';
import { runQivoInProcess } from '../support/cli';
import { makeTempDir } from '../support/temp-dir';

/** Imported files whose text cannot be kept as it is are refused with a clear error; nothing changes. */

const SAMPLE = path.resolve(__dirname, '../../assets/samples/trs-gold-ribeirao-dourado.json');
const temp = makeTempDir('qivo-lossy-');
afterAll(() => temp.cleanup());

describe('well-formed text checks', () => {
  it('find the first invalid UTF-8 byte: truncated, overlong, surrogates, past U+10FFFF, stray continuation', () => {
    const enc = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
    expect(invalidUtf8Offset(enc('Mineração 💎 ok'))).toBe(-1);
    const cases: Array<[number[], number]> = [
      [[0x61, 0xc3], 1],
      [[0x61, 0xc0, 0xaf], 1],
      [[0xe0, 0x80, 0xaf], 0],
      [[0xed, 0xa0, 0x80], 0],
      [[0xf4, 0x90, 0x80, 0x80], 0],
      [[0x61, 0x62, 0x80], 2],
      [[0xff], 0],
    ];
    for (const [bytes, offset] of cases) expect(invalidUtf8Offset(new Uint8Array(bytes)), JSON.stringify(bytes)).toBe(offset);
    // Agrees with the platform's strict decoder on every 2-byte sequence.
    for (let a = 0; a < 256; a++) {
      for (let b = 0; b < 256; b += 7) {
        const bytes = new Uint8Array([a, b]);
        let strictOk = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        } catch {
          strictOk = false;
        }
        expect(invalidUtf8Offset(bytes) === -1).toBe(strictOk);
      }
    }
  });

  it('find a lone surrogate in values and keys, with its path', () => {
    expect(loneSurrogatePath({ a: ['ok', { b: 'x\ud800' }] })).toBe('$.a[1].b');
    expect(loneSurrogatePath({ 'bad\udc00key': 1 })).toBe('$["bad\\udc00key"]');
    expect(loneSurrogatePath({ fine: '💎 \ud83d\udc8e' })).toBeNull();
  });
});

describe('qivo report import', () => {
  it('refuses a file with invalid UTF-8 (e.g. saved as Latin-1), in both languages, and imports nothing', async () => {
    const dataDir = path.join(temp.dir, 'data-utf8');
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const file = path.join(temp.dir, 'latin1.json');
    fs.writeFileSync(file, Buffer.from(text, 'latin1'));
    const offset = invalidUtf8Offset(new Uint8Array(fs.readFileSync(file)));
    expect(offset).toBeGreaterThan(0);
    const en = await runQivoInProcess(dataDir, ['report', 'import', file]);
    expect(en.status).toBe(1);
    expect(en.stderr).toContain(`is not valid UTF-8 text (byte ${offset})`);
    const pt = await runQivoInProcess(dataDir, ['--lang', 'pt-BR', 'report', 'import', file]);
    expect(pt.stderr).toContain(`não é texto UTF-8 válido (byte ${offset})`);
    const list = await runQivoInProcess(dataDir, ['reports', 'list', '--json']);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('refuses a lone surrogate escape with its JSON path', async () => {
    const dataDir = path.join(temp.dir, 'data-surrogate');
    const report = JSON.parse(fs.readFileSync(SAMPLE, 'utf8'));
    report.metadata.title = 'PLACEHOLDER';
    const file = path.join(temp.dir, 'surrogate.json');
    fs.writeFileSync(file, JSON.stringify(report).replace('PLACEHOLDER', 'Mina \\ud800 Azul'));
    const run = await runQivoInProcess(dataDir, ['report', 'import', file]);
    expect(run.status).toBe(1);
    const validate = await runQivoInProcess(dataDir, ['--debug', 'report', 'validate', file]);
    expect(validate.status).toBe(1);
    expect(validate.stdout + validate.stderr).toContain('$.metadata.title');
    expect(validate.stdout + validate.stderr).toContain('lone UTF-16 surrogate');
    expect(JSON.parse((await runQivoInProcess(dataDir, ['reports', 'list', '--json'])).stdout)).toEqual([]);
  });
});
