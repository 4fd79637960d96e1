/**
 * The recent workspaces list of a host: at most RECENT_MAX files, most recent first, kept as JSON in
 * the host's config folder (Electron's userData; the web harness's --config-dir) and written atomically
 * (a temporary file, fsynced, renamed). The page sees each entry by an id only, so no path it sends is
 * ever opened: a path reaches the host from main's own dialogs or its command line.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { WorkspaceName, type RecentWorkspace } from '@core/contract/workspace';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { WorkspaceHost } from './rpc/context';
import { workspaceNameOf } from './workspace-host-files';

export const RECENT_MAX = 10;
export const RECENT_FILE = 'recent-workspaces.json';

export interface RecentEntry {
  id: string;
  file: string;
  lastOpenedAt: string;
}

/** Stable per path, so an entry keeps its id across starts; it says nothing a page could turn into a path. */
export function recentIdOf(file: string): string {
  return crypto.createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 16);
}

/** Writes `text` to `file` so a crash leaves either the old or the new content, never a torn one. */
export function writeFileAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const fd = fs.openSync(partial, 'w');
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(partial, file);
}

export class RecentList {
  private readonly file: string;

  constructor(configDir: string) {
    this.file = path.join(configDir, RECENT_FILE);
  }

  /** The entries as stored; a missing or unreadable list is an empty one (it only helps find files). */
  entries(): RecentEntry[] {
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch {
      return [];
    }
    const list = (raw as { workspaces?: unknown }).workspaces;
    if (!Array.isArray(list)) return [];
    return list
      .filter((e): e is { file: string; lastOpenedAt: string } => typeof e?.file === 'string' && typeof e?.lastOpenedAt === 'string' && path.isAbsolute(e.file))
      .map((e) => ({ id: recentIdOf(e.file), file: e.file, lastOpenedAt: e.lastOpenedAt }))
      .slice(0, RECENT_MAX);
  }

  find(id: string): RecentEntry | null {
    return this.entries().find((e) => e.id === id) ?? null;
  }

  /** The entries as the page sees them: by id, with whether each file is still there and which is `current`. */
  view(current: string): RecentWorkspace[] {
    return this.entries().map((e) => ({
      id: e.id,
      name: workspaceNameOf(e.file),
      folder: path.dirname(e.file),
      lastOpenedAt: e.lastOpenedAt,
      exists: fs.existsSync(e.file),
      current: e.file === current,
    }));
  }

  /** Puts `file` first, opened at `at`. */
  touch(file: string, at: Date): void {
    const abs = path.resolve(file);
    const rest = this.entries().filter((e) => e.file !== abs);
    this.save([{ id: recentIdOf(abs), file: abs, lastOpenedAt: at.toISOString() }, ...rest].slice(0, RECENT_MAX));
  }

  /** Removes an entry; false when there was none with that id. */
  forget(id: string): boolean {
    const all = this.entries();
    const rest = all.filter((e) => e.id !== id);
    if (rest.length === all.length) return false;
    this.save(rest);
    return true;
  }

  private save(entries: RecentEntry[]): void {
    writeFileAtomically(
      this.file,
      `${JSON.stringify({ version: 1, workspaces: entries.map(({ file, lastOpenedAt }) => ({ file, lastOpenedAt })) }, null, 2)}\n`,
    );
  }
}

/** The file `workspace.open` names: a recent entry still on disk, or one chosen in main's dialog (null: cancelled). */
export async function targetFile(
  target: { recentId: string } | { choose: true },
  recent: RecentList,
  chooseFile: WorkspaceHost['chooseFile'],
): Promise<string | null> {
  if ('choose' in target) {
    if (!chooseFile)
      throw new WorkbenchError(
        ErrorCode.REFUSED,
        'Files are chosen in the desktop app. In the browser, open one of the recent workspaces, or start `npm run web -- --workspace FILE` on the file.',
      );
    return chooseFile('workspace', 'Open a workspace');
  }
  const entry = recent.find(target.recentId);
  if (!entry) throw new WorkbenchError(ErrorCode.NOT_FOUND, 'That workspace is no longer in the recent list. Open the list again and choose another.');
  if (!fs.existsSync(entry.file))
    throw new WorkbenchError(
      ErrorCode.NOT_FOUND,
      `${workspaceNameOf(entry.file)} is no longer in ${path.dirname(entry.file)} (moved or deleted). Forget it in the list, or open it where it is now.`,
    );
  return entry.file;
}

/** The file of a new workspace `<name>.sqlite` in the folder `folder()` answers (null: no folder chosen). */
export async function newWorkspaceFile(name: string, folder: (() => Promise<string | null>) | undefined): Promise<string | null> {
  // The contract's WorkspaceName checked it already; this is the same rule for any other caller.
  const checked = WorkspaceName.safeParse(name);
  if (!checked.success)
    throw new WorkbenchError(ErrorCode.INVALID_INPUT, checked.error.issues[0]!.message, {
      issues: [{ path: 'name', message: checked.error.issues[0]!.message }],
    });
  const clean = checked.data;
  if (!folder) throw new WorkbenchError(ErrorCode.REFUSED, 'No folder can be chosen here: create the workspace beside the current one.');
  const dir = await folder();
  if (!dir) return null;
  const file = path.join(dir, `${clean}.sqlite`);
  if (fs.existsSync(file)) {
    const message = `${clean}.sqlite already exists in ${dir}. Choose another name, or open it from the recent list.`;
    throw new WorkbenchError(ErrorCode.DUPLICATE, message, { issues: [{ path: 'name', message }] });
  }
  return file;
}
