import path from 'node:path';
import type { Command } from 'commander';
import { QivoError } from '../../shared/errors';
import { createTranslator, LANGUAGES, normalizeLanguage, type Translate } from '../../shared/i18n';
import type { Language } from '../../shared/ipc/system-contract';
import { APP_VERSION } from '../core/app-version';
import type { Core, FeatureModule } from '../core/core';
import { resolveDataDir } from '../core/data-dir';
import { FileSettingsStore } from '../settings/file-settings-store';
import type { SettingsKeptAside } from '../settings/settings-store';
import { LANGUAGE_SETTING } from '../system/language-setting';

export interface GlobalOptions {
  dataDir?: string;
  json?: boolean;
  lang?: string;
  debug?: boolean;
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
}

/** What every command gets: the core on demand, output helpers that honour --json, translation. */
export class CliContext {
  private openedCore: Core | undefined;
  private openedWith: readonly FeatureModule[] | undefined;
  private coreModule: typeof import('../core/core') | undefined;
  private options: GlobalOptions = {};
  private translator: { lang: Language; t: Translate } | undefined;

  constructor(readonly io: CliIo) {}

  /** Called before each action with the merged global + command options. */
  setOptions(options: GlobalOptions): void {
    this.options = options;
    this.translator = undefined;
  }

  get debug(): boolean {
    return Boolean(this.options.debug);
  }

  json(): boolean {
    return Boolean(this.options.json);
  }

  dataDir(): string {
    return resolveDataDir(this.options.dataDir, this.io.env);
  }

  get lang(): Language {
    return this.i18n().lang;
  }

  get t(): Translate {
    return this.i18n().t;
  }

  private i18n(): { lang: Language; t: Translate } {
    if (!this.translator) {
      const explicit = this.options.lang ?? this.io.env.QIVO_LANG;
      let lang: Language;
      const keptAside: SettingsKeptAside[] = [];
      if (explicit) {
        // A plain check rather than the zod schema: zod costs more to load than `qivo --help` may take.
        if (!isLanguage(explicit)) throw new QivoError('cli.badLanguage', `Unknown language "${explicit}"; use pt-BR or en`, { value: explicit });
        lang = explicit;
      } else {
        const store = new FileSettingsStore(this.dataDir());
        store.onKeptAside((aside) => keptAside.push(aside));
        const raw = store.raw(LANGUAGE_SETTING);
        const stored = isLanguage(raw) ? raw : undefined;
        lang = stored ?? (this.io.env.LANG?.toLowerCase().startsWith('pt') ? normalizeLanguage(this.io.env.LANG) : 'en');
      }
      this.translator = { lang, t: createTranslator(lang) };
      // Said once the language is known, in the words the window uses; the core opened later finds no damaged file.
      for (const aside of keptAside) this.reportKeptAside(aside.movedTo);
    }
    return this.translator;
  }

  /**
   * Loads the core's code (SQLite, migrations and what they import) before a command runs; `qivo
   * --help` and `--version` never do. Called by the program once it knows a command will run.
   */
  async loadCore(): Promise<void> {
    this.coreModule ??= await import('../core/core');
  }

  private reportKeptAside(movedTo: string): void {
    this.io.stderr(`${this.t('notices.settingsKeptAside', { movedTo })}\n`);
  }

  /**
   * Opens the same core the app runs, on the chosen data folder. A damaged app database is moved
   * aside by the core; the CLI then stops with a clear message (exit 3) so a script notices, and
   * the next run works on the new database.
   *
   * `features` are the ones the command uses, in start order (see main/core/features.ts): a
   * command that only reads report drafts does not start the flag service, the metrics store or
   * the regulator clients. One run opens one core, so every call must name the same features.
   */
  core(features: readonly FeatureModule[], options: { continueWhenMovedAside?: boolean } = {}): Core {
    if (this.openedCore && !sameFeatures(this.openedWith ?? [], features)) {
      throw new QivoError('internal', 'the core was already opened with other features', { detail: 'CliContext.core called with different features' });
    }
    if (!this.openedCore) {
      if (!this.coreModule) throw new QivoError('internal', 'the core was not loaded', { detail: 'CliContext.loadCore was not awaited' });
      const core = this.coreModule.openCore({ dataDir: this.dataDir(), appVersion: APP_VERSION, shell: 'cli', env: this.io.env, features });
      for (const n of core.notices.filter((m) => m.kind === 'settingsKeptAside')) this.reportKeptAside(n.movedTo ?? '');
      const movedAside = core.notices.filter((n) => n.kind === 'corruptMovedAside');
      // A disposable database (cache, metrics) was replaced by a fresh one: say so and go on.
      for (const n of movedAside.filter((m) => m.database !== 'app')) {
        this.io.stderr(`${this.t(`notices.corruptMovedAside`, { database: n.database, movedTo: n.movedTo ?? '' })}\n`);
      }
      const corrupt = movedAside.find((n) => n.database === 'app');
      // The user's own work is another matter: stop, and name the restore. `qivo diagnostics` goes
      // on: the bundle is for exactly such a folder, and carries the notice.
      if (corrupt && !options.continueWhenMovedAside) {
        void core.close();
        throw new QivoError('storage.corrupt', `The ${corrupt.database} database is damaged; it was moved aside to ${corrupt.movedTo}`, {
          database: corrupt.database,
          file: path.join(this.dataDir(), 'app.db'),
          movedTo: corrupt.movedTo ?? '',
        });
      }
      this.openedCore = core;
      this.openedWith = features;
    }
    return this.openedCore;
  }

  /** Prints `value` as JSON with --json, else the human text (or JSON when none is given). */
  print(value: unknown, human?: string | (() => string)): void {
    if (this.json() || human === undefined) {
      this.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
    } else {
      const text = typeof human === 'function' ? human() : human;
      this.io.stdout(text.endsWith('\n') ? text : `${text}\n`);
    }
  }

  async close(): Promise<void> {
    await this.openedCore?.close();
    this.openedCore = undefined;
  }
}

function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function sameFeatures(a: readonly FeatureModule[], b: readonly FeatureModule[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

export function actionOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}
