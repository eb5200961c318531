import type { Command } from 'commander';
import type { CliContext } from '../cli-context';
import * as db from './db';
import * as metrics from './metrics';
import * as official from './official';
import * as edgar from './edgar';
import * as krci from './krci';
import * as exportsCommands from './exports';
import * as flags from './flags';
import * as reports from './reports';
import * as trs from './trs';
import * as update from './update';

export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

/** Every command group of `qivo`; a feature adds its module with one line. */
export const commandModules: CommandModule[] = [reports, db, flags, edgar, metrics, trs, exportsCommands, krci, official, update];
