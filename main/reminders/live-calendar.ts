/**
 * A live calendar: an .ics file at a path chosen on this device, kept current so a calendar application
 * subscribed to it always shows today's reviews. Its content is the whole workspace's reviews calendar,
 * exactly as `reviews.calendar` builds it (main/services/reviews-calendar.ts): open reviews on their day,
 * overdue ones on today titled "Overdue since <day>", finished ones kept 90 days as cancelled events,
 * with two header marks of this app's (main/workers/live-calendar-tasks.ts): the workspace it is kept
 * for, and a hash of the content without export times.
 *
 * `refresh` is asynchronous and keeps the main thread free: on a large workspace the content is built in
 * the worker pool (as `reviews.calendar` is), and the file is written with asynchronous calls. It writes
 * only when the content changed, the export time (DTSTAMP lines) aside: the hash of the last write is
 * kept in memory with the file's size and modification time, and the file is looked at only by `stat`
 * (missing, or changed since our write: written again). On the first refresh of a run the hash is read
 * from the file's header, so a calendar already current is left alone. A file that is not a regular
 * file, not a calendar, or another workspace's (or nobody's) calendar is never replaced. The file is
 * written under a temporary name in the same folder, flushed, and renamed over the old one: a calendar
 * application never reads it half-written. One refresh runs per path at a time (a call meanwhile
 * queues one more). A failure is kept, in words naming the path and what to do, logged once, and the
 * next refresh tries again. The path itself is kept per workspace file (live-calendar-path.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { syncFolder } from '@db/backups';
import type { HandlerContext, Logger } from '../rpc/context';
import { reviewsPlanned } from '../services/reviews-calendar';
import { CALENDAR_IN_WORKER_FROM_REVIEWS } from '../services/reviews-calendar-worker';
import { taskContext, workers } from '../workers/index';
import { buildLiveCalendar, workspaceMark, type LiveCalendarBuild, type LiveCalendarInput } from '../workers/live-calendar-tasks';
import {
  calendarMarks,
  calendarPathError,
  calendarPathProblem,
  calendarTarget,
  comparable,
  foreignCalendar,
  LiveCalendarPaths,
  NotACalendarFile,
  notAFile,
  readHead,
  workspaceKey,
} from './live-calendar-path';

export { calendarWithoutStamps } from '../workers/live-calendar-tasks';

export interface LiveCalendarState {
  path: string | null;
  lastWrittenAt: string | null;
  error: string | null;
}

/** Plain words for a failed write of `file`, naming what to do. */
export function writeFailure(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const dir = path.dirname(file);
  const retry = 'It is written again at the next change or check.';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `The live calendar ${file} could not be written: the folder ${dir} is no longer there. Create the folder again (or reconnect its drive), or choose another file in Settings → Live calendar. ${retry}`;
    case 'EACCES':
    case 'EPERM':
      return `The live calendar ${file} could not be written: permission denied. Allow this account to write in ${dir}, or choose another file in Settings → Live calendar. ${retry}`;
    case 'ENOSPC':
    case 'EDQUOT':
      return `The live calendar ${file} could not be written: the disk is full. Free some space on it, or choose a file on another disk in Settings → Live calendar. ${retry}`;
    case 'EROFS':
      return `The live calendar ${file} could not be written: the disk is read-only. Choose a file on a writable disk in Settings → Live calendar. ${retry}`;
    case 'EISDIR':
      return `The live calendar ${file} could not be written: a folder now has that name. Move the folder, or choose another file in Settings → Live calendar. ${retry}`;
    default:
      return `The live calendar ${file} could not be written (${(err as Error).message}). Check the folder ${dir}, or choose another file in Settings → Live calendar. ${retry}`;
  }
}

let written = 0;

/** Writes `text` to `file` atomically: a temporary file in the same folder, flushed, renamed over; removed on failure. Never creates the folder. */
export async function writeCalendarAtomically(file: string, text: string): Promise<void> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${++written}.partial`);
  try {
    const handle = await fs.promises.open(partial, 'wx');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(partial, file);
  } catch (err) {
    await fs.promises.rm(partial, { force: true }).catch(() => undefined);
    throw err;
  }
  syncFolder(path.dirname(file));
}

/** What a refresh answers. */
export interface RefreshResult {
  written: boolean;
  error: string | null;
}

/** The file as this run last wrote (or found) it current: its content hash and what `stat` said then. */
interface Written {
  hash: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

interface Kept {
  path: string;
  lastWrittenAt: string | null;
  error: string | null;
  /** The last error logged, so each distinct failure is logged once. */
  logged: string | null;
  written: Written | null;
}

export class LiveCalendar {
  private readonly paths: LiveCalendarPaths;
  private readonly log: Logger;
  /** What this run knows of each workspace's calendar (by workspaceKey), for the path it was kept for. */
  private readonly kept = new Map<string, Kept>();
  /** The refresh running for each calendar path, and the one queued after it. */
  private readonly runs = new Map<string, { current: Promise<RefreshResult>; next: Promise<RefreshResult> | null }>();

  constructor(opts: { configDir: string; log: Logger }) {
    this.paths = new LiveCalendarPaths(opts.configDir, opts.log);
    this.log = opts.log;
  }

  /** The path kept for this workspace file on this device, or null. */
  pathFor(workspaceFile: string): string | null {
    return this.paths.get(workspaceFile);
  }

  /** Sets or clears it; throws INVALID_INPUT (details.issues [{ path: 'path', message }]) naming the fix for a bad path. Does not write the calendar. */
  set(workspaceFile: string, calendarPath: string | null): void {
    if (calendarPath === null) {
      this.paths.put(workspaceFile, null);
      this.kept.delete(workspaceKey(workspaceFile));
      return;
    }
    const { problem, path: p } = calendarPathProblem(calendarPath, workspaceFile);
    if (problem) throw calendarPathError(problem);
    const target = comparable(calendarTarget(p));
    for (const [other, kept] of Object.entries(this.paths.all())) {
      if (comparable(other) === comparable(workspaceKey(workspaceFile)) || comparable(calendarTarget(kept)) !== target) continue;
      throw calendarPathError(
        `${p} is already the live calendar of another workspace (${other}); each workspace needs its own. Choose a new file name, or stop that workspace's live calendar first.`,
      );
    }
    this.paths.put(workspaceFile, p);
    if (this.kept.get(workspaceKey(workspaceFile))?.path !== p) this.kept.delete(workspaceKey(workspaceFile));
  }

  /** What this run knows of the kept path (reset when the path changes). */
  private keptFor(workspaceFile: string, p: string): Kept {
    const key = workspaceKey(workspaceFile);
    let k = this.kept.get(key);
    if (!k || k.path !== p) {
      k = { path: p, lastWrittenAt: null, error: null, logged: null, written: null };
      this.kept.set(key, k);
    }
    return k;
  }

  /**
   * Writes the calendar atomically if its content changed (or the file is missing or was changed since);
   * never rejects: a failure is kept as `error`. While one runs for the path, a call queues one more
   * (and further calls share that one).
   */
  refresh(ctx: HandlerContext, workspaceFile: string): Promise<RefreshResult> {
    const p = this.pathFor(workspaceFile);
    if (!p) return Promise.resolve({ written: false, error: null });
    const running = this.runs.get(p);
    if (running) return (running.next ??= running.current.then(() => this.refresh(ctx, workspaceFile)));
    const run = { current: this.refreshNow(ctx, workspaceFile, p), next: null as Promise<RefreshResult> | null };
    run.current = run.current.finally(() => {
      if (this.runs.get(p) === run) this.runs.delete(p);
    });
    this.runs.set(p, run);
    return run.current;
  }

  private async refreshNow(ctx: HandlerContext, workspaceFile: string, p: string): Promise<RefreshResult> {
    const k = this.keptFor(workspaceFile, p);
    let written = false;
    try {
      written = await this.writeIfChanged(ctx, workspaceFile, p, k);
      k.error = null;
      if (k.logged) this.log.info(`The live calendar ${p} is written again.`);
      k.logged = null;
    } catch (err) {
      k.error = err instanceof LiveCalendarRefusal || err instanceof NotACalendarFile ? err.message : writeFailure(p, err);
      if (k.logged !== k.error) this.log.warn(k.error);
      k.logged = k.error;
    }
    return { written, error: k.error };
  }

  /** The hash of the file's content when it is known current (written by this run, unchanged since, or marked so in its header); throws a refusal for a file not to replace. */
  private async currentHash(p: string, mark: string, k: Kept): Promise<string | null> {
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw err;
    }
    const notFile = notAFile(p, st);
    if (notFile) throw new LiveCalendarRefusal(`The live calendar was not written: ${notFile}`);
    const w = k.written;
    if (w && w.size === st.size && w.mtimeMs === st.mtimeMs && w.ino === st.ino) return w.hash;
    // Not as this run left it: only its first bytes are read (without blocking), to know whose it is.
    const head = readHead(p);
    if (head === null) return null;
    const foreign = foreignCalendar(p, head, mark);
    if (foreign)
      throw new LiveCalendarRefusal(
        `The live calendar was not written: ${foreign.replace(/; choose a new file name\.$/, '. Move that file, or choose another file in Settings → Live calendar.')}`,
      );
    if (w) return null; // Ours, but changed behind our back: written again.
    const hash = calendarMarks(head).hash;
    if (hash) {
      k.written = { hash, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
      if (!k.lastWrittenAt) k.lastWrittenAt = st.mtime.toISOString();
    }
    return hash;
  }

  /** The content built where `reviews.calendar` would build it: in the worker pool on a large workspace. */
  private async build(ctx: HandlerContext, mark: string, knownHash: string | null): Promise<LiveCalendarBuild> {
    if (reviewsPlanned(ctx) < CALENDAR_IN_WORKER_FROM_REVIEWS) return buildLiveCalendar(ctx, mark, knownHash);
    const task: LiveCalendarInput = { ...taskContext(ctx), mark, knownHash };
    return workers().run<LiveCalendarBuild>('reminders.liveCalendar', task);
  }

  private async writeIfChanged(ctx: HandlerContext, workspaceFile: string, p: string, k: Kept): Promise<boolean> {
    const mark = workspaceMark(workspaceFile);
    const known = await this.currentHash(p, mark, k);
    let built: LiveCalendarBuild;
    try {
      built = await this.build(ctx, mark, known);
    } catch (err) {
      throw new LiveCalendarRefusal(
        `The live calendar ${p} could not be built from the workspace (${(err as Error).message}). It is tried again at the next change or check.`,
      );
    }
    if (built.content === null) return false;
    await writeCalendarAtomically(p, built.content);
    const st = await fs.promises.stat(p);
    k.written = { hash: built.hash, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
    k.lastWrittenAt = ctx.clock.now().toISOString();
    return true;
  }

  state(workspaceFile: string): LiveCalendarState {
    const p = this.pathFor(workspaceFile);
    if (!p) return { path: null, lastWrittenAt: null, error: null };
    const k = this.kept.get(workspaceKey(workspaceFile));
    return k && k.path === p ? { path: p, lastWrittenAt: k.lastWrittenAt, error: k.error } : { path: p, lastWrittenAt: null, error: null };
  }
}

/** A refresh that must not write, with its message already in plain words. */
class LiveCalendarRefusal extends Error {}
