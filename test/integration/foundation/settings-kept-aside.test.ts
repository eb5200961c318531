import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openCore } from '../../../main/core/core';
import Conf from 'conf';
import { ConfSettingsStore } from '../../../main/settings/conf-settings-store';
import { FileSettingsStore } from '../../../main/settings/file-settings-store';
import type { SettingsKeptAside } from '../../../main/settings/settings-store';
import { createTranslator } from '../../../shared/i18n';
import { runQivoInProcess } from '../../support/cli';
import { tempDirPerTest } from '../../support/temp-per-test';

const temp = tempDirPerTest();

// Not valid JSON, and not valid UTF-8 either: the bytes kept aside must be these, not a re-encoding.
const DAMAGED = Buffer.concat([Buffer.from('{"app.language": "en", '), Buffer.from([0xff, 0xfe, 0x00, 0x9c]), Buffer.from('\n')]);
const AT = new Date('2026-03-04T05:06:07.089Z');

function writeDamaged(dir: string): string {
  const file = path.join(dir, 'settings.json');
  fs.writeFileSync(file, DAMAGED);
  return file;
}

// The Electron app's store is electron-store, which is conf with Electron's default folder; it
// cannot load outside Electron, so its store is tested on conf with the options it is given.
const STORES = {
  'the file store (CLI, browser host)': (dir: string) => new FileSettingsStore(dir, { now: () => AT }),
  'the electron-store store (desktop app)': (dir: string) =>
    new ConfSettingsStore(
      dir,
      ({ name, ...options }) => new Conf<Record<string, unknown>>({ ...options, configName: name }),
      () => AT,
    ),
};

describe.each(Object.entries(STORES))('a damaged settings file, in %s', (_name, open) => {
  it('is kept aside byte for byte when the store is made, reported, and the defaults apply', () => {
    const dir = temp();
    const file = writeDamaged(dir);
    const store = open(dir);
    const seen: SettingsKeptAside[] = [];
    store.onKeptAside((aside) => seen.push(aside));
    const movedTo = `${file}.invalid-${AT.getTime()}`;
    expect(seen).toEqual([{ movedTo, at: AT.toISOString() }]);
    expect(fs.readFileSync(movedTo).equals(DAMAGED)).toBe(true);
    expect(fs.existsSync(file)).toBe(false);
    expect(store.get('app.language', z.enum(['en', 'pt-BR']), 'pt-BR')).toBe('pt-BR');
    // The store goes on working: a new file, the damaged one untouched beside it.
    store.set('app.language', 'en');
    expect(new FileSettingsStore(dir).get('app.language', z.string(), '')).toBe('en');
    expect(fs.readFileSync(movedTo).equals(DAMAGED)).toBe(true);
    expect(seen).toHaveLength(1);
  });

  it('is also found at a later read, and JSON that is not an object counts as damaged at start', () => {
    const dir = temp();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '[1, 2, 3]\n');
    const store = open(dir);
    const seen: SettingsKeptAside[] = [];
    store.onKeptAside((aside) => seen.push(aside));
    expect(seen.map((s) => path.basename(s.movedTo))).toEqual([`settings.json.invalid-${AT.getTime()}`]);
    expect(fs.readFileSync(seen[0]!.movedTo, 'utf8')).toBe('[1, 2, 3]\n');
    // Damaged while the app runs (a hand edit, a crash of another writer): found at the next read.
    store.set('app.language', 'en');
    fs.writeFileSync(file, '{"app.language": "en",');
    expect(store.get('app.language', z.string(), 'pt-BR')).toBe('pt-BR');
    expect(seen).toHaveLength(2);
    expect(fs.readFileSync(seen[1]!.movedTo, 'utf8')).toBe('{"app.language": "en",');
    // Both kept: the second, found in the same millisecond, did not overwrite the first.
    expect(fs.readFileSync(seen[0]!.movedTo, 'utf8')).toBe('[1, 2, 3]\n');
  });
});

describe('the settings of the CLI and of the desktop app', () => {
  it('are one file: what one writes the other reads, at once', () => {
    const dir = temp();
    const cli = STORES['the file store (CLI, browser host)'](dir);
    const app = STORES['the electron-store store (desktop app)'](dir);
    cli.set('app.language', 'en');
    expect(app.get('app.language', z.string(), '')).toBe('en');
    app.set('flags.url', 'https://flags.example/config');
    expect(cli.get('flags.url', z.string(), '')).toBe('https://flags.example/config');
    expect(app.snapshot()).toEqual(cli.snapshot());
  });
});

describe('a damaged settings file, for the core and the CLI', () => {
  it('becomes a notice of the core (what the window shows)', async () => {
    const dir = temp();
    const file = writeDamaged(dir);
    const core = openCore({ dataDir: dir, appVersion: 't', shell: 'cli', env: {}, now: () => AT });
    try {
      expect(core.notices).toEqual([
        { database: 'settings', kind: 'settingsKeptAside', movedTo: `${file}.invalid-${AT.getTime()}`, at: AT.toISOString(), backupAvailable: false },
      ]);
    } finally {
      await core.close();
    }
  });

  it('is reported by the CLI in the words of the window, once, and the command still runs', async () => {
    // --lang given: the core's store finds the file; language from the locale: the CLI's own read does.
    for (const [lang, env] of [
      ['en', { QIVO_LANG: 'en' }],
      ['pt-BR', { LANG: 'pt_BR.UTF-8' }],
    ] as const) {
      const dir = temp();
      const file = writeDamaged(dir);
      const run = await runQivoInProcess(dir, ['db', 'backups'], env);
      const [aside] = fs.readdirSync(dir).filter((f) => f.startsWith('settings.json.invalid-'));
      const words = createTranslator(lang)('notices.settingsKeptAside', { movedTo: path.join(dir, aside!) });
      expect(run.status).toBe(0);
      expect(run.stderr.split(words)).toHaveLength(2);
      expect(fs.readFileSync(path.join(dir, aside!)).equals(DAMAGED)).toBe(true);
      expect(fs.existsSync(file)).toBe(false);
    }
  });
});
