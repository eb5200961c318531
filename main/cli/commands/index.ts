import type { Command } from 'commander';
import type { CliContext } from '../cli-context';

/** What a command module exports: `register` adds its commands to the program. */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

/** One top-level command of `qivo` and the module(s) that implement it. */
export interface CommandGroup {
  /** The first word after `qivo`. */
  name: string;
  /** Shown by `qivo --help`; the same text the module gives the command (a test compares them). */
  description: string;
  /** Loaded only when this command runs (or its own --help is asked for). */
  load: ReadonlyArray<() => Promise<CommandModule>>;
}

/*
 * HOW TO ADD A COMMAND (start-up cost is paid by every run, so read this):
 *
 * Every command group is loaded lazily: `qivo reports list` imports ./reports and nothing else,
 * `qivo --help` imports no command module at all. Add a group with one entry below whose `load`
 * is a dynamic `import()` of your module — NEVER a static `import … from './yours'` in this file
 * or in cli-context.ts/program.ts, which would put your module's whole dependency graph (pdfkit,
 * axios, turf, zod schemas…) into the start-up of every command. A module that adds subcommands to
 * an existing group (e.g. `qivo report …`) adds its loader to that group's `load` list. Inside your
 * module, import heavy libraries used by one command only with `await import()` in that action,
 * and open the core with the features your commands use: `ctx.core([reportsFeature])`, or
 * `ctx.core(allFeatures)` when they need the flag gate, metrics or the regulator cache (the core
 * then starts every feature, as the app does).
 * test/integration/cli-lazy-loading.test.ts checks which packages `qivo --help` and
 * `qivo reports list` load, and that each description here matches the module's.
 */
export const commandGroups: readonly CommandGroup[] = [
  { name: 'reports', description: 'report drafts stored in the app database', load: [() => import('./reports')] },
  { name: 'db', description: 'the app database: backups, restore, integrity', load: [() => import('./db')] },
  { name: 'flags', description: 'staged rollout: sign, verify, evaluate and serve flag configurations', load: [() => import('./flags')] },
  { name: 'edgar', description: 'EDGAR (SEC) filing helpers', load: [() => import('./edgar')] },
  {
    name: 'metrics',
    description: 'local metrics of this workstation: export for IT, push to a Prometheus Pushgateway',
    load: [() => import('./metrics')],
  },
  {
    name: 'report',
    description: 'work with Technical Report Summary files (S-K 1300)',
    load: [() => import('./trs'), () => import('./exports'), () => import('./krci'), () => import('./report-facts')],
  },
  {
    name: 'official',
    description: 'official data: ANM SIGMINE, SGB GeoSGB, IBAMA embargoes and SISLIC, ANP GISHUB (cached, works offline)',
    load: [() => import('./official')],
  },
  { name: 'update', description: "the app's own staged updates (signed feed)", load: [() => import('./update')] },
  {
    name: 'diagnostics',
    description: 'a zip file for support: logs, versions, settings without secrets, database checks, flag state',
    load: [() => import('./diagnostics')],
  },
];
