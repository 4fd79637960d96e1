/**
 * The automatic daily backup: while the app runs, the host calls `runAutomaticBackupIfDue` when a
 * workspace opens and every hour. It writes a backup to the workspace's backups folder when none was
 * taken yet today (in the workspace's time zone) and the setting is on, then applies the retention
 * settings. It never throws: it runs from a timer, where a failure can only be logged and tried again
 * at the next tick. This is a backup of the workspace file, not the client's site backup that a
 * rollback plan counts on (runbook-rehearsals.ts); the two are never mixed.
 */
import { backupsFolderOf, dailyBackupDue, lastDailyBackup, listBackups, type BackupInfo } from '../backups/index';
import type { HandlerContext } from '../rpc/context';
import { backupSettings, pruneAutomaticBackups, workspaceIdentity, writeWorkspaceBackup } from './backups';

export type AutomaticBackupResult =
  { ran: false; why: 'off' | 'not-due' | 'failed'; error?: string } | { ran: true; backup: BackupInfo & { durationMs: number }; removed: string[] };

export interface AutomaticBackupOptions {
  /** Backs up even when the setting is off (tests, a host that asks explicitly). */
  force?: boolean;
}

export async function runAutomaticBackupIfDue(ctx: HandlerContext, opts: AutomaticBackupOptions = {}): Promise<AutomaticBackupResult> {
  try {
    const settings = backupSettings(ctx);
    if (!settings.automatic && !opts.force) return { ran: false, why: 'off' };
    const folder = backupsFolderOf(ctx.workspacePath);
    const now = ctx.clock.now();
    // Only this workspace's backups count: the folder may hold another workspace's (a copy renamed, a shared folder).
    const last = lastDailyBackup(listBackups(folder), workspaceIdentity(ctx), now);
    if (!dailyBackupDue(last, now, settings.timeZone)) return { ran: false, why: 'not-due' };
    const backup = await writeWorkspaceBackup(ctx, { folder, reason: 'daily' });
    const removed = pruneAutomaticBackups(ctx, folder, backup.workspaceId);
    ctx.log.info('automatic backup written', { file: backup.file, ms: backup.durationMs, removed: removed.length });
    return { ran: true, backup, removed };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    ctx.log.warn('the automatic backup failed; it is tried again at the next check', { error });
    return { ran: false, why: 'failed', error };
  }
}
