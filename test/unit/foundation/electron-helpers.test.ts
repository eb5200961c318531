import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAllowedExternalUrl } from '../../../shared/security/external-links';
import { isTrustedSender } from '../../../main/electron/sender-check';
import { restoreWindowState } from '../../../main/electron/window-state';
import { resolveStaticFile } from '../../../main/host/static-files';
import { defaultUserDataDir, resolveDataDir } from '../../../main/core/data-dir';
import { makeTempDir } from '../../support/temp-dir';

describe('sender check', () => {
  it('accepts only the app origin, top frame', () => {
    expect(isTrustedSender({ url: 'app://qivo/index.html', parent: null })).toBe(true);
    expect(isTrustedSender({ url: 'app://qivo/index.html', parent: {} })).toBe(false);
    expect(isTrustedSender({ url: 'app://evil/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'https://qivo/index.html', parent: null })).toBe(false);
    expect(isTrustedSender({ url: 'file:///etc/passwd', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});

describe('external links', () => {
  it('opens only https links to the allowlisted origins', () => {
    expect(isAllowedExternalUrl('https://www.sec.gov/Archives/edgar/data/1/x.htm')).toBe(true);
    expect(isAllowedExternalUrl('http://www.sec.gov/')).toBe(false);
    expect(isAllowedExternalUrl('https://www.sec.gov.evil.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@www.sec.gov/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
  });
});

describe('window state', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  it('keeps a position that is still on a screen', () => {
    expect(restoreWindowState({ x: 100, y: 100, width: 1000, height: 700, maximized: false }, [display])).toEqual({
      x: 100,
      y: 100,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });
  it('drops a position on a monitor that is gone, keeping the size', () => {
    expect(restoreWindowState({ x: 2500, y: 100, width: 1000, height: 700, maximized: true }, [display])).toEqual({
      width: 1000,
      height: 700,
      maximized: true,
    });
  });
});

describe('static files', () => {
  it('serves files inside the root and nothing outside it', () => {
    const { dir, cleanup } = makeTempDir();
    fs.mkdirSync(path.join(dir, 'root', 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'root', 'index.html'), 'x');
    fs.writeFileSync(path.join(dir, 'root', 'assets', 'a.js'), 'x');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'x');
    const root = path.join(dir, 'root');
    expect(resolveStaticFile(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticFile(root, '/assets/a.js?v=1')).toBe(path.join(root, 'assets', 'a.js'));
    expect(resolveStaticFile(root, '/../secret.txt')).toBeUndefined();
    expect(resolveStaticFile(root, '/%2e%2e/secret.txt')).toBeUndefined();
    expect(resolveStaticFile(root, '/assets/%00.js')).toBeUndefined();
    expect(resolveStaticFile(root, '/%E0%A4%A')).toBeUndefined();
    cleanup();
  });
});

describe('data folder', () => {
  it('prefers --data-dir, then QIVO_DATA_DIR, then the app folder', () => {
    expect(resolveDataDir('/a', { QIVO_DATA_DIR: '/b' })).toBe('/a');
    expect(resolveDataDir(undefined, { QIVO_DATA_DIR: '/b' })).toBe('/b');
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' })).toBe(
      process.platform === 'linux' ? '/cfg/QIVO Workstation' : resolveDataDir(undefined, { XDG_CONFIG_HOME: '/cfg' }),
    );
  });
  it('matches Electron userData locations per platform', () => {
    expect(defaultUserDataDir('linux', {}, '/home/ana')).toBe('/home/ana/.config/QIVO Workstation');
    expect(defaultUserDataDir('darwin', {}, '/Users/ana')).toBe('/Users/ana/Library/Application Support/QIVO Workstation');
    expect(defaultUserDataDir('win32', { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'C:\\Users\\ana')).toContain('QIVO Workstation');
  });
});
