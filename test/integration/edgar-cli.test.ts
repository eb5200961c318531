import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runQivoInProcess } from '../support/cli';
import { makeTempDir } from '../support/temp-dir';

const FIXTURES = path.join(__dirname, '..', 'unit', 'edgar-fixtures');
const temp = makeTempDir('qivo-edgar-cli-');
afterAll(() => temp.cleanup());

const qivo = (...args: string[]) => runQivoInProcess(temp.dir, args);

describe('qivo edgar lint', () => {
  it('exits 0 on a clean file', async () => {
    const run = await qivo('edgar', 'lint', path.join(FIXTURES, 'clean.htm'));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('clean.htm: no EDGAR HTML violations');
  });

  it('exits non-zero and prints each violation with its line', async () => {
    const file = path.join(temp.dir, 'bad.htm');
    fs.writeFileSync(file, '<html>\n<body>\n<span>x</span>\n<p onclick="x()">y</p>\n<table><tbody><tr><td>z</td></tr></tbody></table>\n</body>\n</html>\n');
    const run = await qivo('edgar', 'lint', file);
    expect(run.status).not.toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual([
      'bad.htm:3:1: unrecognizedElement: <span> is not a recognised EDGAR HTML element',
      'bad.htm:4:4: eventHandlerAttribute: event handler attribute "onclick" on <p> is not allowed',
      'bad.htm:5:8: disallowedElement: <tbody> is not allowed in EDGAR HTML',
    ]);
    expect(run.stderr).toContain('bad.htm breaks the EDGAR HTML rules: 3 violation(s).');
  });

  it('reports raw UTF-8 bytes as non-ASCII and checks the file name', async () => {
    const file = path.join(temp.dir, 'Exhibit 96.htm');
    fs.writeFileSync(file, '<html><body><p>Caf\u00e9</p></body></html>', 'utf8');
    const run = await qivo('--json', 'edgar', 'lint', file);
    expect(run.status).not.toBe(0);
    const result = JSON.parse(run.stdout) as { ok: boolean; violations: { rule: string; line: number }[] };
    expect(result.ok).toBe(false);
    // é is two bytes in UTF-8; each byte is a non-ASCII character to EDGAR.
    expect(result.violations.map((v) => v.rule)).toEqual(['fileName', 'nonAsciiCharacter', 'nonAsciiCharacter']);
  });

  it('gives JSON with --json for a clean file', async () => {
    const run = await qivo('--json', 'edgar', 'lint', path.join(FIXTURES, 'clean.htm'));
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ file: 'clean.htm', ok: true, violations: [] });
  });

  it('fails clearly on a missing file', async () => {
    const run = await qivo('edgar', 'lint', path.join(temp.dir, 'missing.htm'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Cannot read .*missing\.htm \(ENOENT\)/);
  });
});
