import fs from 'node:fs';
import path from 'node:path';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script of the release pipeline, without type declarations
import { checkFuses, compareFuses, expectedFuses, FuseState, packagedBinaries } from '../../scripts/check-fuses.mjs';
import { makeTempDir, REPO_ROOT } from '../support/temp-dir';

type Check = (targets: string[], yml: string) => Promise<Array<{ target: string; problems: string[] }>>;
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const builderYml = fs.readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');

/** A stand-in Electron binary: bytes around the fuse sentinel, V1 wire of 8 fuses, all as Electron ships them (on). */
function fakeElectron(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    Buffer.concat([
      Buffer.alloc(4096, 0x90),
      Buffer.from(SENTINEL),
      Buffer.from([1, 8]),
      Buffer.alloc(8, (FuseState as { ENABLE: number }).ENABLE),
      Buffer.alloc(4096, 0x90),
    ]),
  );
  fs.chmodSync(file, 0o755);
}

describe('reading the fuses back from a packaged app', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    tmp = makeTempDir('qivo-fuses-');
  });
  afterEach(() => tmp.cleanup());

  it('maps every electronFuses key of electron-builder.yml to a fuse', () => {
    const expected = (expectedFuses as (y: string) => Array<{ key: string; index: number; enabled: boolean }>)(builderYml);
    expect(expected.find((f) => f.key === 'runAsNode')).toEqual({ key: 'runAsNode', index: FuseV1Options.RunAsNode, enabled: false });
    expect(expected).toHaveLength(8);
    expect(() => (expectedFuses as (y: string) => unknown)('electronFuses:\n  runAsNod: false\n')).toThrow(/unknown fuse runAsNod/);
  });

  it('passes a binary flipped as electron-builder.yml asks, and names each fuse that is wrong otherwise', async () => {
    const good = path.join(tmp.dir, 'dist', 'linux-unpacked', 'qivo-workstation');
    fakeElectron(good);
    fs.writeFileSync(path.join(tmp.dir, 'dist', 'linux-unpacked', 'chrome-sandbox'), 'x', { mode: 0o755 });
    const wanted = (expectedFuses as (y: string) => Array<{ index: number; enabled: boolean }>)(builderYml);
    await flipFuses(good, { version: FuseVersion.V1, ...Object.fromEntries(wanted.map((f) => [f.index, f.enabled])) });
    const unflipped = path.join(tmp.dir, 'dist', 'win-unpacked', 'QIVO Compliance Workstation.exe');
    fakeElectron(unflipped);

    expect((packagedBinaries as (d: string) => string[])(path.join(tmp.dir, 'dist')).sort()).toEqual([good, unflipped].sort());
    const results = await (checkFuses as Check)([good, unflipped], builderYml);
    expect(results[0]!.problems).toEqual([]);
    expect(results[1]!.problems).toEqual(
      expect.arrayContaining(['runAsNode: enabled, expected disabled', 'enableNodeOptionsEnvironmentVariable: enabled, expected disabled']),
    );
  });

  it('reports a fuse the Electron binary removed', () => {
    const wire = { version: '1', [FuseV1Options.RunAsNode]: (FuseState as { REMOVED: number }).REMOVED };
    expect((compareFuses as (e: unknown, w: unknown) => string[])([{ key: 'runAsNode', index: 0, enabled: false }], wire)).toEqual([
      'runAsNode: removed from this Electron (update electron-builder.yml)',
    ]);
  });
});
