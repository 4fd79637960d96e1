/**
 * What backups there are and what each one is, read from headers only (nothing decrypted): the
 * containers in a folder, and the plain copies written before a migration beside the workspace
 * (`<workspace>.bak-<time>-before-migration`, db/backups.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { WORKSPACE_APPLICATION_ID } from '@db/migrate';
import { BackupError, type BackupInfo } from './errors';
import { BACKUP_EXTENSION } from './files';
import { readContainer, sniff } from './format';

const LEGACY = /^(.+)\.bak-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z-before-migration$/;

const notABackup = (file: string) =>
  new BackupError(
    'not-a-backup',
    file,
    `${file} is not a Rollout Workbench backup. Choose a .rwbackup file, or a copy written before an update (.bak-…-before-migration).`,
  );

/** A SQLite file's application_id (bytes 68–71 of its header). */
function applicationId(file: string): number {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    fs.readSync(fd, b, 0, 4, 68);
    return b.readUInt32BE(0);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A plain SQLite copy as a backup: the copies written before a migration (their name says when and of
 * which workspace), or any copy of a workspace (it carries the workspace's identity mark; its time is
 * the file's).
 */
function legacyInfo(file: string): BackupInfo {
  const name = path.basename(file);
  const stat = fs.statSync(file);
  const m = LEGACY.exec(name);
  const id = applicationId(file);
  if (!m && id !== WORKSPACE_APPLICATION_ID) throw notABackup(file);
  if (id !== 0 && id !== WORKSPACE_APPLICATION_ID) throw notABackup(file);
  return {
    file,
    name,
    createdAt: m ? `${m[2]}T${m[3]}:${m[4]}:${m[5]}.${m[6]}Z` : stat.mtime.toISOString(),
    reason: m ? 'before-migration' : 'manual',
    bytes: stat.size,
    encrypted: false,
    appVersion: null,
    schemaVersion: null,
    workspaceName: m ? m[1]! : name,
    workspaceId: null,
  };
}

/** Reads a backup's header without decrypting: BackupError for not-a-backup, unknown-format or damaged. */
export function readBackupInfo(file: string): BackupInfo {
  const resolved = path.resolve(file);
  let kind: ReturnType<typeof sniff>;
  try {
    if (!fs.statSync(resolved).isFile()) throw notABackup(resolved);
    kind = sniff(resolved);
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError('failed', resolved, `${resolved} cannot be read (${(e as Error).message}).`);
  }
  if (kind === 'sqlite') return legacyInfo(resolved);
  if (kind === 'other') throw notABackup(resolved);
  const { header, fileBytes } = readContainer(resolved);
  return {
    file: resolved,
    name: path.basename(resolved),
    createdAt: header.createdAt,
    reason: header.reason,
    bytes: fileBytes,
    encrypted: header.encrypted,
    appVersion: header.appVersion,
    schemaVersion: header.schemaVersion,
    workspaceName: header.workspaceName,
    workspaceId: header.workspaceId ?? null,
  };
}

/**
 * The backups in `folder`, newest first, and the copies written before a migration beside
 * `workspaceFile` when it is given. Files that cannot be read as backups are left out (and left alone),
 * and so are the temporary files of backups being written: listing only reads (the cleanup of what a
 * killed backup left is createBackup's).
 */
export function listBackups(folder: string, workspaceFile?: string): BackupInfo[] {
  const found: BackupInfo[] = [];
  const dir = path.resolve(folder);
  const tryRead = (file: string) => {
    try {
      found.push(readBackupInfo(file));
    } catch {
      // Not a backup, or damaged: restoring it is refused with the reason when it is chosen by hand.
    }
  };
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    names = [];
  }
  for (const name of names) if (name.endsWith(BACKUP_EXTENSION) && !name.startsWith('.')) tryRead(path.join(dir, name));
  if (workspaceFile) {
    const ws = path.resolve(workspaceFile);
    const beside = path.dirname(ws);
    let others: string[] = [];
    try {
      others = fs.readdirSync(beside);
    } catch {
      others = [];
    }
    for (const name of others) {
      const m = LEGACY.exec(name);
      if (m && m[1] === path.basename(ws)) tryRead(path.join(beside, name));
    }
  }
  return found.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.name < b.name ? 1 : -1));
}
