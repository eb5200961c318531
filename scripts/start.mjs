// `npm start`: launches the Electron app when its binary is installed; on machines where it
// cannot be downloaded, starts the browser host instead, so the real app is usable either way.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = path.join(root, 'node_modules', 'electron');
const pathFile = path.join(pkgDir, 'path.txt');
const binary = fs.existsSync(pathFile) ? path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim()) : undefined;
const forward = process.argv.slice(2);

let child;
if (binary && fs.existsSync(binary)) {
  // The window loads better-sqlite3 built for Electron's ABI from native/electron/ (built once,
  // and again when Electron or better-sqlite3 change); tests and the CLI keep the Node build.
  const rebuilt = spawnSync(process.execPath, [path.join(root, 'scripts/rebuild-electron.mjs')], { cwd: root, stdio: 'inherit' });
  if (rebuilt.status !== 0) process.exit(rebuilt.status ?? 1);
  child = spawn(binary, ['.', ...forward], { cwd: root, stdio: 'inherit' });
} else {
  console.log('Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); starting the browser host instead.');
  console.log('Open the address below in any browser on this computer.');
  child = spawn(process.execPath, [path.join(root, 'out/host/serve.cjs'), ...forward], { cwd: root, stdio: 'inherit' });
}
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
