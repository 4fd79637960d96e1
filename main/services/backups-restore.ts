/**
 * Restoring a backup, in three calls: `backups.inspect` checks the backup (its checksum or
 * authentication tag, then SQLite's integrity check, in main/backups/) and extracts the workspace it
 * holds into a private temporary folder, checks that it is a workspace of this app and not newer,
 * and answers a preview with a token; `backups.restore` hands that copy to the host, which keeps a
 * backup of the current file and swaps it in; `backups.discard` removes the copy. Nothing here reads
 * the open workspace's database, so the recovery screen of a damaged workspace restores the same way.
 */
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { OutputOf, ParsedInputOf } from '@core/contract/index';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { WorkspaceOpenError } from '@db/client';
import { inspect as inspectWorkspaceFile } from '@db/inspect';
import {
  backupsFolderOf,
  BackupError,
  extractBackup,
  listBackups,
  makePrivateFolder,
  readBackupInfo,
  removeStalePrivateFolders,
  workspaceIdOf,
  type BackupInfo,
} from '../backups/index';
import type { HandlerContext } from '../rpc/context';
import { backupRefusal, sqliteRuntime, workspaceIdentity } from './backups';
import { refused } from './errors';
import { endUpload, stagedUpload } from './uploads';

/** A backup extracted and checked, waiting for the user to confirm the restore. */
interface PreparedRestore {
  token: string;
  /** The workspace it would replace: a token is good for that workspace only. */
  owner: string;
  dir: string;
  file: string;
  name: string;
  restoring: boolean;
  /** The backup is of another workspace than the one it would replace (preview's otherWorkspace). */
  otherWorkspace: boolean;
}

const prepared = new Map<string, PreparedRestore>();
let cleanupAtExit = false;

function forget(p: PreparedRestore): void {
  prepared.delete(p.token);
  fs.rmSync(p.dir, { recursive: true, force: true });
}

/** One restore is prepared per workspace at a time: a new preview replaces the last one (and its copy on disk). */
function forgetPreparedOf(owner: string): void {
  for (const p of [...prepared.values()]) if (p.owner === owner && !p.restoring) forget(p);
}

function privateFolder(): string {
  if (!cleanupAtExit) {
    cleanupAtExit = true;
    process.once('exit', () => {
      for (const p of prepared.values()) fs.rmSync(p.dir, { recursive: true, force: true });
    });
  }
  // What a killed process left (its restore copies, its backups' raw copies) goes first; never a running process's.
  removeStalePrivateFolders([os.tmpdir()]);
  // Readable by this user only; its name says which process made it.
  return makePrivateFolder(os.tmpdir(), 'restore');
}

const newerRefusal = (theirs: number | null, ours: number) =>
  refused(
    `This backup was made by a newer app version${theirs === null ? '' : ` (schema version ${theirs}; this app has ${ours})`}. Update the app to restore it; nothing was changed.`,
  );

/** The backup a call names: a file of the list (by name only) or an upload of this workspace. */
function sourceFile(ctx: HandlerContext, source: ParsedInputOf<'backups.inspect'>['source']): { file: string; name: string; uploadId: string | null } {
  if ('uploadId' in source) {
    const staged = stagedUpload(ctx, source.uploadId);
    return { file: staged.path, name: staged.fileName, uploadId: staged.id };
  }
  const entry = listBackups(backupsFolderOf(ctx.workspacePath), ctx.workspacePath).find((b) => b.name === source.backup);
  if (!entry)
    throw new WorkbenchError(
      ErrorCode.NOT_FOUND,
      `There is no backup named “${source.backup}” in this workspace’s backups: it may have been removed. Reload the list.`,
    );
  return { file: entry.file, name: entry.name, uploadId: null };
}

function readHeader(file: string): BackupInfo {
  try {
    return readBackupInfo(file);
  } catch (e) {
    throw e instanceof BackupError ? backupRefusal(e) : e;
  }
}

type Counts = OutputOf<'backups.inspect'>['counts'];
type LastChange = OutputOf<'backups.inspect'>['lastChange'];

/** Checks the extracted copy as opening would (db/inspect.ts, reading only) and reads what the preview shows. */
function lookInside(
  file: string,
  runtime: { nativeBinding?: string; migrationsFolder: string },
  appSchemaVersion: number,
): { schemaVersion: number; willMigrate: boolean; counts: Counts; lastChange: LastChange; workspaceId: string | null } {
  const native = runtime.nativeBinding ? { nativeBinding: runtime.nativeBinding } : {};
  // The copy is private: a connection that may write is fine (it only settles SQLite's own files), and query_only keeps it from changing data.
  const sqlite = new Database(file, { fileMustExist: true, ...native });
  try {
    sqlite.pragma('query_only = ON');
    let verdict;
    try {
      verdict = inspectWorkspaceFile(sqlite, file, runtime.migrationsFolder, native);
    } catch (e) {
      if (!(e instanceof WorkspaceOpenError)) throw e;
      if (e.problem === 'newer-schema') throw newerRefusal(null, appSchemaVersion);
      if (e.problem === 'foreign') throw refused('This backup does not hold a Rollout Workbench workspace. Choose another backup; nothing was changed.');
      throw refused(
        'The workspace in this backup has a damaged record of its database changes, so it cannot be opened safely. Choose another backup; nothing was changed.',
      );
    }
    if (verdict.kind === 'blank') throw refused('This backup holds an empty database, not a workspace. Choose another backup; nothing was changed.');
    const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
    // The newest sealed row, by its place in the chain: a time written in a row cannot put it last.
    const last = (sqlite.prepare('SELECT at, actor, summary FROM change_log WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1').get() ??
      sqlite.prepare('SELECT at, actor, summary FROM change_log ORDER BY rowid DESC LIMIT 1').get()) as
      { at: string; actor: string; summary: string } | undefined;
    return {
      schemaVersion: verdict.applied,
      willMigrate: verdict.pending.length > 0,
      counts: { clients: count('clients'), sites: count('sites'), people: count('people'), changes: count('change_log') },
      lastChange: last ?? null,
      workspaceId: workspaceIdOf(sqlite),
    };
  } finally {
    sqlite.close();
  }
}

export async function inspectBackup(ctx: HandlerContext, input: ParsedInputOf<'backups.inspect'>): Promise<OutputOf<'backups.inspect'>> {
  const source = sourceFile(ctx, input.source);
  const header = readHeader(source.file);
  const runtime = sqliteRuntime();
  const appSchemaVersion = readMigrationFiles({ migrationsFolder: runtime.migrationsFolder }).length;
  if (header.schemaVersion !== null && header.schemaVersion > appSchemaVersion) throw newerRefusal(header.schemaVersion, appSchemaVersion);
  if (header.encrypted && !input.passphrase) throw backupRefusal({ kind: 'passphrase-needed', message: '' });
  const dir = privateFolder();
  try {
    const file = await extractBackup(source.file, {
      dir,
      ...(input.passphrase ? { passphrase: input.passphrase } : {}),
      ...(runtime.nativeBinding ? { nativeBinding: runtime.nativeBinding } : {}),
    });
    const inside = lookInside(file, runtime, appSchemaVersion);
    const here = workspaceIdentity(ctx);
    const otherWorkspace = inside.workspaceId !== null && here !== null && inside.workspaceId !== here;
    // Only now is the earlier preview let go: a wrong passphrase or a damaged file keeps it.
    forgetPreparedOf(ctx.workspacePath);
    const token = randomUUID();
    prepared.set(token, { token, owner: ctx.workspacePath, dir, file, name: source.name, restoring: false, otherWorkspace });
    // The upload has served its purpose: the checked copy is what a restore uses.
    if (source.uploadId) endUpload(ctx, source.uploadId);
    return {
      token,
      name: source.name,
      createdAt: header.createdAt,
      reason: header.reason,
      encrypted: header.encrypted,
      appVersion: header.appVersion,
      schemaVersion: inside.schemaVersion,
      appSchemaVersion,
      willMigrate: inside.willMigrate,
      counts: inside.counts,
      lastChange: inside.lastChange,
      workspaceName: header.workspaceName,
      otherWorkspace,
    };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e instanceof BackupError ? backupRefusal(e) : e;
  }
}

function requirePrepared(ctx: HandlerContext, token: string): PreparedRestore {
  const p = prepared.get(token);
  if (!p || p.owner !== ctx.workspacePath || !fs.existsSync(p.file)) {
    if (p && p.owner === ctx.workspacePath) forget(p);
    throw new WorkbenchError(
      ErrorCode.NOT_FOUND,
      'This restore is no longer prepared (it was cancelled, replaced by another preview, or the app restarted). Choose the backup again.',
    );
  }
  return p;
}

export async function restoreBackup(ctx: HandlerContext, input: ParsedInputOf<'backups.restore'>): Promise<OutputOf<'backups.restore'>> {
  if (!ctx.host)
    throw refused(
      'Restoring replaces the open workspace: do it in the app (or stop every program using the workspace, then put the backup’s workspace in place of the file).',
    );
  const p = requirePrepared(ctx, input.token);
  if (p.restoring) throw refused('This backup is being restored already.');
  if (p.otherWorkspace && input.otherWorkspace !== true)
    throw refused(
      `This backup was taken from another workspace than the one open: restoring it replaces this workspace with that one. Confirm that this is what you want (otherWorkspace), or choose a backup of this workspace.`,
    );
  p.restoring = true;
  try {
    const { safetyCopy } = await ctx.host.replaceWorkspace(p.file, { label: p.name });
    forget(p);
    return { restoredFrom: p.name, safetyCopy };
  } finally {
    p.restoring = false;
  }
}

export function discardRestore(ctx: HandlerContext, input: ParsedInputOf<'backups.discard'>): OutputOf<'backups.discard'> {
  const p = prepared.get(input.token);
  if (!p || p.owner !== ctx.workspacePath || p.restoring) return { discarded: false };
  forget(p);
  return { discarded: true };
}
