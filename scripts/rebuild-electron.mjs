// Builds better-sqlite3 for Electron's module ABI into native/electron/, leaving the Node build in
// node_modules untouched, so `npm test` and the `qivo` CLI (plain Node) and the Electron window
// (`npm start`) each load a binary made for them. The Electron main points better-sqlite3 at this
// file with its `nativeBinding` option (main/storage/native-binding.ts). Packaged apps do not use it:
// electron-builder rebuilds node_modules for Electron inside the package (npmRebuild).
//
// Needs the Electron headers, so a machine with internet (or a headers mirror: npm_config_disturl).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'native', 'electron');
const infoFile = path.join(target, 'build-info.json');
const binary = path.join(target, 'better_sqlite3.node');
const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const sqliteVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')).version;
const wanted = { electronVersion, sqliteVersion, arch: process.arch, platform: process.platform };

const force = process.argv.includes('--force');
if (!force && existsSync(binary) && existsSync(infoFile)) {
  const built = JSON.parse(readFileSync(infoFile, 'utf8'));
  if (Object.entries(wanted).every(([k, v]) => built[k] === v)) {
    console.log(`rebuild:electron: ${path.relative(root, binary)} is current (Electron ${electronVersion}, better-sqlite3 ${sqliteVersion}).`);
    process.exit(0);
  }
}

const stage = path.join(target, 'stage');
rmSync(stage, { recursive: true, force: true });
mkdirSync(path.join(stage, 'node_modules'), { recursive: true });
// A private copy of the package (sources and SQLite amalgamation, not the Node build) to rebuild in.
cpSync(path.join(root, 'node_modules', 'better-sqlite3'), path.join(stage, 'node_modules', 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${path.sep}build${path.sep}`) && !src.endsWith(`${path.sep}build`),
});
writeFileSync(
  path.join(stage, 'package.json'),
  JSON.stringify({ name: 'qivo-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }),
);

const { rebuild } = await import('@electron/rebuild');
console.log(`rebuild:electron: building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (${process.platform}-${process.arch})…`);
await rebuild({ buildPath: stage, electronVersion, arch: process.arch, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });
copyFileSync(path.join(stage, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), binary);
writeFileSync(infoFile, `${JSON.stringify({ ...wanted, builtAt: new Date().toISOString() }, null, 2)}\n`);
rmSync(stage, { recursive: true, force: true });
console.log(`rebuild:electron: wrote ${path.relative(root, binary)}`);
