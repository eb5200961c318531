import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/temp-dir';

// The layering and Electron security rules live in eslint.config.mjs and `npm run lint` (part of
// `npm test`) proves the real tree obeys them. These tests prove the rules fire: each lints a
// deliberate violation, as the text of a real file, with the project's own configuration.
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: REPO_ROOT });
});

async function ruleIds(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return result!.messages.map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

async function messages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(REPO_ROOT, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering rules (eslint.config.mjs)', () => {
  it('shared/ may not import a Node built-in, Electron, native or UI packages, main/ or renderer/', { timeout: 120_000 }, async () => {
    const file = 'shared/text/control-chars.ts';
    for (const spec of [
      'node:fs',
      'fs',
      'path',
      'os',
      'crypto',
      'fs/promises',
      'electron',
      'better-sqlite3',
      'axios',
      'react',
      '../../main/core/core',
      '../../renderer/format',
    ]) {
      expect(await ruleIds(file, `import * as x from '${spec}';\nexport const y = x;\n`), spec).toContain('no-restricted-imports');
    }
    // What shared/ may import stays allowed: the rule must not catch `../domain/…` because Node has a `domain` module.
    expect(await ruleIds(file, `import { ReportIdSchema } from '../domain/report-draft';\nexport const y = ReportIdSchema;\n`)).toEqual([]);
  });

  it('renderer/ may not import main/, Node built-ins or Electron', { timeout: 120_000 }, async () => {
    const file = 'renderer/format.ts';
    for (const spec of ['../main/core/dispatcher', 'node:path', 'child_process', 'electron', 'better-sqlite3']) {
      const found = await messages(file, `import * as x from '${spec}';\nexport const y = x;\n`);
      expect(
        found.some((m) => m.startsWith('no-restricted-imports')),
        spec,
      ).toBe(true);
    }
    expect(await ruleIds(file, `import { isChannelName } from '../shared/ipc/contract';\nexport const y = isChannelName;\n`)).toEqual([]);
  });

  it('electron and electron-store are imported only under main/electron/', { timeout: 120_000 }, async () => {
    const code = `import { app } from 'electron';\nexport const y = app;\n`;
    expect(await ruleIds('main/core/core.ts', code)).toContain('no-restricted-imports');
    expect(await ruleIds('main/storage/sqlite.ts', `import Store from 'electron-store';\nexport const y = Store;\n`)).toContain('no-restricted-imports');
    expect(await ruleIds('main/electron/security.ts', code)).toEqual([]);
  });

  it('a promise nobody awaits, or a promise where a callback is expected, is an error', { timeout: 120_000 }, async () => {
    const file = 'main/core/event-bus.ts';
    expect(await ruleIds(file, `async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n`)).toContain(
      '@typescript-eslint/no-floating-promises',
    );
    expect(await ruleIds(file, `async function save(): Promise<void> {}\nexport function run(): void {\n  void save();\n}\n`)).toEqual([]);
    expect(await ruleIds(file, `export function run(list: number[]): void {\n  list.forEach(async (n) => { await Promise.resolve(n); });\n}\n`)).toContain(
      '@typescript-eslint/no-misused-promises',
    );
  });

  it('main/ and shared/ log through the injected logger, never console.*', { timeout: 120_000 }, async () => {
    const code = `export function warn(): void {\n  console.error('x');\n}\n`;
    expect(await ruleIds('main/core/core.ts', code)).toContain('no-console');
    expect(await ruleIds('main/electron/main.ts', code)).toContain('no-console');
    expect(await ruleIds('shared/text/control-chars.ts', code)).toContain('no-console');
    expect(await ruleIds('main/core/core.ts', `export function warn(log: { error(m: string): void }): void {\n  log.error('x');\n}\n`)).toEqual([]);
  });
});

describe('Electron security defaults', () => {
  it('a window option weakening them, loadFile or a file:// URL in main/ is a lint error', { timeout: 120_000 }, async () => {
    const file = 'main/electron/main.ts';
    for (const option of ['sandbox: false', 'contextIsolation: false', 'nodeIntegration: true', 'webSecurity: false', 'allowRunningInsecureContent: true']) {
      expect(await ruleIds(file, `export const webPreferences = { ${option} };\n`), option).toContain('no-restricted-syntax');
    }
    expect(await ruleIds(file, `export const webPreferences = { sandbox: true, contextIsolation: true, nodeIntegration: false };\n`)).toEqual([]);
    expect(await ruleIds(file, `export function load(w: { loadFile(p: string): void }): void {\n  w.loadFile('index.html');\n}\n`)).toContain(
      'no-restricted-syntax',
    );
    expect(await ruleIds(file, `export const page = 'file:///tmp/index.html';\n`)).toContain('no-restricted-syntax');
    expect(await ruleIds(file, `export const page = \`file://\${'x'}\`;\n`)).toContain('no-restricted-syntax');
  });

  it('the Electron window keeps contextIsolation, sandbox and no nodeIntegration explicitly', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'main/electron/main.ts'), 'utf8');
    expect(text).toMatch(/contextIsolation:\s*true/);
    expect(text).toMatch(/sandbox:\s*true/);
    expect(text).toMatch(/nodeIntegration:\s*false/);
    expect(text).toMatch(/requestSingleInstanceLock\(\)/);
  });

  it('shared/ typechecks without DOM and Node types (npm run typecheck runs shared/tsconfig.json)', () => {
    const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'shared/tsconfig.json'), 'utf8')) as { compilerOptions: { lib: string[]; types: string[] } };
    expect(config.compilerOptions.lib.some((l) => /dom/i.test(l))).toBe(false);
    expect(config.compilerOptions.types).toEqual([]);
  });

  it('npm test runs the lint with no warnings allowed', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.typecheck).toContain('shared/tsconfig.json');
    expect(pkg.scripts.lint).toBe('eslint . --max-warnings 0');
    expect(pkg.scripts.test).toContain('npm run lint');
  });
});
