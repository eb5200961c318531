import { Command, CommanderError } from 'commander';
import { QivoError } from '../../shared/errors';
import { createTranslator, translateError } from '../../shared/i18n';
import { APP_VERSION } from '../core/app-version';
import { actionOptions, CliContext, type CliIo } from './cli-context';
import { commandGroups } from './commands';
import { redactError, secretValues } from '../security/redact';
import { FileSecretStore } from '../settings/secret-store';

/** The secrets of the data folder in use, to scrub from what the CLI prints. */
function knownSecrets(ctx: CliContext): string[] {
  try {
    return secretValues(new FileSecretStore(ctx.dataDir()));
  } catch {
    return [];
  }
}

/** Exit codes: 0 ok, 1 error, 2 policy failure (e.g. critical compliance finding), 3 storage damaged. */
export const EXIT = { ok: 0, error: 1, policy: 2, storage: 3, usage: 64 } as const;

/** Global options that take a value: the word after them is not a command. */
const GLOBAL_OPTIONS_WITH_VALUE = new Set(['--data-dir', '--lang']);

/** The top-level command `argv` asks for (`qivo help X` asks for X), if any. */
export function requestedCommand(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (GLOBAL_OPTIONS_WITH_VALUE.has(word)) {
      i++;
      continue;
    }
    if (word === '--') return argv[i + 1];
    if (word.startsWith('-')) continue;
    if (word === 'help') return argv.slice(i + 1).find((w) => !w.startsWith('-'));
    return word;
  }
  return undefined;
}

/**
 * Builds the program with only the command group `argv` runs loaded (see commands/index.ts); the
 * others are registered by name and description so `qivo --help` lists them and commander can
 * suggest them for a typo.
 */
export async function buildProgram(ctx: CliContext, argv: readonly string[]): Promise<Command> {
  const program = new Command();
  program
    .name('qivo')
    .description('QIVO Compliance Workstation — the command line on the same core as the app')
    .version(APP_VERSION, '-v, --version', 'print the version')
    .option('--data-dir <dir>', "data folder (default: $QIVO_DATA_DIR, else the app's own user-data folder)")
    .option('--json', 'machine-readable JSON output')
    .option('--lang <lang>', 'language of messages: pt-BR or en')
    .option('--debug', 'print stack traces of errors')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) });
  program.hook('preAction', (_root, action) => ctx.setOptions(actionOptions(action)));
  const wanted = requestedCommand(argv);
  for (const group of commandGroups) {
    if (group.name === wanted) {
      for (const load of group.load) (await load()).register(program, ctx);
      await ctx.loadCore();
    } else {
      program.command(group.name).description(group.description);
    }
  }
  // Subcommands inherit exit override and output, so `qivo reports --bogus` also exits cleanly.
  const configure = (cmd: Command) => {
    cmd.exitOverride().configureOutput({ writeOut: (s) => ctx.io.stdout(s), writeErr: (s) => ctx.io.stderr(s) });
    cmd.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting so tests can run it in-process. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const ctx = new CliContext(io);
  try {
    const program = await buildProgram(ctx, argv);
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (caught) {
    if (caught instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed by commander.
      return caught.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const error = redactError(caught, knownSecrets(ctx));
    const debug = ctx.debug || argv.includes('--debug');
    let t = createTranslator('en');
    try {
      t = ctx.t;
    } catch {
      /* the language itself was the bad input; English it is */
    }
    if (error instanceof QivoError) {
      io.stderr(`${t('cli.errorPrefix', { defaultValue: 'Error' })}: ${translateError(t, error)}\n`);
      if (debug) {
        for (const line of error.details ?? []) io.stderr(`  ${line}\n`);
        io.stderr(`${error.stack ?? ''}\n`);
      }
      if (error.code === 'storage.corrupt') return EXIT.storage;
      if (error.code === 'cli.policy') return EXIT.policy;
      return EXIT.error;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`${t('cli.errorPrefix', { defaultValue: 'Error' })}: ${message}\n`);
    if (debug && error instanceof Error) io.stderr(`${error.stack ?? ''}\n`);
    return EXIT.error;
  } finally {
    await ctx.close();
  }
}
