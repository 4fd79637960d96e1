/**
 * Getting the workspace back out of a backup: the file's checksum or authentication tag verified while
 * it is streamed into `dir` (decrypted on the way), then SQLite's integrity check on the result in a
 * worker. The output exists under its final name only when every check passed; on any failure nothing
 * is left in `dir`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { workers } from '../workers/index';
import { readBackupInfo } from './catalogue';
import { BackupError } from './errors';
import { BACKUP_EXTENSION } from './files';
import { deriveKey, readContainer, sniff, TAG_BYTES } from './format';
import { workerNativeBinding, type CheckResult } from './worker-tasks';

const CHUNK = 4 * 1024 * 1024;

export interface ExtractOptions {
  passphrase?: string;
  dir: string;
  nativeBinding?: string;
}

const damaged = (file: string, why: string) => new BackupError('damaged', file, `${file} is damaged (${why}). It cannot be restored; choose another backup.`);

/** Streams bytes [start, end) of `file` through `transform` into the open file `out`. */
async function pump(file: string, start: number, end: number, out: fs.promises.FileHandle, transform: (chunk: Buffer) => Buffer): Promise<void> {
  if (end <= start) return;
  for await (const chunk of fs.createReadStream(file, { start, end: end - 1, highWaterMark: CHUNK })) await out.write(transform(chunk as Buffer));
}

export async function extractBackup(file: string, opts: ExtractOptions): Promise<string> {
  const source = path.resolve(file);
  const info = readBackupInfo(source);
  const isContainer = sniff(source) === 'container';
  const container = isContainer ? readContainer(source) : null;
  const header = container?.header;
  let key: Buffer | null = null;
  if (header?.encrypted) {
    if (!opts.passphrase) throw new BackupError('passphrase-needed', source, `${info.name} is encrypted: enter its passphrase to restore it.`);
    const derived = await deriveKey(opts.passphrase, header.kdf!);
    if (!crypto.timingSafeEqual(Buffer.from(derived.check, 'hex'), Buffer.from(header.keyCheck!, 'hex')))
      throw new BackupError(
        'wrong-passphrase',
        source,
        `The passphrase does not open this backup (${info.name}). Check it and try again; nothing was changed.`,
      );
    key = derived.key;
  }
  const dir = path.resolve(opts.dir);
  fs.mkdirSync(dir, { recursive: true });
  const stem = info.name.endsWith(BACKUP_EXTENSION) ? info.name.slice(0, -BACKUP_EXTENSION.length) : info.name;
  const target = path.join(dir, `${stem}.sqlite`);
  const partial = path.join(dir, `.${stem}.sqlite.${process.pid}-${crypto.randomBytes(4).toString('hex')}.partial`);
  const leftovers = [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`];
  try {
    const out = await fs.promises.open(partial, 'wx', 0o600);
    try {
      if (!container) {
        await pump(source, 0, info.bytes, out, (c) => c);
      } else if (!key) {
        const hash = crypto.createHash('sha256');
        await pump(source, container.payloadStart, container.payloadStart + container.header.payloadBytes, out, (c) => (hash.update(c), c));
        if (hash.digest('hex') !== container.header.sha256) throw damaged(source, 'its contents do not match their checksum');
      } else {
        const end = container.payloadStart + container.header.payloadBytes;
        const tag = Buffer.alloc(TAG_BYTES);
        const fd = fs.openSync(source, 'r');
        try {
          fs.readSync(fd, tag, 0, TAG_BYTES, end);
        } finally {
          fs.closeSync(fd);
        }
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(container.header.cipher!.iv, 'hex'));
        decipher.setAAD(container.prefix);
        decipher.setAuthTag(tag);
        await pump(source, container.payloadStart, end, out, (c) => decipher.update(c));
        try {
          await out.write(decipher.final());
        } catch {
          throw damaged(source, 'it fails its authentication check: it was changed or cut after it was written');
        }
      }
      await out.sync();
    } finally {
      await out.close();
    }
    const check = await workers().run<CheckResult>('backups.check', { file: partial, ...workerNativeBinding(opts.nativeBinding) });
    if (!check.workspace && !check.problems.length) throw new BackupError('not-a-backup', source, `${source} does not hold a Rollout Workbench workspace.`);
    if (check.problems.length) throw damaged(source, `its database fails SQLite's integrity check: ${check.problems.slice(0, 3).join('; ')}`);
    fs.renameSync(partial, target);
    return target;
  } catch (e) {
    for (const f of leftovers) fs.rmSync(f, { force: true });
    if (e instanceof BackupError) throw e;
    const code = String((e as { code?: unknown }).code);
    if (code === 'ENOSPC' || code === 'EDQUOT')
      throw new BackupError('disk-full', dir, `The disk holding ${dir} is full: the backup could not be unpacked there. Free some space and try again.`);
    throw new BackupError('failed', source, `${info.name} could not be unpacked (${(e as Error).message}).`);
  }
}
