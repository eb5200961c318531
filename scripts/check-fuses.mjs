// Reads the fuses back from packaged Electron binaries and compares them with electron-builder.yml's
// `electronFuses`, so a release whose fuses did not flip (a builder upgrade, a signing step that
// rewrote the binary) fails instead of shipping with RunAsNode or NODE_OPTIONS open.
//
//   node scripts/check-fuses.mjs dist            # every packaged app under dist/
//   node scripts/check-fuses.mjs path/to/binary  # one Electron binary (or .app bundle)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';

/** A fuse's byte in the wire (Electron's fuses.json5: '0' off, '1' on, 'r' removed); @electron/fuses does not export them at run time. */
export const FuseState = { DISABLE: 0x30, ENABLE: 0x31, REMOVED: 0x72 };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** electron-builder's `electronFuses` key → the fuse's index in Electron's V1 fuse wire. */
export const FUSE_KEYS = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  loadBrowserProcessSpecificV8Snapshot: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};

/** The fuses electron-builder.yml asks for: [{ key, index, enabled }]. Unknown keys are an error, not ignored. */
export function expectedFuses(builderYml) {
  const fuses = parseYaml(builderYml)?.electronFuses;
  if (!fuses || typeof fuses !== 'object') throw new Error('electron-builder.yml has no electronFuses');
  return Object.entries(fuses).map(([key, enabled]) => {
    if (!(key in FUSE_KEYS)) throw new Error(`electron-builder.yml: unknown fuse ${key}`);
    if (typeof enabled !== 'boolean') throw new Error(`electron-builder.yml: fuse ${key} must be true or false`);
    return { key, index: FUSE_KEYS[key], enabled };
  });
}

/** Differences between what was asked and what the binary's fuse wire holds. */
export function compareFuses(expected, wire) {
  const problems = [];
  for (const { key, index, enabled } of expected) {
    const state = wire[index];
    const want = enabled ? FuseState.ENABLE : FuseState.DISABLE;
    if (state === undefined) problems.push(`${key}: not in this Electron's fuse wire`);
    else if (state === FuseState.REMOVED) problems.push(`${key}: removed from this Electron (update electron-builder.yml)`);
    else if (state !== want) problems.push(`${key}: ${state === FuseState.ENABLE ? 'enabled' : 'disabled'}, expected ${enabled ? 'enabled' : 'disabled'}`);
  }
  return problems;
}

/** The packaged Electron binaries electron-builder leaves under dist/. */
export function packagedBinaries(distDir) {
  const found = [];
  for (const entry of readdirSync(distDir)) {
    const dir = path.join(distDir, entry);
    if (!statSync(dir).isDirectory()) continue;
    if (/^(linux|win)(-[a-z0-9]+)?-unpacked$/.test(entry)) {
      const productName = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).productName;
      for (const file of readdirSync(dir)) {
        const full = path.join(dir, file);
        if (
          statSync(full).isFile() &&
          (file === `${productName}.exe` ||
            (entry.startsWith('linux') &&
              (statSync(full).mode & 0o111) !== 0 &&
              !file.includes('.') &&
              file !== 'chrome-sandbox' &&
              file !== 'chrome_crashpad_handler'))
        ) {
          found.push(full);
        }
      }
    } else if (/^mac/.test(entry)) {
      for (const file of readdirSync(dir)) if (file.endsWith('.app')) found.push(path.join(dir, file));
    }
  }
  return found;
}

export async function checkFuses(targets, builderYml) {
  const expected = expectedFuses(builderYml);
  const results = [];
  for (const target of targets) {
    results.push({ target, problems: compareFuses(expected, await getCurrentFuseWire(target)) });
  }
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = process.argv[2] ?? path.join(root, 'dist');
  if (!existsSync(arg)) {
    console.error(`check-fuses: ${arg} does not exist`);
    process.exit(2);
  }
  const targets = statSync(arg).isDirectory() && !arg.endsWith('.app') ? packagedBinaries(arg) : [arg];
  if (targets.length === 0) {
    console.error(`check-fuses: no packaged Electron app under ${arg}`);
    process.exit(2);
  }
  const results = await checkFuses(targets, readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  let failed = false;
  for (const { target, problems } of results) {
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${path.relative(process.cwd(), target)}`);
    for (const p of problems) console.log(`     ${p}`);
    failed ||= problems.length > 0;
  }
  process.exit(failed ? 1 : 0);
}
