import type { Command } from 'commander';

/**
 * `qivo report …` (singular): commands that work on a canonical TRS JSON file or a stored report
 * (new, validate, import, export-json, check, rules, export). Several features add subcommands to
 * this one group; each gets it from here.
 */
export function reportCommand(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'report');
  if (existing) return existing;
  return program.command('report').description('work with Technical Report Summary files (S-K 1300)');
}
