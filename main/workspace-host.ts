/**
 * The workspace host: what the desktop shell (main/index.ts) and the web harness (main/web.ts) both run
 * to hold the open workspace. It holds the current Session, or, when the file failed its checks at open,
 * the recovery state (the file is then never written, migrated or moved); it dispatches every call of
 * the transports; it opens, creates and switches workspaces and keeps the recent list; it swaps the file
 * for a restored one (replaceWorkspace) so that a crash at any step leaves the old or the new workspace
 * whole; and it runs the automatic backup at open and hourly. See docs/ARCHITECTURE.md, "Workspace host".
 */
import path from 'node:path';
import type { EventName, WorkbenchEvents } from '@core/contract/index';
import type { WorkspaceState } from '@core/contract/workspace';
import { ErrorCode, WorkbenchError, type RpcResult } from '@core/errors';
import { isChannel } from '@core/contract/index';
import { WorkspaceOpenError } from '@db/client';
import { nativeModuleProblem } from './open-problem';
import {
  consoleLogger,
  deriveContext,
  systemClock,
  type Caller,
  type HandlerContext,
  type WorkspaceHost as HostPort,
  type WorkspaceSwitcher,
} from './rpc/context';
import { Registry } from './rpc/registry';
import { handlers } from './services/handlers';
import { openSession, type Session, type SessionOptions } from './session';
import { closeWorkers } from './workers/index';
import { copyAside, workspaceNameOf } from './workspace-host-files';
import { BackupRunner, busyError, CallGate, isWriteChannel, stalePageError } from './workspace-host-gate';
import { replaceFile } from './workspace-host-swap';

export type { SwapStep } from './workspace-host-swap';
import { newWorkspaceFile, RecentList, targetFile } from './workspace-host-recent';
import { noWorkspaceError, switchRefusal, recoveryContext, recoveryStateOf, worksInRecovery, type RecoveryState } from './workspace-host-recovery';

export const APP_NAME = 'Rollout Workbench';

export interface WorkspaceHostOptions {
  /** Where the recent list is kept (Electron: userData; web harness: --config-dir; tests: a temp folder). */
  configDir: string;
  /** How each workspace is opened (migrations folder, native build, read-only, clock, log, actor...); `create` is the host's. */
  session?: Omit<SessionOptions, 'create' | 'createHint'>;
  /** Tells the windows (events of every session, and 'workspace.changed'). */
  emit?: (event: string, payload: unknown) => void;
  /** A folder chosen in main (desktop: a dialog; web harness: --export-dir). */
  chooseFolder?: (title: string) => Promise<string | null>;
  /** A file chosen in main's dialog (desktop only). */
  chooseFile?: HostPort['chooseFile'];
  /** Shows a file in the file manager (desktop only). */
  reveal?: (file: string) => void;
  /** Called whenever the open workspace changes (the shell sets the title and the Open Recent menu). */
  onChange?: (host: WorkspaceHost) => void;
  /** Runs the automatic backup at open and hourly (default true; tests turn it off). */
  automaticBackups?: boolean;
}

export class WorkspaceHost implements HostPort {
  private current: Session | null = null;
  private recovery: RecoveryState | null = null;
  private readonly recent: RecentList;
  private readonly registry: Registry;
  private busy: string | null = null;
  private readonly backups = new BackupRunner();
  private readonly gate = new CallGate();
  private readonly retired = new WeakSet<HandlerContext>(); // closed sessions' contexts: a late event reaches no window
  private lastFile = ''; // the file open now or on the recovery screen; kept during a swap
  readonly workspaces: WorkspaceSwitcher;
  chooseFile?: HostPort['chooseFile'];
  /** The app's updater (main/updates), set by the program once it has started it. */
  updates?: HostPort['updates'];
  /** The resident reminder loop (main/reminders/resident.ts), set by the program once it has started it. */
  reminders?: HostPort['reminders'];

  private constructor(private readonly opts: WorkspaceHostOptions) {
    this.recent = new RecentList(opts.configDir);
    this.registry = new Registry(handlers, { checkOutput: opts.session?.checkOutput ?? process.env.NODE_ENV !== 'production' });
    if (opts.chooseFile) this.chooseFile = opts.chooseFile;
    this.workspaces = {
      state: () => this.state(),
      open: (target) => this.openTarget(target),
      create: (name, where) => this.create(name, where),
      forget: (id) => this.forget(id),
      copyAside: () => this.copyAside(),
      reveal: () => this.reveal(),
    };
  }

  /**
   * Opens `file` as the first workspace. A file that fails its checks puts the host in recovery mode
   * (the window shows the recovery screen); a broken installation (the native module) is thrown, since
   * no workspace could open at all, and so is a missing or empty file that `create` does not allow.
   */
  static start(file: string, opts: WorkspaceHostOptions, create: Pick<SessionOptions, 'create' | 'createHint'> = { create: 'allow' }): WorkspaceHost {
    const host = new WorkspaceHost(opts);
    const abs = path.resolve(file);
    host.lastFile = abs;
    try {
      host.adopt(host.openSessionAt(abs, create));
    } catch (err) {
      // A missing or empty file where none may be created is a mistyped path, said as such by the program
      // that was given it; a broken installation is no problem of the file. Neither is a recovery screen.
      if (!(err instanceof WorkspaceOpenError) || err.problem === 'missing' || err.problem === 'empty' || nativeModuleProblem(err.message)) throw err;
      host.recovery = recoveryStateOf(abs, err.problem, err.message);
      host.log.warn(`${host.recovery.screen.title}: ${err.message}`);
    }
    if (opts.automaticBackups !== false) host.backups.startHourly(() => host.runAutomaticBackup());
    return host;
  }

  get session(): Session | null {
    return this.current;
  }

  get recoveryState(): RecoveryState | null {
    return this.recovery;
  }

  /** The workspace file open now, or the one the recovery screen is about. */
  get file(): string {
    return this.current?.workspace.file ?? this.recovery?.file ?? this.lastFile;
  }

  get title(): string {
    const name = workspaceNameOf(this.file);
    if (this.recovery) return `${name} — ${APP_NAME} — recovery`;
    return `${name} — ${APP_NAME}${this.current?.workspace.readOnlyReason ? ' (read-only)' : ''}`;
  }

  private get log() {
    return this.opts.session?.log ?? consoleLogger;
  }

  private get clock() {
    return this.opts.session?.clock ?? systemClock;
  }

  /**
   * One call from a transport: the session's registry, or in recovery the channels that need no
   * workspace. While the workspace is being replaced (a switch, a restore) every call but
   * workspace.state answers BUSY, and a write from a page that has not asked workspace.state since the
   * last change is refused: it would land in a workspace the page does not show.
   */
  dispatch(channel: string, input: unknown, caller?: Caller): Promise<RpcResult<unknown>> {
    if (channel === 'workspace.state') {
      if (caller) this.gate.caughtUp(caller.id);
      if (this.busy) return Promise.resolve({ ok: true, value: this.state() });
    } else if (this.busy) {
      return Promise.resolve({ ok: false, error: busyError().toWire() });
    } else if (caller && isWriteChannel(channel) && this.gate.isBehind(caller.id)) {
      return Promise.resolve({ ok: false, error: stalePageError().toWire() });
    }
    return this.gate.run(() => this.route(channel, input, caller));
  }

  private route(channel: string, input: unknown, caller?: Caller): Promise<RpcResult<unknown>> {
    const own = caller ? { caller } : {};
    if (this.current) return this.current.registry.dispatch(channel, input, deriveContext(this.current.ctx, own));
    const state = this.recovery;
    if (!state) return Promise.resolve({ ok: false, error: busyError().toWire() });
    if (isChannel(channel) && !worksInRecovery(channel)) return Promise.resolve({ ok: false, error: noWorkspaceError(state).toWire() });
    return this.registry.dispatch(channel, input, deriveContext(this.recoveryCtx(state), own));
  }

  /** The open session's context for the reminder loop (main/reminders/resident.ts); null on the recovery screen. */
  get workspaceContext(): HandlerContext | null {
    return this.current?.ctx ?? null;
  }

  private recoveryCtx(state: RecoveryState): HandlerContext {
    const s = this.opts.session ?? {};
    const ctx = recoveryContext(state, {
      clock: this.clock,
      log: this.log,
      ...(s.actor ? { actor: s.actor } : {}),
      ...(s.env ? { env: s.env } : {}),
      ...(s.device ? { device: s.device } : {}),
    });
    return this.wire(ctx);
  }

  private wire<C extends HandlerContext>(ctx: C): C {
    // Contexts derived from this one (a call's, a job's) share this function, so retiring `ctx` silences them too.
    ctx.emit = (event, payload) => {
      if (!this.retired.has(ctx)) this.emit(event, payload);
    };
    if (this.opts.chooseFolder) ctx.chooseFolder = this.opts.chooseFolder;
    ctx.host = this;
    return ctx;
  }

  private emit<E extends EventName>(event: E, payload: WorkbenchEvents[E]): void {
    this.opts.emit?.(event, payload);
  }

  state(): WorkspaceState {
    const file = this.file;
    const recovery = this.recovery;
    return {
      mode: recovery ? 'recovery' : 'open',
      file,
      name: workspaceNameOf(file),
      folder: path.dirname(file),
      title: this.title,
      readOnly: Boolean(this.current?.workspace.readOnlyReason),
      problem: recovery ? { title: recovery.screen.title, body: recovery.screen.body, actions: recovery.screen.actions } : null,
      recent: this.recent.view(file),
      canChooseFiles: Boolean(this.opts.chooseFile),
    };
  }

  private openSessionAt(file: string, create: Pick<SessionOptions, 'create' | 'createHint'>): Session {
    return openSession(file, { ...this.opts.session, ...create });
  }

  /**
   * Makes `session` the current one: wired to this host, first in the recent list, backed up when due.
   * Nothing here can fail once it is current: the recent list only helps find files, so a list that
   * cannot be written is logged, never a half-done switch.
   */
  private adopt(session: Session): void {
    this.wire(session.ctx);
    this.current = session;
    this.recovery = null;
    this.lastFile = session.workspace.file;
    try {
      this.recent.touch(session.workspace.file, this.clock.now());
    } catch (err) {
      this.log.warn(`The recent workspaces list could not be saved: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.runAutomaticBackup();
  }

  private runAutomaticBackup(): void {
    const s = this.current;
    if (this.opts.automaticBackups !== false && s && !s.workspace.readOnlyReason) this.backups.run(s.ctx, Boolean(this.busy));
  }

  /** The automatic backup running now, if any (tests wait on it). */
  automaticBackupDone(): Promise<void> {
    return this.backups.running ?? Promise.resolve();
  }

  private changed(): void {
    this.gate.generation++;
    this.emit('workspace.changed', { file: this.file });
    this.opts.onChange?.(this);
  }

  /**
   * Runs one change of workspace at a time: a second one asked meanwhile is refused, not queued. From
   * its start every other call answers BUSY (dispatch), and the calls accepted before it are waited for,
   * so nothing is written to the file once it is being copied or closed.
   */
  private async exclusive<T>(what: string, fn: () => Promise<T>): Promise<T> {
    if (this.busy) throw new WorkbenchError(ErrorCode.BUSY, `The workspace is being ${this.busy} now. Try again when it is done.`);
    this.busy = what;
    try {
      await this.gate.drained();
      return await fn();
    } finally {
      this.busy = null;
      if (this.backups.takeWanted()) this.runAutomaticBackup();
    }
  }

  /**
   * Opens `file` in place of the current workspace. When it cannot be opened the current one stays
   * open and the refusal carries the problem's words.
   */
  async open(
    file: string,
    create: Pick<SessionOptions, 'create' | 'createHint'> = { create: 'never', createHint: 'create a new workspace with "New workspace…"' },
  ): Promise<WorkspaceState> {
    return this.exclusive('switched', async () => {
      const abs = path.resolve(file);
      if (this.current && abs === this.current.workspace.file) return this.state();
      let next: Session;
      try {
        // The open one is left alone until the other has opened.
        next = this.openSessionAt(abs, create);
      } catch (err) {
        if (!(err instanceof WorkspaceOpenError)) throw err;
        throw switchRefusal(err, this.current ? `${workspaceNameOf(this.file)} stays open.` : 'The recovery screen stays.');
      }
      await this.closeCurrent();
      this.adopt(next);
      this.changed();
      return this.state();
    });
  }

  /** Closes the session and every connection of this program to its file (automatic backup, workers). */
  private async closeCurrent(): Promise<void> {
    await this.backups.running;
    // Workers keep a read connection to the file they started on: the next task starts fresh ones.
    try {
      await closeWorkers();
    } catch (err) {
      this.log.warn(`The workers could not be stopped cleanly: ${err instanceof Error ? err.message : String(err)}`);
    }
    const s = this.current;
    this.current = null;
    if (!s) return;
    this.retired.add(s.ctx);
    s.ctx.emit = () => {};
    try {
      s.close();
    } catch (err) {
      this.log.warn(`${s.workspace.file} did not close cleanly: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async openTarget(target: { recentId: string } | { choose: true }): Promise<WorkspaceState> {
    const file = await targetFile(target, this.recent, this.opts.chooseFile);
    return file ? this.open(file) : this.state();
  }

  async create(name: string, where: 'beside-current' | 'choose'): Promise<WorkspaceState> {
    const choose = this.opts.chooseFolder;
    const folder = where === 'beside-current' ? async () => path.dirname(this.file) : choose && (() => choose('Choose the folder for the new workspace'));
    const file = await newWorkspaceFile(name, folder);
    return file ? this.open(file, { create: 'allow' }) : this.state();
  }

  forget(id: string): WorkspaceState {
    const entry = this.recent.find(id);
    if (entry && entry.file === this.file) throw new WorkbenchError(ErrorCode.REFUSED, 'The open workspace stays in the list; open another one first.');
    if (!this.recent.forget(id)) throw new WorkbenchError(ErrorCode.NOT_FOUND, 'That workspace is no longer in the recent list.');
    return this.state();
  }

  /** Copies the file aside, beside it (main/workspace-host-files.ts); the original is never moved or changed. */
  copyAside(): Promise<string> {
    return copyAside(this.file, this.current?.workspace.sqlite ?? null, this.clock.now());
  }

  reveal(): { file: string; shown: boolean } {
    const file = this.file;
    if (!this.opts.reveal) return { file, shown: false };
    this.opts.reveal(file);
    return { file, shown: true };
  }

  /**
   * Replaces the workspace file by `prepared` (main/rpc/context.ts). Steps, each leaving the old or the
   * new file whole: a safety copy of the current file; the session and every connection of this program
   * closed; a check that no other program has the file open (refused then, reopened, nothing changed);
   * the new content written as a hidden `.partial`, fsynced and renamed over; the file opened again (an
   * older schema is migrated there, with its own backup first); the windows told. A damaged file (the
   * recovery screen) is checked for other programs first and then copied with its journal.
   */
  replaceWorkspace(prepared: string, opts: { label: string }): Promise<{ safetyCopy: string | null }> {
    return this.exclusive('replaced', () =>
      replaceFile(
        {
          file: this.file,
          session: this.current,
          recovery: this.recovery,
          now: this.clock.now(),
          nativeBinding: this.opts.session?.nativeBinding,
          closeCurrent: () => this.closeCurrent(),
          reopen: (file, before) => this.reopen(file, before),
          changed: () => this.changed(),
          problem: () => this.recovery?.message ?? '',
        },
        prepared,
        opts.label,
      ),
    );
  }

  /**
   * Opens `file` again (the same one, after a swap or a refusal); when it fails, the recovery screen
   * shows why. Given the mode `before`, the windows are told when the mode is not that any more.
   */
  private reopen(file: string, before?: 'open' | 'recovery'): boolean {
    try {
      this.adopt(this.openSessionAt(file, { create: 'never', createHint: 'restore a backup' }));
      if (before === 'recovery') this.changed();
      return true;
    } catch (err) {
      this.current = null;
      this.recovery =
        err instanceof WorkspaceOpenError
          ? recoveryStateOf(file, err.problem, err.message)
          : recoveryStateOf(file, 'unreadable', `${file} could not be opened again: ${err instanceof Error ? err.message : String(err)}`);
      this.log.warn(`${this.recovery.screen.title}: ${this.recovery.message}`);
      if (before === 'open') this.changed();
      return false;
    }
  }

  /** Ends the host: timer, workers and the session. */
  async close(): Promise<void> {
    this.backups.stopHourly();
    await this.closeCurrent();
  }
}
