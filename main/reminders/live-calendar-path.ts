/**
 * The live calendar's path on this device: which .ics file is kept current for which workspace file,
 * stored in `live-calendar.json` in the host's config folder (beside the recent workspaces list and the
 * update setting), written atomically. A damaged file reads as no calendars and is written again;
 * fields and entries this app does not know (a newer app's) are kept when it writes.
 *
 * A path is checked before it is kept; each refusal says what to do instead. An existing file is taken
 * over only when it is a regular file this app wrote as this workspace's live calendar (its header's
 * mark); pipes, sockets and devices are refused without being opened in a way that could block.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, WorkbenchError } from '@core/errors';
import { backupsFolderOf } from '../backups/files';
import { readJsonObject } from '../files';
import type { Logger } from '../rpc/context';
import { writeFileAtomically } from '../workspace-host-recent';
import { CONTENT_PROPERTY, WORKSPACE_PROPERTY, workspaceMark } from '../workers/live-calendar-tasks';

export const LIVE_CALENDAR_FILE = 'live-calendar.json';

/** The key a workspace file is kept under: its absolute path. */
export function workspaceKey(workspaceFile: string): string {
  return path.resolve(workspaceFile);
}

/** Whether a file's first bytes are an iCalendar file's (BEGIN:VCALENDAR, after an optional byte order mark). */
export function looksLikeCalendar(head: string): boolean {
  return head
    .replace(/^\uFEFF/, '')
    .toUpperCase()
    .startsWith('BEGIN:VCALENDAR');
}

/** Plain words for what a non-regular file at `p` is, or null for a regular file. */
export function notAFile(p: string, st: fs.Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return `${p} is a folder. Choose a file name ending in .ics inside it.`;
  const what = st.isFIFO() ? 'a pipe' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a plain file';
  return `${p} is ${what}, not a file: a calendar cannot be kept there. Choose a new file name ending in .ics.`;
}

/** A refusal of a file at the calendar's path, with its message already in plain words. */
export class NotACalendarFile extends Error {}

/**
 * The first bytes of a file as text; null when it is not there. Opened without blocking (a pipe put at
 * the path cannot hang the program) and checked to be a regular file once open; anything else throws
 * NotACalendarFile, other failures throw as they are.
 */
export function readHead(file: string, bytes = 4096): string | null {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if ((err as NodeJS.ErrnoException).code === 'EISDIR') throw new NotACalendarFile(notAFile(file, fs.statSync(file))!);
    throw err;
  }
  try {
    const problem = notAFile(file, fs.fstatSync(fd));
    if (problem) throw new NotACalendarFile(problem);
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** The marks this app writes in a live calendar's header (main/workers/live-calendar-tasks.ts); null fields when absent. */
export function calendarMarks(head: string): { workspace: string | null; hash: string | null } {
  const value = (name: string) => new RegExp(`^${name}:([0-9a-f]+)\\r?$`, 'm').exec(head)?.[1] ?? null;
  return { workspace: value(WORKSPACE_PROPERTY), hash: value(CONTENT_PROPERTY) };
}

/** Why the existing file `p` (its first bytes `head`) may not be replaced by the live calendar of the workspace marked `mark`, or null. */
export function foreignCalendar(p: string, head: string, mark: string): string | null {
  if (!looksLikeCalendar(head))
    return `${p} already exists and is not a calendar: keeping the live calendar there would replace a file that is not a calendar. Choose another name.`;
  if (calendarMarks(head).workspace !== mark)
    return `${p} is another calendar (not this workspace's live calendar), and keeping the live calendar there would replace it; choose a new file name.`;
  return null;
}

/** Whether names differing only in case are one file here: on macOS and Windows they usually are. */
export function caseInsensitivePaths(platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

/** `p` as compared with another path: case folded where names differing in case are one file. */
export function comparable(p: string, platform: NodeJS.Platform = process.platform): string {
  return caseInsensitivePaths(platform) ? p.toLowerCase() : p;
}

function realOrResolved(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

/** Whether `child` is `parent` or inside it, case folded where the file system folds case. */
export function isInside(child: string, parent: string, platform: NodeJS.Platform = process.platform): boolean {
  const rel = path.relative(comparable(parent, platform), comparable(child, platform));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Why `raw` cannot be the live calendar of `workspaceFile`, or null when it can (with the trimmed path). */
export function calendarPathProblem(raw: string, workspaceFile: string): { problem: string | null; path: string } {
  const p = raw.trim();
  const refuse = (problem: string) => ({ problem, path: p });
  if (!p) return refuse('Type the full path of the calendar file (for example /home/me/Calendars/reviews.ics), or use Stop keeping a live calendar.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(p)) return refuse('The path holds a control character (a line break or tab?). Type the path again on one line.');
  if (!path.isAbsolute(p)) return refuse(`"${p}" is not a full path. Type the whole path from the top folder, for example /home/me/Calendars/reviews.ics.`);
  if (!/\.ics$/i.test(p)) return refuse(`"${p}" does not end in .ics. Calendar applications subscribe to .ics files: add .ics to the name.`);
  const dir = path.dirname(p);
  let dirStat: fs.Stats;
  try {
    dirStat = fs.statSync(dir);
  } catch {
    return refuse(`The folder ${dir} does not exist. Create it first, or choose a file in a folder that exists.`);
  }
  if (!dirStat.isDirectory()) return refuse(`${dir} is not a folder. Choose a file inside a folder.`);
  const target = calendarTarget(p);
  const workspace = realOrResolved(workspaceFile);
  if (isInside(target, workspace) || isInside(path.resolve(p), path.resolve(workspaceFile)))
    return refuse('That is the workspace file itself. Choose another name for the calendar, ending in .ics.');
  if (isInside(target, realOrResolved(backupsFolderOf(workspaceFile))) || isInside(path.resolve(p), backupsFolderOf(workspaceFile)))
    return refuse(`${dir} is the workspace's backups folder, whose files are removed as backups age. Choose a file in another folder.`);
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(p);
  } catch {
    // Not there yet (or a link to nothing): the first refresh creates it.
  }
  if (st) {
    const notFile = notAFile(p, st);
    if (notFile) return refuse(notFile);
    let head: string | null;
    try {
      head = readHead(p);
    } catch (err) {
      if (err instanceof NotACalendarFile) return refuse(err.message);
      return refuse(`${p} exists but cannot be read (${(err as Error).message}). Choose another file, or allow reading it.`);
    }
    const foreign = head === null ? null : foreignCalendar(p, head, workspaceMark(workspaceFile));
    if (foreign) return refuse(foreign);
  }
  return { problem: null, path: p };
}

/** The file a calendar path names, its folder's links resolved, for telling two paths to one file apart (compare with `comparable`). */
export function calendarTarget(p: string): string {
  return path.join(realOrResolved(path.dirname(p)), path.basename(p));
}

/** The bad-input error of `set` for a path refused by calendarPathProblem. */
export function calendarPathError(problem: string): WorkbenchError {
  return new WorkbenchError(ErrorCode.INVALID_INPUT, problem, { issues: [{ path: 'path', message: problem }] });
}

/** The stored map of workspace files to calendar paths (`live-calendar.json`). */
export class LiveCalendarPaths {
  readonly file: string;

  constructor(
    configDir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(configDir, LIVE_CALENDAR_FILE);
  }

  /** The stored object, or null when missing or damaged (with whether it was damaged). */
  private read(): { fields: Record<string, unknown> | null; damaged: boolean } {
    return readJsonObject(this.file, (why) => this.log.warn(`The live calendar setting could not be read (${why}); no live calendar is kept until it can.`));
  }

  private static calendarsOf(fields: Record<string, unknown> | null): Record<string, unknown> {
    const c = fields?.calendars;
    return c && typeof c === 'object' && !Array.isArray(c) ? (c as Record<string, unknown>) : {};
  }

  /** The kept path of a workspace file; a damaged setting counts as none and is written again, empty. */
  get(workspaceFile: string): string | null {
    const { fields, damaged } = this.read();
    if (damaged) {
      this.log.warn(`${this.file} was damaged: no live calendar is kept, and the file is written again.`);
      try {
        this.save({ calendars: {} });
      } catch {
        // Logged by save; the answer stands.
      }
      return null;
    }
    const value = LiveCalendarPaths.calendarsOf(fields)[workspaceKey(workspaceFile)];
    return typeof value === 'string' && value ? value : null;
  }

  /** Every kept pair, by workspace key. */
  all(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(LiveCalendarPaths.calendarsOf(this.read().fields))) if (typeof v === 'string' && v) out[k] = v;
    return out;
  }

  put(workspaceFile: string, calendar: string | null): void {
    const { fields } = this.read();
    const calendars = { ...LiveCalendarPaths.calendarsOf(fields) };
    if (calendar === null) delete calendars[workspaceKey(workspaceFile)];
    else calendars[workspaceKey(workspaceFile)] = calendar;
    this.save({ ...(fields ?? {}), calendars });
  }

  private save(fields: Record<string, unknown>): void {
    try {
      writeFileAtomically(this.file, `${JSON.stringify({ version: 1, ...fields }, null, 2)}\n`);
    } catch (err) {
      this.log.warn(`The live calendar setting could not be saved to ${this.file}: ${(err as Error).message}`);
      throw err;
    }
  }
}
