import { spawn } from 'node:child_process';
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FlagdCore } from '@openfeature/flagd-core';
import axios from 'axios';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileConfig, evaluateFlag } from '../../../shared/flags/evaluate';
import { FlagConfigSchema } from '../../../shared/flags/config-schema';
import { runQivo } from '../../support/cli';
import { CLI_BIN, REPO_ROOT, requireBuild } from '../../support/temp-dir';
import { tempDirPerTest } from '../../support/temp-per-test';
import { sampleConfigInput } from '../../unit/flags/flags-fixtures';

const tempDir = tempDirPerTest('qivo-flags-cli-');
beforeAll(() => requireBuild());

/** keygen + a config file + sign; returns the paths. */
function signedSetup(dir: string, config: object = sampleConfigInput()) {
  const keygen = runQivo(['flags', 'keygen', '--out', dir, '--name', 'it-2026', '--json'], { QIVO_DATA_DIR: dir });
  expect(keygen.status, keygen.stderr).toBe(0);
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const signed = path.join(dir, 'config.signed.json');
  const sign = runQivo(
    [
      'flags',
      'sign',
      configFile,
      '--key',
      path.join(dir, 'it-2026.private.pem'),
      '--out',
      signed,
      '--environment',
      (config as { environment: string }).environment,
    ],
    { QIVO_DATA_DIR: dir },
  );
  expect(sign.status, sign.stderr).toBe(0);
  return { configFile, signed, pub: path.join(dir, 'it-2026.pem'), priv: path.join(dir, 'it-2026.private.pem') };
}

// Each run is a real process; on a loaded CI machine one takes seconds.
describe('qivo flags (IT command line)', { timeout: 180_000 }, () => {
  it('keygen writes a private (0600) and a public PEM, and refuses to overwrite', () => {
    const dir = tempDir();
    const r = runQivo(['flags', 'keygen', '--out', dir, '--name', 'it-2026', '--json'], { QIVO_DATA_DIR: dir });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ keyId: 'it-2026' });
    expect(readFileSync(path.join(dir, 'it-2026.private.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    expect(readFileSync(path.join(dir, 'it-2026.pem'), 'utf8')).toContain('BEGIN PUBLIC KEY');
    expect(statSync(path.join(dir, 'it-2026.private.pem')).mode & 0o077).toBe(0);
    const again = runQivo(['flags', 'keygen', '--out', dir, '--name', 'it-2026'], { QIVO_DATA_DIR: dir });
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('sign + verify: exit 0 when valid; non-zero with the reason when tampered, unsigned, or checked with another key', () => {
    const dir = tempDir();
    const { signed, pub, configFile } = signedSetup(dir);
    const ok = runQivo(['flags', 'verify', signed, '--pub', pub, '--at', '2026-12-01T00:00:00Z', '--json'], { QIVO_DATA_DIR: dir });
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, keyId: 'it-2026', version: 7 });

    const env = JSON.parse(readFileSync(signed, 'utf8'));
    const doc = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8'));
    doc.flags.OFFICIAL_INTEGRATIONS.rolloutPercentage = 100;
    env.payload = Buffer.from(JSON.stringify(doc, null, 2)).toString('base64');
    const tamperedFile = path.join(dir, 'tampered.json');
    writeFileSync(tamperedFile, JSON.stringify(env));
    const bad = runQivo(['flags', 'verify', tamperedFile, '--pub', pub, '--at', '2026-12-01T00:00:00Z'], { QIVO_DATA_DIR: dir });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/signature does not match/);

    expect(runQivo(['flags', 'verify', configFile, '--pub', pub], { QIVO_DATA_DIR: dir }).stderr).toMatch(/not signed/);
    const expired = runQivo(['flags', 'verify', signed, '--pub', pub, '--at', '2030-01-01T00:00:00Z'], { QIVO_DATA_DIR: dir });
    expect(expired.status).not.toBe(0);
    expect(expired.stderr).toMatch(/expired/);
    // Without --pub the shipped trusted keys are used: this IT key is not among them.
    const unknown = runQivo(['flags', 'verify', signed], { QIVO_DATA_DIR: dir });
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/does not trust/);
    // pt-BR users get the reason in Portuguese.
    expect(runQivo(['flags', 'verify', tamperedFile, '--pub', pub, '--lang', 'pt-BR'], { QIVO_DATA_DIR: dir }).stderr).toMatch(/assinatura não confere/);
  });

  it('refuses to sign a schema-invalid configuration, with the field', () => {
    const dir = tempDir();
    runQivo(['flags', 'keygen', '--out', dir, '--name', 'k'], { QIVO_DATA_DIR: dir });
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...sampleConfigInput(), pollSeconds: 'often' }));
    const r = runQivo(['flags', 'sign', bad, '--key', path.join(dir, 'k.private.pem'), '--out', path.join(dir, 'out.json'), '--environment', 'test'], {
      QIVO_DATA_DIR: dir,
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/pollSeconds/);
  });

  it('bad input files get a clear reason and a non-zero exit: malformed JSON, an HTML page, a 100 MB file', () => {
    const dir = tempDir();
    const malformed = path.join(dir, 'malformed.json');
    writeFileSync(malformed, '{"format": "qivo.flags.signed/1", ');
    const html = path.join(dir, 'page.json');
    writeFileSync(html, '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>');
    const huge = path.join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 100 * 1024 * 1024); // sparse: 100 MB by size, nothing on disk
    const cases: Array<[string, RegExp]> = [
      [malformed, /not valid JSON/],
      [html, /web page arrived/],
      [huge, /larger than 1 MiB/],
    ];
    for (const [file, message] of cases) {
      const r = runQivo(['flags', 'verify', file], { QIVO_DATA_DIR: dir });
      expect(r.status, file).not.toBe(0);
      expect(r.stderr, file).toMatch(message);
    }
  });

  it('verifies the shipped bootstrap with the shipped key', () => {
    const dir = tempDir();
    const r = runQivo(['flags', 'verify', path.join(REPO_ROOT, 'assets/flags/bootstrap.signed.json'), '--json'], { QIVO_DATA_DIR: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ keyId: 'qivo-dev-2026', version: 0 });
  });

  it('eval for one user (signed or not) and for a UTF-8 users file, one JSON line per user', () => {
    const dir = tempDir();
    const { signed, pub, configFile } = signedSetup(dir);
    const one = runQivo(['flags', 'eval', signed, '--user', 'ana@qivo.example', '--pub', pub, '--json'], { QIVO_DATA_DIR: dir });
    expect(one.status, one.stderr).toBe(0);
    const flags = JSON.parse(one.stdout);
    expect(flags.OFFICIAL_INTEGRATIONS).toMatchObject({ value: true, reason: 'TARGETING_MATCH', match: 'allow', configVersion: 7 });
    expect(flags.ADVANCED_ANALYTICS).toMatchObject({ value: false, reason: 'DISABLED' });
    const attrs = runQivo(['flags', 'eval', configFile, '--user', 'x', '--attr', 'role=qa', '--json'], { QIVO_DATA_DIR: dir });
    expect(JSON.parse(attrs.stdout).OFFICIAL_INTEGRATIONS).toMatchObject({ value: true, match: 'rule', ruleIndex: 0 });

    const ids = ['José', 'Conceição', '中文用户', 'ana@qivo.example', 'user-42'];
    const usersFile = path.join(dir, 'users.txt');
    writeFileSync(usersFile, `\uFEFF${ids.join('\r\n')}\n`);
    const many = runQivo(['flags', 'eval', configFile, '--users-file', usersFile, '--json'], { QIVO_DATA_DIR: dir });
    expect(many.status, many.stderr).toBe(0);
    const lines = many.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.user)).toEqual(ids);
    const compiled = compileConfig(FlagConfigSchema.parse(sampleConfigInput()));
    for (const line of lines) {
      expect(line.flags.BRAZILIAN_FIELDS.value).toBe(evaluateFlag(compiled, 'BRAZILIAN_FIELDS', { userId: line.user }, { source: 'bootstrap' }).value);
    }
  });

  it('simulate: the share per flag within ±0.5 % of the target at 100 000 users', () => {
    const dir = tempDir();
    const { configFile } = signedSetup(dir);
    const r = runQivo(['flags', 'simulate', configFile, '--users', '100000', '--json'], { QIVO_DATA_DIR: dir });
    expect(r.status, r.stderr).toBe(0);
    const shares = JSON.parse(r.stdout) as Record<string, { share: number; target: number; users: number }>;
    expect(shares.OFFICIAL_INTEGRATIONS!.users).toBe(100_000);
    expect(Math.abs(shares.OFFICIAL_INTEGRATIONS!.share - 0.25)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(shares.SEC_SK_1300!.share - 1)).toBe(0);
    expect(shares.ADVANCED_ANALYTICS!.share).toBe(0);
  });

  it('export-flagd: flagd-core evaluating the export agrees with qivo eval', () => {
    const dir = tempDir();
    const { configFile } = signedSetup(dir);
    const r = runQivo(['flags', 'export-flagd', configFile], { QIVO_DATA_DIR: dir });
    expect(r.status, r.stderr).toBe(0);
    const core = new FlagdCore();
    core.setConfigurations(r.stdout);
    const compiled = compileConfig(FlagConfigSchema.parse(sampleConfigInput()));
    for (let i = 0; i < 2000; i++) {
      const userId = `user-${i}@org.example`;
      for (const flag of ['OFFICIAL_INTEGRATIONS', 'BRAZILIAN_FIELDS', 'SEC_SK_1300', 'ADVANCED_ANALYTICS']) {
        const ours = evaluateFlag(compiled, flag, { userId, attributes: { emailDomain: 'org.example' } }, { source: 'bootstrap' }).value;
        expect(core.resolveBooleanEvaluation(flag, !ours, { targetingKey: userId, emailDomain: 'org.example' }).value).toBe(ours);
      }
    }
  });

  it('export-flagd refuses, in both languages and naming the rule, what flagd would read differently', () => {
    const dir = tempDir();
    const input = sampleConfigInput();
    const flags = {
      ...input.flags,
      SEC_SK_1300: { enabled: true, rolloutPercentage: 5, phase: 'beta' as const, rules: [{ attribute: 'org.unit', op: 'in' as const, values: ['geo'] }] },
    };
    const { configFile } = signedSetup(dir, { ...input, flags });
    const en = runQivo(['flags', 'export-flagd', configFile], { QIVO_DATA_DIR: dir });
    expect(en.status).not.toBe(0);
    expect(en.stdout).toBe('');
    expect(en.stderr).toContain('Not exported to flagd: SEC_SK_1300, rule 1 (attribute "org.unit")');
    const pt = runQivo(['flags', 'export-flagd', configFile, '--lang', 'pt-BR'], { QIVO_DATA_DIR: dir });
    expect(pt.stderr).toContain('Não exportado para o flagd: SEC_SK_1300, regra 1 (atributo "org.unit")');
  });

  it('serve: static hosting with ETag and 304, and a new file is published without restart', async () => {
    const dir = tempDir();
    const { signed } = signedSetup(dir);
    const child = spawn(process.execPath, [CLI_BIN, 'flags', 'serve', signed, '--port', '0', '--json'], {
      cwd: REPO_ROOT,
      env: { ...process.env, QIVO_DATA_DIR: dir },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /"url": "([^"]+)"/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const first = await axios.get(url, { responseType: 'text', validateStatus: () => true });
      expect(first.status).toBe(200);
      expect(first.data).toBe(readFileSync(signed, 'utf8'));
      const etag = first.headers.etag as string;
      expect((await axios.get(url, { headers: { 'If-None-Match': etag }, validateStatus: () => true })).status).toBe(304);
      writeFileSync(signed, readFileSync(signed, 'utf8').replace('"it-2026"', '"it-2027"'));
      const changed = await axios.get(url, { headers: { 'If-None-Match': etag }, validateStatus: () => true });
      expect(changed.status).toBe(200);
      expect(changed.headers.etag).not.toBe(etag);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
