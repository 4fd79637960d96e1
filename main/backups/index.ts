/**
 * Backups of a workspace file (docs/ARCHITECTURE.md, "Backups"): the container format and its
 * encryption (format.ts), the consistent copy made in a worker thread (create.ts, worker-tasks.ts),
 * reading and listing backups, old and new (catalogue.ts), getting a workspace back out (extract.ts),
 * what is kept (retention.ts), the workspace's identity (identity.ts) and names and folders (files.ts).
 */
export { BackupError, type BackupErrorKind, type BackupInfo, type BackupReason } from './errors';
export { backupsFolderOf, makePrivateFolder, removeStalePrivateFolders } from './files';
export { createBackup, type CreateBackupOptions } from './create';
export { listBackups, readBackupInfo } from './catalogue';
export { extractBackup, type ExtractOptions } from './extract';
export { applyRetention, dailyBackupDue, isFutureDated, lastDailyBackup, type RetentionOptions } from './retention';
export { workspaceIdOf, WORKSPACE_ID_SQL } from './identity';
export { appVersion } from './version';
