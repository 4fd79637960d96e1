/**
 * The app keeping itself current (the `updates.*` channels, core/contract/updates.ts), with no Electron
 * in it: it holds the UpdateState, checks a short while after start and then once a day when automatic
 * checks are on, downloads a newer version in the background, and offers "Restart to update" once it is
 * ready. A restart is refused while a long operation runs (main/updates/busy.ts). Every change of state
 * is pushed to every window as 'updates.state'. A failure anywhere in a check, a download or a restart
 * is a state ('error', in plain words), logged and tried again an hour later (then at the daily check);
 * nothing here ever rejects unhandled, and nothing is told or started after stop().
 * Once a restart passes the busy check, no new long operation may start (setRestarting) until the
 * program quits, or the restart fails and the latch is cleared.
 * See docs/ARCHITECTURE.md, "Updates".
 */
import type { UpdateState } from '@core/contract/updates';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { Clock, Logger } from '../rpc/context';
import { isRestarting, onLongOperationsChange, runningLongOperations, setRestarting } from './busy';
import { updateFailureMessage, withoutCredentials } from './failure';
import type { DownloadProgress, FoundUpdate, Timers, Updater } from './port';
import { systemTimers } from './port';
import { plainLine, RELEASE_NAME_MAX_CHARS, releaseNotesText, VERSION_MAX_CHARS } from './release-notes';

export const FIRST_CHECK_DELAY_MS = 30_000;
export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** After a first failure (no network at start), the next try comes this much later instead of a day. */
export const RETRY_AFTER_FAILURE_MS = 60 * 60 * 1000;

/** Where the choice "check automatically" is kept (main/updates/setting.ts). */
export interface AutomaticSetting {
  automatic(): boolean;
  setAutomatic(on: boolean): void;
}

export interface UpdateControllerOptions {
  updater: Updater;
  setting: AutomaticSetting;
  clock: Clock;
  log: Logger;
  /** Tells every window ('updates.state'). */
  emit: (state: UpdateState) => void;
  timers?: Timers;
  /** What holds a restart back now; default: the long operations of this program. */
  busy?: () => string[];
  firstCheckDelayMs?: number;
  intervalMs?: number;
  retryAfterFailureMs?: number;
}

type Mutable = Omit<UpdateState, 'currentVersion' | 'supported' | 'unsupportedReason' | 'automatic' | 'busy'>;

function listOf(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export class UpdateController {
  private s: Mutable = { status: 'idle', available: null, progress: null, lastCheckedAt: null, nextCheckAt: null, error: null };
  private timer: unknown = null;
  private checking: Promise<void> | null = null;
  private stopped = false;
  /** Failures in a row: the first is retried soon, later ones at the daily check. */
  private failures = 0;
  private readonly timers: Timers;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: UpdateControllerOptions) {
    this.timers = o.timers ?? systemTimers;
    // The banner and Settings show what holds a restart back as it starts and ends.
    this.unsubscribe = onLongOperationsChange(() => {
      if (this.s.status === 'ready') this.changed();
    });
  }

  private get supported(): boolean {
    return this.o.updater.support.supported;
  }

  private busyNow(): string[] {
    return (this.o.busy ?? runningLongOperations)();
  }

  state(): UpdateState {
    const support = this.o.updater.support;
    return {
      currentVersion: this.o.updater.currentVersion,
      supported: support.supported,
      unsupportedReason: support.supported ? null : support.reason,
      automatic: this.o.setting.automatic(),
      ...this.s,
      busy: this.busyNow(),
    };
  }

  private changed(): void {
    if (this.stopped) return;
    try {
      this.o.emit(this.state());
    } catch (err) {
      this.o.log.warn(`The update state could not be sent to the windows: ${(err as Error).message}`);
    }
  }

  /** Starts the schedule: the first check a short while after start, so start-up is not slowed. */
  start(): void {
    if (!this.supported) {
      this.o.log.info(`Automatic updates are off: ${this.state().unsupportedReason ?? ''}`);
      return;
    }
    if (this.o.setting.automatic()) this.schedule(this.o.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS);
  }

  /** Ends the schedule (the program quits). */
  stop(): void {
    this.stopped = true;
    this.unschedule();
    this.unsubscribe();
    this.o.updater.stop?.();
  }

  private schedule(inMs: number): void {
    this.unschedule();
    if (this.stopped || !this.supported || !this.o.setting.automatic()) return;
    this.s.nextCheckAt = new Date(this.o.clock.now().getTime() + inMs).toISOString();
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.run('automatic');
    }, inMs);
  }

  private unschedule(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.s.nextCheckAt = null;
  }

  /** The next daily check, counted from the last check. */
  private scheduleNext(): void {
    const interval = this.o.intervalMs ?? CHECK_INTERVAL_MS;
    const last = this.s.lastCheckedAt ? new Date(this.s.lastCheckedAt).getTime() : null;
    const now = this.o.clock.now().getTime();
    const soonest = this.o.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS;
    this.schedule(last === null ? soonest : Math.max(soonest, last + interval - now));
  }

  /** "Check now": also when automatic checks are off. Answers once the check has an answer; a download goes on in the background. */
  async check(): Promise<UpdateState> {
    if (!this.supported) throw new WorkbenchError(ErrorCode.REFUSED, this.state().unsupportedReason ?? 'This build does not update itself.');
    await this.run('asked');
    return this.state();
  }

  setAutomatic(on: boolean): UpdateState {
    this.o.setting.setAutomatic(on);
    if (!on) this.unschedule();
    else if (this.s.status !== 'checking' && this.s.status !== 'downloading') this.scheduleNext();
    this.changed();
    return this.state();
  }

  /** Restarts into the downloaded version; refused while a long operation runs or when none is ready. */
  install(): { restarting: boolean } {
    if (!this.supported) throw new WorkbenchError(ErrorCode.REFUSED, this.state().unsupportedReason ?? 'This build does not update itself.');
    if (this.s.status !== 'ready') throw new WorkbenchError(ErrorCode.REFUSED, this.notReadyMessage());
    const busy = this.busyNow();
    if (busy.length > 0)
      throw new WorkbenchError(
        ErrorCode.BUSY,
        `Not restarting now: ${listOf(busy)} ${busy.length > 1 ? 'are' : 'is'} running and would be cut short. Restart to update when ${busy.length > 1 ? 'they end' : 'it ends'}.`,
        { busy },
      );
    const version = this.s.available?.version ?? '';
    // Asked twice (a second click): the restart is already on its way.
    if (isRestarting()) return { restarting: true };
    this.o.log.info(`Restarting to install version ${version}.`);
    setRestarting(true);
    let restarting: boolean;
    try {
      restarting = this.o.updater.installAndRestart((err) => this.restartFailed(err));
    } catch (err) {
      this.restartFailed(err);
      throw new WorkbenchError(ErrorCode.REFUSED, this.s.error ?? 'The downloaded update could not be installed.');
    }
    if (!restarting || this.o.updater.restartIsRecordedOnly) setRestarting(false);
    return { restarting };
  }

  /** The restart did not happen: long operations may start again, and the page shows why. */
  private restartFailed(err: unknown): void {
    if (!isRestarting()) return;
    setRestarting(false);
    this.fail(err, 'install');
  }

  private notReadyMessage(): string {
    if (this.s.status === 'downloading') {
      const pct = this.s.progress ? ` (${Math.floor(this.s.progress.percent)}%)` : '';
      return `Version ${this.s.available?.version ?? ''} is still downloading${pct}. Restart to update once it is ready.`;
    }
    if (this.s.status === 'checking') return 'The app is checking for updates. Restart to update once a new version is downloaded.';
    return 'No update is ready to install. Use "Check now" to look for one.';
  }

  /** One check (and, when a newer version is found, its download in the background). Never rejects. */
  private run(why: 'automatic' | 'asked'): Promise<void> {
    if (this.checking) return this.checking;
    // A version ready or on its way is not looked for again; the next daily check comes after.
    if (this.s.status === 'downloading' || this.s.status === 'ready') {
      if (why === 'automatic') this.scheduleNext();
      return Promise.resolve();
    }
    this.checking = this.checkOnce().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    this.unschedule();
    this.s = { ...this.s, status: 'checking', error: null, progress: null };
    this.changed();
    // Whatever throws (the updater, or a feed of an unexpected shape) ends as an 'error' state.
    try {
      const found = await this.o.updater.check();
      if (this.stopped) return;
      this.s.lastCheckedAt = this.o.clock.now().toISOString();
      if (!found) {
        this.failures = 0;
        this.s = { ...this.s, status: 'up-to-date', available: null };
        this.scheduleNext();
        this.changed();
        return;
      }
      this.s = { ...this.s, status: 'downloading', progress: { percent: 0, transferred: 0, total: 0 }, available: availableOf(found) };
      this.o.log.info(`Version ${this.s.available?.version ?? ''} is available; downloading it in the background.`);
      this.changed();
    } catch (err) {
      this.fail(err, 'check');
      return;
    }
    void this.download();
  }

  private async download(): Promise<void> {
    let shown = -1;
    const onProgress = (p: DownloadProgress) => {
      if (this.stopped || this.s.status !== 'downloading') return;
      this.s.progress = { percent: Math.min(100, Math.max(0, p.percent)), transferred: p.transferred, total: p.total };
      // One event per whole percent, not one per chunk.
      const pct = Math.floor(this.s.progress.percent);
      if (pct !== shown) {
        shown = pct;
        this.changed();
      }
    };
    try {
      await this.o.updater.download(onProgress);
      if (this.stopped) return;
      this.failures = 0;
      this.s = { ...this.s, status: 'ready', progress: null };
      this.o.log.info(`Version ${this.s.available?.version ?? ''} is downloaded; it installs on restart.`);
      this.scheduleNext();
      this.changed();
    } catch (err) {
      this.fail(err, 'download');
    }
  }

  private fail(err: unknown, phase: 'check' | 'download' | 'install'): void {
    if (this.stopped) return;
    try {
      this.failures++;
      const message = updateFailureMessage(err, phase);
      this.o.log.warn(`Update ${phase} failed: ${message}`, { error: withoutCredentials(err instanceof Error ? err.message : String(err)) });
      this.s = { ...this.s, status: 'error', error: message, progress: null, lastCheckedAt: this.o.clock.now().toISOString() };
      this.s.available = null;
      // A first failure is tried again soon (the network may be back in an hour), later ones at the daily check.
      if (this.o.setting.automatic() && this.failures === 1) this.schedule(this.o.retryAfterFailureMs ?? RETRY_AFTER_FAILURE_MS);
      else this.scheduleNext();
    } catch (inner) {
      // Even the report failed (a setting that cannot be read): still an error state and a next check.
      this.s = { ...this.s, status: 'error', error: 'The update failed.', progress: null };
      this.o.log.warn(`Update ${phase} failed: ${String(inner)}`);
      this.schedule(this.o.intervalMs ?? CHECK_INTERVAL_MS);
    }
    this.changed();
  }
}

/** What the banner shows of a found version: text only, each part capped (main/updates/release-notes.ts). */
function availableOf(found: FoundUpdate): NonNullable<UpdateState['available']> {
  const version = plainLine(found.version, VERSION_MAX_CHARS);
  if (!version) throw new Error('The feed names no version.');
  const name = plainLine(found.releaseName, RELEASE_NAME_MAX_CHARS);
  return {
    version,
    releaseName: name && name !== version ? name : null,
    releaseNotes: releaseNotesText(found.releaseNotes),
    releaseDate: typeof found.releaseDate === 'string' && !Number.isNaN(Date.parse(found.releaseDate)) ? new Date(found.releaseDate).toISOString() : null,
  };
}
