/**
 * `rollout-workbench backup --workspace F [--out DIR] [--encrypt]`: a backup from a terminal or a
 * scheduler (cron, a systemd timer), made as the app makes them (main/backups/): a consistent copy while
 * the app or another program keeps writing, the workspace itself only read. Into the workspace's own
 * backups folder (the default) it is an automatic backup, and the workspace's retention applies after
 * it; into another folder it is kept until removed, unless --keep-daily or --keep-weekly is given.
 *
 * The workspace is not opened as the app opens it: a workspace that an app update is about to
 * migrate must still be backed up by cron, so its schema version, identity and settings are read on a
 * plain read-only connection, after the same checks opening makes (db/inspect.ts), without migrating.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { isValidTimeZone } from '@core/domain/cadence';
import { defaultMigrationsFolder, WorkspaceOpenError } from '@db/client';
import { inspect } from '@db/inspect';
import { appVersion, applyRetention, BackupError, backupsFolderOf, createBackup, workspaceIdOf } from '../backups/index';
import type { Clock } from '../rpc/context';
import { machineTimeZone } from '../services/settings';
import { UsageError, type CliIo } from './common';

export const PASSPHRASE_ENV = 'ROLLOUT_WORKBENCH_BACKUP_PASSPHRASE';
const PASSPHRASE_MIN = 8;
const DEFAULT_KEEP = { daily: 14, weekly: 8 };

export interface BackupArgs {
  out?: string;
  encrypt: boolean;
  json: boolean;
  'keep-daily'?: string;
  'keep-weekly'?: string;
  'passphrase-file'?: string;
}

/** How the passphrase is asked for on a terminal without echo; null when there is no terminal to ask on. */
export type AskHidden = ((prompt: string) => Promise<string>) | null;

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function count(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new UsageError(`${flag} ${value}: give a whole number from ${min} to ${max}.`);
  return n;
}

/**
 * The passphrase in a file (for cron): its text without one trailing line break. A file others may
 * read is refused, as ssh refuses such a key: the passphrase would be no secret.
 */
function passphraseFromFile(file: string): string {
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (process.platform !== 'win32' && (stat.mode & 0o004) !== 0)
      throw new UsageError(`--passphrase-file ${file} may be read by every user of this machine. Make it yours only (chmod 600 "${file}"), then run again.`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--passphrase-file ${file} cannot be read (${(e as Error).message}).`);
  }
  const passphrase = text.replace(/\r?\n$/, '');
  if (passphrase.length < PASSPHRASE_MIN)
    throw new UsageError(`The passphrase in ${file} is shorter than ${PASSPHRASE_MIN} characters: use a longer passphrase.`);
  return passphrase;
}

async function passphraseFor(env: NodeJS.ProcessEnv, ask: AskHidden, file: string | undefined): Promise<string> {
  const fromEnv = env[PASSPHRASE_ENV];
  // Taken out of the environment at once, so no program this one starts inherits it.
  delete env[PASSPHRASE_ENV];
  delete process.env[PASSPHRASE_ENV];
  if (file !== undefined) return passphraseFromFile(file);
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < PASSPHRASE_MIN) throw new UsageError(`${PASSPHRASE_ENV} is shorter than ${PASSPHRASE_MIN} characters: use a longer passphrase.`);
    return fromEnv;
  }
  if (!ask)
    throw new UsageError(
      `--encrypt needs a passphrase: give --passphrase-file FILE or set ${PASSPHRASE_ENV} (for cron), or run the command in a terminal to type it.`,
    );
  const first = await ask('Passphrase for the backup (not shown): ');
  if (first.length < PASSPHRASE_MIN) throw new UsageError(`The passphrase must be at least ${PASSPHRASE_MIN} characters long. Nothing was written.`);
  const again = await ask('The same passphrase again: ');
  if (again !== first) throw new UsageError('The two passphrases differ. Nothing was written.');
  return first;
}

interface WorkspaceFacts {
  schemaVersion: number;
  workspaceId: string | null;
  timeZone: string;
  keepDaily: number | undefined;
  keepWeekly: number | undefined;
}

/**
 * What a backup needs to know of the workspace, read on a read-only connection after opening's checks
 * (ours, not newer than this app, its migration record intact), whether or not migrations are pending.
 */
export function readWorkspaceFacts(file: string): WorkspaceFacts {
  if (!fs.existsSync(file)) throw new UsageError(`${file} does not exist: there is nothing to back up.`);
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    sqlite.pragma('busy_timeout = 10000');
    const verdict = inspect(sqlite, file, defaultMigrationsFolder(), {});
    if (verdict.kind === 'blank') throw new UsageError(`${file} is an empty database, not a workspace yet: there is nothing to back up.`);
    const setting = (key: string): unknown => {
      try {
        const row = sqlite.prepare('SELECT value FROM workspace_meta WHERE key = ?').get(`setting.${key}`) as { value: string } | undefined;
        return row ? JSON.parse(row.value) : undefined;
      } catch {
        return undefined;
      }
    };
    const tz = setting('timeZone');
    const whole = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
    return {
      schemaVersion: verdict.applied,
      workspaceId: workspaceIdOf(sqlite),
      timeZone: typeof tz === 'string' && isValidTimeZone(tz) ? tz : machineTimeZone(),
      keepDaily: whole(setting('backupKeepDaily')),
      keepWeekly: whole(setting('backupKeepWeekly')),
    };
  } finally {
    sqlite.close();
  }
}

export async function runBackup(file: string, args: BackupArgs, io: CliIo, env: NodeJS.ProcessEnv, ask: AskHidden, clock?: Clock): Promise<number> {
  const workspace = path.resolve(file);
  const keepDaily = count(args['keep-daily'], '--keep-daily', 1, 365);
  const keepWeekly = count(args['keep-weekly'], '--keep-weekly', 0, 520);
  const folder = path.resolve(args.out ?? backupsFolderOf(workspace));
  const own = folder === backupsFolderOf(workspace);
  const retained = own || keepDaily !== undefined || keepWeekly !== undefined;
  if (args['passphrase-file'] !== undefined && !args.encrypt) throw new UsageError('--passphrase-file is for --encrypt: add --encrypt, or leave it out.');
  const passphrase = args.encrypt ? await passphraseFor(env, ask, args['passphrase-file']) : undefined;

  let facts: WorkspaceFacts;
  try {
    facts = readWorkspaceFacts(workspace);
  } catch (e) {
    io.err(e instanceof WorkspaceOpenError || e instanceof UsageError ? e.message : `Cannot open ${workspace}: ${(e as Error).message}`);
    return 2;
  }
  const keep = { daily: keepDaily ?? facts.keepDaily ?? DEFAULT_KEEP.daily, weekly: keepWeekly ?? facts.keepWeekly ?? DEFAULT_KEEP.weekly };

  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  const started = performance.now();
  const now = clock?.now() ?? new Date();
  try {
    const info = await createBackup(workspace, {
      folder,
      reason: retained ? 'daily' : 'manual',
      now,
      appVersion: appVersion(),
      schemaVersion: facts.schemaVersion,
      signal: controller.signal,
      ...(passphrase !== undefined ? { passphrase } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    // Only this workspace's backups are pruned (by the identity the backup recorded); without one, none.
    const removed =
      retained && info.workspaceId !== null
        ? applyRetention(folder, { keepDaily: keep.daily, keepWeekly: keep.weekly, now, timeZone: facts.timeZone, workspaceId: info.workspaceId })
        : [];
    if (args.json) {
      io.out(JSON.stringify({ ...info, seconds: Number(seconds.toFixed(2)), removed }, null, 2));
      return 0;
    }
    io.out(`Backed up ${workspace} to ${info.file} (${size(info.bytes)}${info.encrypted ? ', encrypted' : ''}) in ${seconds.toFixed(1)} s.`);
    if (retained)
      io.out(
        `Kept the newest backup of each of the last ${keep.daily} days and ${keep.weekly} weeks` +
          (removed.length ? `; removed ${removed.length} older automatic backup${removed.length === 1 ? '' : 's'}.` : '; nothing to remove.'),
      );
    return 0;
  } catch (e) {
    if ((e as Error).name === 'AbortError') {
      io.err('Cancelled: no backup was written.');
      return 1;
    }
    if (e instanceof BackupError) {
      io.err(e.message);
      return 2;
    }
    throw e;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

/**
 * Reads a line from the terminal without showing it (raw mode: no echo), for the passphrase. Ctrl-C
 * ends the command; backspace deletes. Null when stdin is not a terminal (cron, a pipe).
 */
export function terminalAsk(stdin: NodeJS.ReadStream = process.stdin, stderr: NodeJS.WriteStream = process.stderr): AskHidden {
  if (!stdin.isTTY) return null;
  return (prompt) =>
    new Promise((resolve, reject) => {
      stderr.write(prompt);
      let typed = '';
      stdin.setRawMode(true);
      stdin.resume();
      const done = (e: Error | null) => {
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
        stderr.write('\n');
        if (e) reject(e);
        else resolve(typed);
      };
      const onData = (data: Buffer) => {
        for (const ch of data.toString('utf8')) {
          if (ch === '\r' || ch === '\n') return done(null);
          if (ch === '\u0003') return done(new UsageError('Cancelled: no backup was written.'));
          if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
          else if (ch >= ' ') typed += ch;
        }
      };
      stdin.on('data', onData);
    });
}
