import path from 'node:path';
import type { Command } from 'commander';
import { openSqliteHandle } from '../../storage/native-binding';
import fs from 'node:fs';
import { QivoError } from '../../../shared/errors';
import { APP_DB_FILE } from '../../core/core';
import { restoreLatestBackup } from '../../storage/backup';
import type { CliContext } from '../cli-context';

/** Backups need only the app database. */
const NO_FEATURES = [] as const;

export function register(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('the app database: backups, restore, integrity');

  db.command('backup')
    .description('back up the app database now (keeps the newest 10)')
    .action(async () => {
      const info = await ctx.core(NO_FEATURES).backupNow();
      ctx.print(info, () => ctx.t('settings.backupCreated', { file: info.file }));
    });

  db.command('backups')
    .description('list the backups of the app database, newest first')
    .action(() => {
      const list = ctx.core(NO_FEATURES).listBackups();
      ctx.print(list, () => (list.length ? list.map((b) => `${b.createdAt}\t${b.bytes}\t${b.file}`).join('\n') : ctx.t('settings.noBackups')));
    });

  db.command('restore')
    .description('replace the app database with its newest backup (the current file is kept aside)')
    .action(() => {
      // Runs without opening the core: a damaged or locked database must not stop the restore.
      const dataDir = ctx.dataDir();
      const restored = restoreLatestBackup(path.join(dataDir, APP_DB_FILE), path.join(dataDir, 'backups'));
      if (!restored) throw new QivoError('storage.noBackup', 'There is no backup to restore.');
      ctx.print({ restoredFrom: restored.file, createdAt: restored.createdAt }, () => ctx.t('reports.cli.restored', { file: restored.file }));
    });

  db.command('check')
    .description('run PRAGMA integrity_check on the app database')
    .action(() => {
      const file = path.join(ctx.dataDir(), APP_DB_FILE);
      if (!fs.existsSync(file)) throw new QivoError('storage.missing', `No app database at ${file}`, { file });
      const handle = openSqliteHandle(file, { readonly: true });
      try {
        const result = handle.pragma('integrity_check', { simple: true });
        ctx.print({ file, integrity: result }, () => `${file}: ${String(result)}`);
        if (result !== 'ok') process.exitCode = 3;
      } finally {
        handle.close();
      }
    });
}
