/**
 * Taking a backup: room checked first, the consistent copy made in a worker (worker-tasks.ts) into a
 * private folder (mode 0700, in the system's temporary folder, else beside the workspace), then the
 * container written into the destination under a temporary name, streamed (hashed or encrypted chunk
 * by chunk), flushed, and given its final name only when whole. The destination only ever receives
 * the container: an encrypted backup puts no readable byte of the workspace there, not even while it
 * is written or after a crash. Whatever happens, the workspace itself is only read, and no file under
 * a final name is ever half a backup.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workerNativeBinding } from './worker-tasks';
import { workers } from '../workers/index';
import { readBackupInfo } from './catalogue';
import { BackupError, type BackupInfo, type BackupReason } from './errors';
import {
  backupBaseName,
  BACKUP_EXTENSION,
  makePrivateFolder,
  partialName,
  placeFinished,
  removeStalePrivateFolders,
  removeUnfinished,
  syncFolder,
} from './files';
import { payloadWriter } from './format';
import type { CopyProgress } from './worker-tasks';

const MB = 1024 * 1024;
const CHUNK = 4 * MB;
const MARGIN = 16 * MB;

export interface CreateBackupOptions {
  folder: string;
  reason: BackupReason;
  passphrase?: string;
  now: Date;
  appVersion: string;
  schemaVersion: number;
  nativeBinding?: string;
  onProgress?: (p: { done: number; total: number }) => void;
  signal?: AbortSignal;
}

function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

const isDiskFull = (e: unknown) => ['ENOSPC', 'EDQUOT', 'SQLITE_FULL'].includes(String((e as { code?: unknown }).code));

/**
 * Writes a backup of `workspaceFile` into `folder` (made when missing) and answers what it wrote.
 * Progress counts bytes: the copy's, then the container's (so `total` is twice the workspace's size).
 */
export async function createBackup(workspaceFile: string, opts: CreateBackupOptions): Promise<BackupInfo> {
  const source = path.resolve(workspaceFile);
  const folder = path.resolve(opts.folder);
  if (!fs.existsSync(source)) throw new BackupError('failed', source, `${source} does not exist: there is nothing to back up.`);
  if (opts.passphrase !== undefined && opts.passphrase.length < 8)
    throw new BackupError('failed', source, 'The passphrase must be at least 8 characters long. Nothing was written.');
  try {
    fs.mkdirSync(folder, { recursive: true });
  } catch (e) {
    throw new BackupError('failed', folder, `The backups folder ${folder} cannot be made (${(e as Error).message}). Choose a folder you may write to.`);
  }
  removeUnfinished(folder);
  const beside = path.dirname(source);
  removeStalePrivateFolders([os.tmpdir(), beside]);
  // The raw copy goes to a private folder, the container to the destination: each needs the workspace's size, and a margin.
  const size = fileSize(source) + fileSize(`${source}-wal`);
  const needed = size + MARGIN;
  const free = freeBytes(folder);
  if (free !== null && free < needed) throw noRoom(folder, needed, free);
  const scratch = privateScratch(source, needed);
  if (free !== null && free < 2 * needed && sameDisk(scratch, folder)) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw noRoom(folder, 2 * needed, free);
  }
  const base = backupBaseName(source, opts.now, opts.reason);
  const partial = path.join(folder, partialName(`${base}${BACKUP_EXTENSION}`));
  const copy = path.join(scratch, 'copy.sqlite');
  const report = (done: number, total: number) => opts.onProgress?.({ done, total });
  try {
    fs.closeSync(fs.openSync(copy, 'wx', 0o600));
    const { bytes, workspaceId } = await workers().run<{ bytes: number; workspaceId: string | null }, CopyProgress>(
      'backups.copy',
      { source, target: copy, ...workerNativeBinding(opts.nativeBinding) },
      { ...(opts.signal ? { signal: opts.signal } : {}), onProgress: (p) => report(p.done, 2 * p.total) },
    );
    report(bytes, 2 * bytes);
    const writer = await payloadWriter(
      {
        format: 1,
        appVersion: opts.appVersion,
        schemaVersion: opts.schemaVersion,
        createdAt: opts.now.toISOString(),
        reason: opts.reason,
        workspaceName: path.basename(source),
        ...(workspaceId !== null ? { workspaceId } : {}),
        payloadBytes: bytes,
      },
      opts.passphrase,
    );
    const out = await fs.promises.open(partial, 'wx', 0o600);
    try {
      await out.write(writer.prefix);
      let done = 0;
      for await (const chunk of fs.createReadStream(copy, { highWaterMark: CHUNK })) {
        if (opts.signal?.aborted) throw Object.assign(new Error('The backup was cancelled.'), { name: 'AbortError' });
        await out.write(writer.update(chunk as Buffer));
        done += (chunk as Buffer).length;
        report(bytes + done, 2 * bytes);
      }
      const { tail, prefix } = writer.final();
      await out.write(tail);
      await out.write(prefix, 0, prefix.length, 0);
      await out.sync();
    } finally {
      await out.close();
    }
    const final = placeFinished(partial, folder, base);
    syncFolder(folder);
    return readBackupInfo(final);
  } catch (e) {
    fs.rmSync(partial, { force: true });
    if (e instanceof BackupError || (e as Error).name === 'AbortError') throw e;
    if (isDiskFull(e))
      throw new BackupError(
        'disk-full',
        folder,
        `The disk holding ${folder} filled up while the backup was written. Free some space or choose another folder; nothing was kept.`,
      );
    throw new BackupError('failed', source, `The backup of ${source} could not be written (${(e as Error).message}). Nothing was kept.`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function sameDisk(a: string, b: string): boolean {
  try {
    return fs.statSync(a).dev === fs.statSync(b).dev;
  } catch {
    return true;
  }
}

function noRoom(where: string, needed: number, free: number): BackupError {
  return new BackupError(
    'disk-full',
    where,
    `The disk holding ${where} is full: the backup needs about ${Math.ceil(needed / MB)} MB and ${Math.floor(free / MB)} MB are free. Free ${Math.ceil((needed - free) / MB)} MB or choose another folder; nothing was written.`,
  );
}

/**
 * A private folder for the raw copy: in the system's temporary folder when it has room, else beside
 * the workspace (hidden; the workspace's own disk, and the copy is no more readable than the workspace).
 */
function privateScratch(source: string, needed: number): string {
  const beside = path.dirname(source);
  const tmp = os.tmpdir();
  const tmpFree = freeBytes(tmp);
  if (tmpFree === null || tmpFree >= needed) {
    try {
      return makePrivateFolder(tmp, 'backup');
    } catch {
      // The temporary folder cannot be written: beside the workspace it is.
    }
  }
  const besideFree = freeBytes(beside);
  if (besideFree !== null && besideFree < needed)
    throw noRoom(tmpFree !== null && tmpFree > besideFree ? tmp : beside, needed, Math.max(tmpFree ?? 0, besideFree));
  try {
    return makePrivateFolder(beside, 'backup', true);
  } catch (e) {
    throw new BackupError(
      'failed',
      beside,
      `No private folder for the copy could be made in ${tmp} or ${beside} (${(e as Error).message}). Nothing was written.`,
    );
  }
}

/** Free bytes in `folder`, or null when that cannot be told. */
function freeBytes(folder: string): number | null {
  try {
    const { bavail, bsize } = fs.statfsSync(folder);
    return Number(bavail) * Number(bsize);
  } catch {
    return null;
  }
}
