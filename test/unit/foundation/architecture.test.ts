import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/temp-dir';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) out.push(full);
  }
  return out;
}

function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs: string[] = [];
  const patterns = [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g, /^\s*import\s+['"]([^'"]+)['"]/gm];
  for (const re of patterns) for (const m of text.matchAll(re)) specs.push(m[1]!);
  return specs;
}

const NODE_BUILTINS = new Set(
  ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'http', 'http2', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'string_decoder', 'timers', 'tls', 'tty', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib', 'perf_hooks', 'module', 'async_hooks'],
);
const rel = (file: string) => path.relative(REPO_ROOT, file);

describe('layering', () => {
  it('shared/ imports no Electron, no Node built-in, no native or Node-only package', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(REPO_ROOT, 'shared'))) {
      for (const spec of imports(file)) {
        const bare = spec.replace(/^node:/, '').split('/')[0]!;
        if (spec.startsWith('node:') || NODE_BUILTINS.has(bare) || ['electron', 'better-sqlite3', 'axios', 'electron-store', 'react', 'react-dom'].includes(bare)) {
          offenders.push(`${rel(file)} imports ${spec}`);
        }
        if (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(REPO_ROOT, 'main'))) offenders.push(`${rel(file)} imports main/ (${spec})`);
        if (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(REPO_ROOT, 'renderer'))) offenders.push(`${rel(file)} imports renderer/ (${spec})`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('shared/ typechecks without DOM and Node types (npm run typecheck runs shared/tsconfig.json)', () => {
    const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'shared/tsconfig.json'), 'utf8')) as { compilerOptions: { lib: string[]; types: string[] } };
    expect(config.compilerOptions.lib.some((l) => /dom/i.test(l))).toBe(false);
    expect(config.compilerOptions.types).toEqual([]);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.typecheck).toContain('shared/tsconfig.json');
  });

  it('renderer/ never imports main/ nor Node or Electron', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(REPO_ROOT, 'renderer'))) {
      for (const spec of imports(file)) {
        if (spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(REPO_ROOT, 'main') + path.sep)) offenders.push(`${rel(file)} imports ${spec}`);
        const bare = spec.replace(/^node:/, '').split('/')[0]!;
        if (spec.startsWith('node:') || NODE_BUILTINS.has(bare) || bare === 'electron' || bare === 'better-sqlite3') offenders.push(`${rel(file)} imports ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('only main/electron/ imports electron, so the core runs under plain Node', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(path.join(REPO_ROOT, 'main'))) {
      if (file.startsWith(path.join(REPO_ROOT, 'main', 'electron') + path.sep)) continue;
      if (imports(file).some((s) => s === 'electron' || s.startsWith('electron/') || s === 'electron-store')) offenders.push(rel(file));
    }
    expect(offenders).toEqual([]);
  });

  it('nothing in main/ weakens the Electron security defaults', () => {
    const offenders: string[] = [];
    const weak = [/sandbox\s*:\s*false/, /contextIsolation\s*:\s*false/, /nodeIntegration\s*:\s*true/, /webSecurity\s*:\s*false/, /allowRunningInsecureContent\s*:\s*true/, /loadFile\s*\(/, /file:\/\//];
    for (const file of sourceFiles(path.join(REPO_ROOT, 'main'))) {
      // Comments may name what is forbidden; code may not.
      const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
      for (const re of weak) if (re.test(text)) offenders.push(`${rel(file)}: ${re.source}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the Electron window keeps contextIsolation, sandbox and no nodeIntegration explicitly', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'main/electron/main.ts'), 'utf8');
    expect(text).toMatch(/contextIsolation:\s*true/);
    expect(text).toMatch(/sandbox:\s*true/);
    expect(text).toMatch(/nodeIntegration:\s*false/);
    expect(text).toMatch(/requestSingleInstanceLock\(\)/);
  });
});
