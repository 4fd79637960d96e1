import type { EventName, WorkbenchEvents } from '@core/contract/index';
import type { WorkspaceState } from '@core/contract/workspace';
import type { ReminderState } from '@core/contract/reminders';
import type { UpdateState } from '@core/contract/updates';
import type { ReadableDb } from '@db/client';
import type { RunIdentity } from '../services/identity';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

export interface Logger {
  info(msg: string, extra?: Record<string, unknown>): void;
  warn(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  info: (m, e) => console.log(`[info] ${m}`, e ?? ''),
  warn: (m, e) => console.warn(`[warn] ${m}`, e ?? ''),
  error: (m, e) => console.error(`[error] ${m}`, e ?? ''),
};

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * The window or browser page that made a call. A long job it starts ends when it goes away (window
 * closed, page closed or reloaded): `signal` aborts then. Absent for the CLI and scripts.
 */
export interface Caller {
  id: string;
  signal: AbortSignal;
}

/**
 * What the program hosting the session (the desktop shell, the web harness) does with workspace
 * files, for the few channels that replace or switch the open workspace (main/workspace-host.ts).
 */
export interface WorkspaceHost {
  /**
   * Replaces the open workspace file (or the damaged one the recovery screen is about) by `prepared`, a
   * whole SQLite workspace already checked, keeping a backup of the current file first ('before-restore';
   * a plain copy when the current file is damaged). The session is closed, the file swapped atomically
   * and opened again; the windows are told to start afresh. Nothing changes when it throws.
   */
  replaceWorkspace(prepared: string, opts: { label: string }): Promise<{ safetyCopy: string | null }>;
  /** Picks an existing file in main's native dialog; null when cancelled. Absent where there is no dialog (web harness). */
  chooseFile?(kind: 'workspace' | 'backup' | 'bundle', title: string): Promise<string | null>;
  /** Opening, creating and switching workspaces and the recent list (the `workspace.*` channels); absent in bare test hosts. */
  workspaces?: WorkspaceSwitcher;
  /** The app keeping itself current (the `updates.*` channels, main/updates/controller.ts); absent where the program has none. */
  updates?: UpdatesPort;
  /** Reminders while the window is closed (the `reminders.*` channels, main/reminders/resident.ts); absent where the program has none. */
  reminders?: RemindersPort;
}

/** What the `reminders.*` channels ask of the program (main/reminders/resident.ts implements it). */
export interface RemindersPort {
  state(): ReminderState;
  checkNow(): Promise<ReminderState>;
  pauseToday(paused: boolean): ReminderState;
  setStartAtLogin(on: boolean): ReminderState;
  setLiveCalendar(input: { choose: true } | { path: string | null }): Promise<ReminderState>;
  setSmtpPassword(password: string): ReminderState;
  clearSmtpPassword(): ReminderState;
  sendTest(to: string | undefined): Promise<{ sent: boolean; recipients: string[]; message: string; state: ReminderState }>;
}

/** What the `updates.*` channels ask of the program (main/updates/controller.ts implements it). */
export interface UpdatesPort {
  state(): UpdateState;
  check(): Promise<UpdateState>;
  setAutomatic(on: boolean): UpdateState;
  install(): { restarting: boolean };
}

/**
 * The workspace files a host knows (main/workspace-host.ts). The page names recent workspaces by id
 * only: paths stay in main. Each call answers the state after it (core/contract/workspace.ts).
 */
export interface WorkspaceSwitcher {
  state(): WorkspaceState;
  open(target: { recentId: string } | { choose: true }): Promise<WorkspaceState>;
  create(name: string, where: 'beside-current' | 'choose'): Promise<WorkspaceState>;
  forget(recentId: string): WorkspaceState;
  /** Copies the current (or damaged) file and its journal files aside; answers the copy's path. */
  copyAside(): Promise<string>;
  /** Shows the file in the file manager where there is one; answers whether it was shown. */
  reveal(): { file: string; shown: boolean };
}

/**
 * Everything a handler may use. Rules take time from `clock`, never from `new Date()`. The database is
 * readable only: writing needs a WriteContext, which a channel gets when it is bound with `write` or
 * `writeInSteps` (main/rpc/bindings.ts).
 */
export interface HandlerContext {
  db: ReadableDb;
  clock: Clock;
  log: Logger;
  /**
   * Who is acting, written to the change log and every "by" field: the person chosen on this device, or
   * the device login (main/services/identity.ts). A session resolves it at each read, so a switch of
   * person applies to the next change.
   */
  readonly actor: string;
  /** Which machine the change came from ("login@host"), written to the change log. */
  device: string;
  /** What this run knows about who acts (the OS login, an actor named for the run, "Later"); absent in bare test contexts. */
  identity?: RunIdentity;
  /** Path of the workspace file. */
  workspacePath: string;
  schemaVersion: number;
  /** Tells connected windows that data changed, and reports progress of long jobs. */
  emit?: <E extends EventName>(event: E, payload: WorkbenchEvents[E]) => void;
  /**
   * A folder chosen on the main side for exports: a native dialog in the desktop app, the folder given
   * with --export-dir to the web harness. Absent where none can be chosen. Never a path from the page.
   */
  chooseFolder?: (title: string) => Promise<string | null>;
  /** Who made this call, for the jobs it starts (see Caller). */
  caller?: Caller;
  /** The program hosting this session, for restoring and switching workspaces; absent for the CLI and bare tests. */
  host?: WorkspaceHost;
}

/**
 * A copy of `ctx` with some fields set (the caller of one call, a job's quiet `emit`). Its getters stay
 * getters, so what the session reads live (the acting person) is still read live, not frozen by a spread.
 */
export function deriveContext<C extends HandlerContext>(ctx: C, own: Partial<C>): C {
  const fields = Object.getOwnPropertyDescriptors(ctx) as PropertyDescriptorMap;
  for (const [key, value] of Object.entries(own)) fields[key] = { value, enumerable: true, writable: true, configurable: true };
  return Object.defineProperties({}, fields) as C;
}

/**
 * What one write call has done so far. A channel bound with `write` runs in one transaction the
 * registry opens (`inCall`): its changes are told once, after the commit. Elsewhere (a channel bound
 * with `writeInSteps`, the writes made when a workspace opens) each `mutate` is its own transaction.
 */
export interface WriteScope {
  /** True while the registry's transaction for this call is open; false once it has committed or rolled back. */
  inCall: boolean;
  /** The records changed, in order, told to the windows after the commit. */
  readonly changed: { entity: string; id: string }[];
  /** History rows appended (recordChange). A call that changed rows and wrote no history is refused. */
  historyRows: number;
}

/** A context that may write: only `write` / `writeInSteps` bindings and `writerOf` make one. */
export interface WriteContext extends HandlerContext {
  readonly writes: WriteScope;
}

export function newWriteScope(inCall: boolean): WriteScope {
  return { inCall, changed: [], historyRows: 0 };
}

/**
 * A context that writes in its own transactions, for code that runs outside any channel: the writes
 * made when a workspace opens (main/session.ts), background jobs started by a call, scripts and tests
 * that call a service directly.
 */
export function writerOf(ctx: HandlerContext): WriteContext {
  return deriveContext(ctx as WriteContext, { writes: newWriteScope(false) });
}
