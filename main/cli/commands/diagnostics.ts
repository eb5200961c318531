import path from 'node:path';
import type { Command } from 'commander';
import { allFeatures } from '../../core/features';
import { writeDiagnosticsBundle } from '../../diagnostics/bundle';
import type { CliContext } from '../cli-context';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('diagnostics')
    .description('a zip file for support: logs, versions, settings without secrets, database checks, flag state')
    .requiredOption('--out <file>', 'the zip file to write (e.g. qivo-diagnostics.zip)')
    .action(async (opts: { out: string }) => {
      // Every feature: the bundle carries the flag state as the app sees it. A damaged database
      // moved aside at this start does not stop it: the bundle says so (notices.json).
      const result = await writeDiagnosticsBundle(ctx.core(allFeatures, { continueWhenMovedAside: true }), path.resolve(opts.out));
      ctx.print(result, () => [ctx.t('settings.diagnosticsWritten', { file: result.file ?? '' }), ...result.entries.map((e) => `  ${e}`)].join('\n'));
    });
}
