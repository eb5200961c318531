import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, requireBuild } from '../../support/temp-dir';

/** Reads the few keys of electron-builder.yml that name paths (a full YAML parser is not needed for our own file). */
function builderPaths(): { files: string[]; asarUnpack: string[]; icons: string[]; extraResources: string[]; buildResources: string } {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
  const list = (key: string) => {
    const block = new RegExp(`^${key}:\\n((?:\\s+-.*\\n)+)`, 'm').exec(text)?.[1] ?? '';
    // Either quote style (a formatter may change it).
    return [...block.matchAll(/^\s+-\s+(?:from:\s+)?["']?([^"'\n]+?)["']?\s*$/gm)].map((m) => m[1]!);
  };
  return {
    files: list('files'),
    asarUnpack: list('asarUnpack'),
    extraResources: list('extraResources'),
    icons: [...text.matchAll(/^\s+icon:\s+(\S+)/gm)].map((m) => m[1]!),
    buildResources: /buildResources:\s+(\S+)/.exec(text)![1]!,
  };
}

function globMatches(pattern: string): boolean {
  // Enough for our patterns: a literal prefix before the first wildcard must exist.
  const literal = pattern.split('*')[0]!.replace(/\/$/, '');
  if (literal === '') return true;
  return fs.existsSync(path.join(REPO_ROOT, literal));
}

describe('build output and packaging configuration', () => {
  it('every path electron-builder.yml names exists after a build', () => {
    requireBuild();
    const cfg = builderPaths();
    const missing = [...cfg.files.filter((f) => !f.startsWith('!')), ...cfg.icons, ...cfg.extraResources, cfg.buildResources].filter((p) => !globMatches(p));
    expect(missing).toEqual([]);
    expect(cfg.asarUnpack).toContain('**/*.node');
    expect(fs.existsSync(path.join(REPO_ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
  });

  it('package.json main, bin and the preload the window loads are built', () => {
    requireBuild();
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string; bin: Record<string, string> };
    expect(fs.existsSync(path.join(REPO_ROOT, pkg.main))).toBe(true);
    expect(fs.existsSync(path.join(REPO_ROOT, pkg.bin.qivo!))).toBe(true);
    expect(fs.existsSync(path.join(REPO_ROOT, 'out/main/preload.cjs'))).toBe(true);
    expect(fs.readFileSync(path.join(REPO_ROOT, pkg.bin.qivo!), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
  });

  it('the sandboxed preload is one file that requires nothing but electron', () => {
    requireBuild();
    const preload = fs.readFileSync(path.join(REPO_ROOT, 'out/main/preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });

  it('the fuses of the packaged app are set as the security checklist asks', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    for (const line of [
      'runAsNode: false',
      'enableNodeOptionsEnvironmentVariable: false',
      'enableNodeCliInspectArguments: false',
      'onlyLoadAppFromAsar: true',
      'enableEmbeddedAsarIntegrityValidation: true',
      'grantFileProtocolExtraPrivileges: false',
    ]) {
      expect(text).toContain(line);
    }
  });
});

describe('the Electron main bundle', () => {
  it('requires at run time only Electron, Node built-ins and packages listed in dependencies (so electron-builder packs them)', async () => {
    requireBuild();
    const { builtinModules } = await import('node:module');
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const bundle = fs.readFileSync(path.join(REPO_ROOT, 'out/main/electron-main.cjs'), 'utf8');
    const names = new Set(
      [...bundle.matchAll(/require\("([^"]+)"\)/g)]
        .map((m) => m[1]!)
        .filter((id) => !id.startsWith('node:'))
        .map((id) => (id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]!)),
    );
    // ajv (bundled with electron-store) carries require("ajv/…") inside the source it generates, not as imports.
    const missing = [...names].filter((n) => n !== 'electron' && n !== 'ajv' && n !== 'ajv-formats' && !builtinModules.includes(n) && !(n in pkg.dependencies));
    expect(missing).toEqual([]);
  });
});
