import { z } from 'zod';
import { channel } from './contract-kit';

export const LanguageSchema = z.enum(['pt-BR', 'en']);
export type Language = z.output<typeof LanguageSchema>;

/**
 * A storage problem the user must be told about (a corrupt database moved aside, a restore offered,
 * a damaged settings file kept aside). `database` names the stored file: one of the databases, or
 * the settings file.
 */
export const StorageNoticeSchema = z.object({
  database: z.enum(['app', 'cache', 'metrics', 'settings']),
  kind: z.enum(['corruptMovedAside', 'corruptFound', 'restoredFromBackup', 'settingsKeptAside']),
  movedTo: z.string().optional(),
  at: z.string(),
  backupAvailable: z.boolean(),
});
export type StorageNotice = z.output<typeof StorageNoticeSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
  shell: z.enum(['electron', 'browser-host', 'cli']),
  language: LanguageSchema,
  notices: z.array(StorageNoticeSchema),
});
export type AppInfo = z.output<typeof AppInfoSchema>;

export const BackupInfoSchema = z.object({ file: z.string(), createdAt: z.string(), bytes: z.number() });

export const systemChannels = {
  'system.info': channel({ input: z.object({}).strict().optional(), output: AppInfoSchema }),
  'system.setLanguage': channel({ input: z.object({ language: LanguageSchema }).strict(), output: z.object({ language: LanguageSchema }) }),
  'system.dismissNotice': channel({ input: z.object({ at: z.string().max(64) }).strict(), output: z.object({ remaining: z.number() }) }),
  'system.listBackups': channel({ input: z.object({}).strict().optional(), output: z.array(BackupInfoSchema) }),
  'system.backupNow': channel({ input: z.object({}).strict().optional(), output: BackupInfoSchema }),
  'system.restoreLatestBackup': channel({ input: z.object({}).strict().optional(), output: BackupInfoSchema }),
  'system.openExternal': channel({ input: z.object({ url: z.string().url().max(2048) }).strict(), output: z.object({ opened: z.boolean() }) }),
};

export const systemEvents = {
  'system.notice': StorageNoticeSchema,
};
