import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { QivoError } from '../../../shared/errors';
import { formatEdgarViolations, lintEdgarHtml } from '../../../shared/edgar/lint';
import type { CliContext } from '../cli-context';

async function readDocument(file: string): Promise<string> {
  try {
    // latin1 keeps every byte as one character, so a stray UTF-8 byte shows up as non-ASCII
    // exactly where it is, instead of being silently decoded.
    return await readFile(file, 'latin1');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new QivoError('edgar.readFailed', `Cannot read ${file} (${code})`, { file, reason: code });
  }
}

/**
 * `qivo edgar lint FILE.htm [--json]`: exit 0 when the file passes the EDGAR HTML rules;
 * otherwise every violation with its line on stdout, a summary on stderr and exit 1.
 */
export function register(program: Command, ctx: CliContext): void {
  const edgar = program.command('edgar').description('EDGAR (SEC) filing helpers');
  edgar
    .command('lint')
    .description('check an HTML exhibit against the EDGAR HTML subset (EFM Vol. II 5.2)')
    .argument('<file>', 'the .htm file')
    .action(async (file: string) => {
      const html = await readDocument(file);
      const fileName = path.basename(file);
      const result = lintEdgarHtml(html, { fileName });
      ctx.print({ file: fileName, ...result }, () =>
        result.ok ? ctx.t('exports.lint.clean', { file: fileName }) : formatEdgarViolations(result.violations, fileName).join('\n'),
      );
      if (!result.ok) {
        throw new QivoError('edgar.lintFailed', `${fileName} breaks the EDGAR HTML rules (${result.violations.length} violations)`, {
          file: fileName,
          count: result.violations.length,
        });
      }
    });
}
