/**
 * `backups.list` and `backups.create`: the backups of the open workspace (written and read by
 * main/backups/). None of these reads the workspace through `ctx.db` except for its settings, and those
 * fall back to the defaults, so the recovery screen of a workspace that cannot be opened lists its
 * backups too. The restore steps are in backups-restore.ts, the automatic daily backup in backups-auto.ts.
 */
import { sql } from 'drizzle-orm';
import { defaultMigrationsFolder } from '@db/client';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import {
  appVersion,
  backupsFolderOf,
  createBackup,
  lastDailyBackup,
  listBackups,
  applyRetention,
  BackupError,
  WORKSPACE_ID_SQL,
  type BackupInfo,
} from '../backups/index';
import type { HandlerContext } from '../rpc/context';
import { workspaceRuntime } from '../workers/index';
import { refused, refusedOn } from './errors';
import { getSettings } from './settings';

export interface BackupSettings {
  automatic: boolean;
  keepDaily: number;
  keepWeekly: number;
  timeZone: string;
}

const DEFAULT_BACKUP_SETTINGS = { automatic: true, keepDaily: 14, keepWeekly: 8 };

/**
 * The workspace's backup settings, or the defaults when the workspace cannot be read (the recovery
 * screen: it is damaged, or not open at all), so listing and restoring never depend on it.
 */
export function backupSettings(ctx: HandlerContext): BackupSettings {
  try {
    const s = getSettings({ db: ctx.db });
    return { automatic: s.backupAutomatic, keepDaily: s.backupKeepDaily, keepWeekly: s.backupKeepWeekly, timeZone: s.timeZone };
  } catch {
    return { ...DEFAULT_BACKUP_SETTINGS, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' };
  }
}

/**
 * The open workspace's identity (main/backups/identity.ts), or null when it has none yet or its
 * database cannot be read (the recovery screen): then retention removes nothing.
 */
export function workspaceIdentity(ctx: Pick<HandlerContext, 'db'>): string | null {
  try {
    return ctx.db.get<{ id: string } | undefined>(sql.raw(WORKSPACE_ID_SQL))?.id ?? null;
  } catch {
    return null;
  }
}

/** How this program opens SQLite files (Electron's native build) and where its migrations are, as its workers do. */
export function sqliteRuntime(): { nativeBinding?: string; migrationsFolder: string } {
  const workspace = workspaceRuntime();
  return {
    ...(workspace.nativeBinding ? { nativeBinding: workspace.nativeBinding } : {}),
    migrationsFolder: workspace.migrationsFolder ?? defaultMigrationsFolder(),
  };
}

/** Automatic backups are those the app takes by itself; a manual one is never removed by retention. */
export const isAutomatic = (b: Pick<BackupInfo, 'reason'>) => b.reason !== 'manual';

export function listWorkspaceBackups(ctx: HandlerContext): OutputOf<'backups.list'> {
  const folder = backupsFolderOf(ctx.workspacePath);
  const entries = listBackups(folder, ctx.workspacePath);
  const s = backupSettings(ctx);
  return {
    folder,
    entries,
    lastAutomatic: lastDailyBackup(entries, workspaceIdentity(ctx), ctx.clock.now()),
    settings: { automatic: s.automatic, keepDaily: s.keepDaily, keepWeekly: s.keepWeekly },
  };
}

/**
 * The backup being written of each workspace: a second one waits for it (two at once would only compete
 * for the disk), so "Back up now" pressed while the automatic backup runs is written right after it.
 */
const writing = new Map<string, Promise<unknown>>();

export interface WriteBackupOptions {
  folder: string;
  reason: 'manual' | 'daily';
  passphrase?: string;
  /** Reports pages copied as the backup is written. */
  progress?: boolean;
}

/** Writes one backup of the open workspace; BackupError kinds become refusals a user can act on. */
export async function writeWorkspaceBackup(ctx: HandlerContext, opts: WriteBackupOptions): Promise<BackupInfo & { durationMs: number }> {
  const file = ctx.workspacePath;
  const before = writing.get(file);
  const turn = (before ?? Promise.resolve()).catch(() => undefined).then(() => write(ctx, opts));
  writing.set(file, turn);
  try {
    return await turn;
  } finally {
    if (writing.get(file) === turn) writing.delete(file);
  }
}

async function write(ctx: HandlerContext, opts: WriteBackupOptions): Promise<BackupInfo & { durationMs: number }> {
  const file = ctx.workspacePath;
  const started = performance.now();
  try {
    const { nativeBinding } = sqliteRuntime();
    const info = await createBackup(file, {
      folder: opts.folder,
      reason: opts.reason,
      ...(opts.passphrase ? { passphrase: opts.passphrase } : {}),
      now: ctx.clock.now(),
      appVersion: appVersion(),
      schemaVersion: ctx.schemaVersion,
      ...(nativeBinding ? { nativeBinding } : {}),
      ...(opts.progress && ctx.emit ? { onProgress: (p: { done: number; total: number }) => ctx.emit?.('backup.progress', p) } : {}),
      ...(ctx.caller ? { signal: ctx.caller.signal } : {}),
    });
    return { ...info, durationMs: Math.round(performance.now() - started) };
  } catch (e) {
    throw e instanceof BackupError ? backupRefusal(e) : e;
  }
}

export async function createWorkspaceBackup(ctx: HandlerContext, input: ParsedInputOf<'backups.create'>): Promise<OutputOf<'backups.create'>> {
  let folder: string;
  if (input.destination === 'automatic') {
    folder = backupsFolderOf(ctx.workspacePath);
  } else {
    if (!ctx.chooseFolder)
      throw refused(
        'Backing up to a folder of your choice needs the desktop app (or the web harness started with --export-dir). Back up to the backups folder instead.',
      );
    const chosen = await ctx.chooseFolder('Back up to');
    if (!chosen) return null;
    folder = chosen;
  }
  const made = await writeWorkspaceBackup(ctx, { folder, reason: 'manual', progress: true, ...(input.passphrase ? { passphrase: input.passphrase } : {}) });
  if (input.destination === 'automatic') pruneAutomaticBackups(ctx, folder, made.workspaceId);
  return made;
}

/**
 * Applies the retention settings to the backups folder, to the backups of workspace `workspaceId` only
 * (the identity the new backup recorded; none: nothing is removed). A failure is logged, never lost
 * work (the new backup is written).
 */
export function pruneAutomaticBackups(ctx: HandlerContext, folder: string, workspaceId: string | null): string[] {
  if (workspaceId === null) return [];
  const s = backupSettings(ctx);
  try {
    return applyRetention(folder, { keepDaily: s.keepDaily, keepWeekly: s.keepWeekly, now: ctx.clock.now(), timeZone: s.timeZone, workspaceId });
  } catch (e) {
    ctx.log.warn('old automatic backups could not be removed', { error: e instanceof Error ? e.message : String(e) });
    return [];
  }
}

/** What each problem with a backup file means for the user, with what to do. */
export function backupRefusal(e: Pick<BackupError, 'kind' | 'message'>) {
  switch (e.kind) {
    case 'not-a-backup':
      return refused('This file is not a Rollout Workbench backup. Choose a backup file that Rollout Workbench wrote (Settings → Backups lists them).');
    case 'unknown-format':
      return refused('This backup was written in a format this app version does not know, probably by a newer version. Update the app to restore it.');
    case 'damaged':
      return refused(
        'This backup is damaged: its contents do not match the checksum written with it, so it cannot be restored. Choose another backup; nothing was changed.',
      );
    case 'passphrase-needed':
      return refusedOn('passphrase', 'This backup is encrypted: enter its passphrase to open it.', 'Enter the passphrase of this backup.');
    case 'wrong-passphrase':
      return refusedOn(
        'passphrase',
        'The passphrase is wrong (or the backup was changed after it was written): the backup could not be decrypted. Nothing was changed.',
        'Wrong passphrase: the backup could not be decrypted.',
      );
    case 'disk-full':
      return refused('The disk is full: the backup could not be written. Free some space, or back up to another folder; nothing was changed.');
    default:
      return refused(`The backup failed: ${e.message} Nothing was changed.`);
  }
}
