/**
 * The live calendar's content (main/reminders/live-calendar.ts), built where it is heavy: in a worker
 * (this task) on a large workspace, in the calling thread on a small one. The content is the whole
 * workspace's reviews calendar with two header properties of this app's: which workspace the file is
 * kept for (so an existing file is taken over only when this app wrote it for this workspace) and a
 * hash of the content without export times (so a check that moves nothing writes nothing, and the next
 * run knows the file is current without reading it whole). Calendar applications ignore unknown
 * X- properties (RFC 5545, 3.8.8.2).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { HandlerContext } from '../rpc/context';
import { workspaceCalendar } from '../services/reviews-calendar';
import { contextOf, type TaskContextInput } from './context';

export const WORKSPACE_PROPERTY = 'X-ROLLOUT-WORKBENCH-WORKSPACE';
export const CONTENT_PROPERTY = 'X-ROLLOUT-WORKBENCH-CONTENT';

/** The content with the export time taken out, for telling whether anything a calendar shows changed. */
export function calendarWithoutStamps(content: string): string {
  return content.replace(/^DTSTAMP[:;][^\r\n]*(\r?\n[ \t][^\r\n]*)*/gm, 'DTSTAMP');
}

/** The mark of a workspace file in its live calendar's header: a hash of its absolute path (the path itself stays private). */
export function workspaceMark(workspaceFile: string): string {
  return createHash('sha256').update(path.resolve(workspaceFile)).digest('hex').slice(0, 32);
}

export interface LiveCalendarBuild {
  /** The hash of the content without export times (what CONTENT_PROPERTY holds). */
  hash: string;
  /** The file's text; null when `hash` equals the `knownHash` asked with (nothing to write, nothing to copy back). */
  content: string | null;
}

/** Builds the live calendar of the workspace `ctx` reads, marked for `mark` (workspaceMark). */
export function buildLiveCalendar(ctx: HandlerContext, mark: string, knownHash: string | null): LiveCalendarBuild {
  const { content } = workspaceCalendar(ctx);
  const hash = createHash('sha256').update(calendarWithoutStamps(content)).digest('hex').slice(0, 32);
  if (hash === knownHash) return { hash, content: null };
  const firstLineEnd = content.indexOf('\r\n') + 2;
  const header = `${WORKSPACE_PROPERTY}:${mark}\r\n${CONTENT_PROPERTY}:${hash}\r\n`;
  return { hash, content: content.slice(0, firstLineEnd) + header + content.slice(firstLineEnd) };
}

export interface LiveCalendarInput extends TaskContextInput {
  mark: string;
  knownHash: string | null;
}

export function liveCalendarTask(task: LiveCalendarInput): LiveCalendarBuild {
  return buildLiveCalendar(contextOf(task), task.mark, task.knownHash);
}
