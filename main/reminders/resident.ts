/**
 * The resident reminder loop (the `reminders.*` channels' RemindersPort), free of Electron so it runs
 * under Node: the desktop app holds one for its tray, the web harness one for its page. Each check (at
 * start, every 15 minutes, on resume, "Check now", a switch of workspace, the digest's time) runs the
 * desktop-notification scheduler, rewrites the live calendar (a new day moves overdue reviews to today),
 * sends the e-mail digest that is due unless reminders are paused today, and tells the windows and the
 * tray when anything they show changed. The digest is sent in the background, one run at a time, so a
 * slow server holds up neither the check nor "Check now". A write in the workspace repaints the count and
 * rewrites the live calendar once a burst of writes is over (DATA_CHANGED_DELAY_MS after the last one,
 * at most DATA_CHANGED_MAX_WAIT_MS after the first); one calendar refresh runs at a time. Each step of a
 * check runs on when another fails; nothing throws out of a timer: failures are logged and shown.
 *
 * This device's part lives in the config folder: reminders.json (start at login, the pause per
 * workspace, the reminder settings last seen: main/reminders/device-settings.ts), the live calendar's path
 * (main/reminders/live-calendar.ts) and the SMTP password (a SecretStore, never the workspace).
 */
import type { ReminderState } from '@core/contract/reminders';
import { ErrorCode, WorkbenchError } from '@core/errors';
import type { HandlerContext, RemindersPort } from '../rpc/context';
import { getSettings } from '../services/settings';
import { DeviceSettings, pauseEnd } from './device-settings';
import { reminderFacts } from './digest';
import { sendTestMessage } from './email/index';
import { LiveCalendar } from './live-calendar';
import { Debounced, Serial } from './resident-coalesce';
import { ResidentEmail } from './resident-email';
import { systemTimers, type ResidentDeps, type ResidentTimers } from './resident-types';
import { CHECK_EVERY_MS, ReminderScheduler, type ReminderFacts } from './scheduler';
import { trayModel, type TrayModel } from './tray-model';

/** A burst of writes is over when none came for this long: then one repaint and calendar rewrite. */
export const DATA_CHANGED_DELAY_MS = 2000;
/** A burst that goes on (a long import) is still repainted this long after its first write. */
export const DATA_CHANGED_MAX_WAIT_MS = 30_000;

export type { LoginItemPort, ResidentDeps, ResidentTimers } from './resident-types';

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class ResidentApp implements RemindersPort {
  private readonly timers: ResidentTimers;
  private readonly device: DeviceSettings;
  private readonly calendar: LiveCalendar;
  private readonly email: ResidentEmail;
  private readonly scheduler: ReminderScheduler;
  private interval: unknown = null;
  private digestTimer: unknown = null;
  private readonly refresh: Debounced;
  private readonly calendarRun: Serial;
  private checking: Promise<void> | null = null;
  private stopped = false;
  private counts = { overdue: 0, due: 0 };
  private lastCheckAt: string | null = null;
  private lastState: string | null = null;
  private lastTray: string | null = null;
  private lastBadge: number | null = null;
  private current: ReminderState | null = null;

  private constructor(private readonly deps: ResidentDeps) {
    this.timers = deps.timers ?? systemTimers;
    this.device = new DeviceSettings(deps.configDir, deps.log);
    this.calendar = new LiveCalendar({ configDir: deps.configDir, log: deps.log });
    this.email = new ResidentEmail(deps.secrets, deps.log, deps.email?.transportOptions);
    this.refresh = new Debounced(this.timers, () => this.runRefresh(), DATA_CHANGED_DELAY_MS, DATA_CHANGED_MAX_WAIT_MS);
    this.calendarRun = new Serial(() => this.writeCalendar());
    this.scheduler = new ReminderScheduler(
      () => this.facts(),
      deps.now,
      {
        notify: (n) => deps.notify(n),
        setBadge: () => {},
      },
      undefined,
      (err) => deps.log.error(`The reminder check failed: ${message(err)}`),
    );
  }

  /** Starts the loop: the first check at once, then every 15 minutes (CHECK_EVERY_MS). */
  static start(deps: ResidentDeps): ResidentApp {
    const app = new ResidentApp(deps);
    app.recordSettings();
    app.interval = app.timers.setInterval(() => void app.check(), CHECK_EVERY_MS);
    void app.check();
    return app;
  }

  stop(): void {
    this.stopped = true;
    if (this.interval !== null) this.timers.clearInterval(this.interval);
    if (this.digestTimer !== null) this.timers.clearTimeout(this.digestTimer);
    this.refresh.cancel();
    this.interval = this.digestTimer = null;
  }

  /**
   * A write happened (the host's 'data.changed'): the count and the live calendar follow once the burst
   * is over. A saved reminder setting is noticed at once (start at login may turn on).
   */
  dataChanged(change?: { entity: string }): void {
    if (this.stopped) return;
    if (change?.entity === 'settings') this.noticeSettingsSaved();
    this.refresh.poke();
  }

  /** The open workspace changed (a switch, a restore): its reminder settings are recorded as seen, everything is read again. */
  workspaceChanged(): void {
    this.recordSettings();
    void this.check();
  }

  /** After sleep or unlock: the 15-minute timer may have missed the digest's time or the day's change. */
  resume(): void {
    void this.check();
  }

  trayModel(): TrayModel {
    const s = this.current ?? this.state();
    return trayModel({
      overdue: s.overdue,
      due: s.due,
      pausedToday: s.pausedToday,
      failing: s.email.failing?.error ?? null,
      problem: s.email.problem,
    });
  }

  /** Whether reminders are paused now, read at the moment of asking (the tray's checkbox acts on it). */
  isPaused(): boolean {
    return this.pausedToday(this.deps.host.workspaceContext);
  }

  /** Settles pending work: a repaint waiting for its burst runs now (tests and shutdown, before stop). */
  async flush(): Promise<void> {
    if (this.refresh.waiting) void this.refresh.now();
    for (;;) {
      const pending = [this.refresh.pending, this.checking, this.calendarRun.pending, this.email.inProgress].filter((p) => p !== null);
      if (!pending.length) return;
      await Promise.all(pending);
    }
  }

  // ---- RemindersPort -------------------------------------------------------------------------------

  state(): ReminderState {
    const ctx = this.deps.host.workspaceContext;
    const file = this.deps.host.file;
    const now = this.deps.now();
    const paused = this.pausedToday(ctx);
    const loginItem = this.deps.loginItem;
    let email: ReminderState['email'];
    try {
      email = this.email.state(ctx, now, paused);
    } catch (err) {
      this.deps.log.warn(`The e-mail digest's state could not be read: ${message(err)}`);
      email = this.email.state(null, now, paused);
    }
    return {
      overdue: this.counts.overdue,
      due: this.counts.due,
      pausedToday: paused,
      startAtLogin: { supported: loginItem !== null, on: loginItem ? this.safe(() => loginItem.get(), false) : false },
      resident: this.deps.resident,
      liveCalendar: { ...this.calendar.state(file), canChoose: Boolean(this.deps.chooseCalendarFile) },
      email,
      lastCheckAt: this.lastCheckAt,
    };
  }

  async checkNow(): Promise<ReminderState> {
    await this.check();
    return this.current ?? this.state();
  }

  /** Pauses the open workspace's reminders until its next midnight (its zone); none open: refused. */
  pauseToday(paused: boolean): ReminderState {
    const ctx = this.deps.host.workspaceContext;
    if (!ctx && paused) throw new WorkbenchError(ErrorCode.REFUSED, 'No workspace is open: open one to pause its reminders.');
    this.device.pause(this.deps.host.file, paused && ctx ? pauseEnd(this.deps.now(), getSettings(ctx).timeZone) : null);
    // Ending the pause: what was held is announced (and a digest due today sent) at once.
    if (!paused) void this.check();
    return this.publish();
  }

  setStartAtLogin(on: boolean): ReminderState {
    const loginItem = this.deps.loginItem;
    if (!loginItem) throw new WorkbenchError(ErrorCode.REFUSED, 'Start at login is set in the desktop app.');
    loginItem.set(on);
    this.device.update({ startAtLogin: on });
    return this.publish();
  }

  async setLiveCalendar(input: { choose: true } | { path: string | null }): Promise<ReminderState> {
    let chosen: string | null;
    if ('choose' in input) {
      const choose = this.deps.chooseCalendarFile;
      if (!choose) throw new WorkbenchError(ErrorCode.REFUSED, 'This program has no save dialog: type the path of the calendar file (.ics) instead.');
      chosen = await choose();
      if (chosen === null) return this.state();
    } else {
      // Blank text is passed on for the calendar's own check to refuse; only null turns it off.
      chosen = input.path === null ? null : input.path.trim();
    }
    this.calendar.set(this.deps.host.file, chosen);
    if (chosen) await this.calendarRun.ask();
    return this.publish();
  }

  setSmtpPassword(password: string): ReminderState {
    this.deps.secrets.set(this.email.passwordKey(this.requireWorkspace()), password);
    return this.publish();
  }

  clearSmtpPassword(): ReminderState {
    this.deps.secrets.delete(this.email.passwordKey(this.requireWorkspace()));
    return this.publish();
  }

  async sendTest(to: string | undefined): Promise<{ sent: boolean; recipients: string[]; message: string; state: ReminderState }> {
    const ctx = this.requireWorkspace();
    const transportOptions = this.deps.email?.transportOptions;
    const result = await sendTestMessage(ctx, {
      ...(to ? { to } : {}),
      password: this.email.password(ctx),
      now: this.deps.now(),
      ...(transportOptions ? { transportOptions } : {}),
    });
    return { sent: result.sent, recipients: result.recipients, message: result.message, state: this.publish() };
  }

  // ---- the loop -----------------------------------------------------------------------------------

  /** One check; a check asked while one runs waits for it and then runs again (it may have missed a change). */
  private check(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const run = (this.checking ?? Promise.resolve()).then(() => this.runCheck());
    this.checking = run;
    void run.finally(() => {
      if (this.checking === run) this.checking = null;
    });
    return run;
  }

  /** Each step on its own: a failing one is logged and the others still run. The digest runs in the background. */
  private async runCheck(): Promise<void> {
    if (this.stopped) return;
    const ctx = this.deps.host.workspaceContext;
    const now = this.deps.now();
    this.lastCheckAt = now.toISOString();
    this.step('The reminder notifications could not be checked', () => this.scheduler.check());
    await this.calendarRun.ask();
    this.step('The e-mail digest could not start', () => {
      if (ctx && !this.pausedToday(ctx)) void this.email.run(ctx, now).then(() => this.afterDigest());
    });
    this.afterDigest();
  }

  private afterDigest(): void {
    if (this.stopped) return;
    this.step('The reminder state could not be shown', () => this.publish());
    this.step('The digest time could not be planned', () => this.planDigest());
  }

  private step(what: string, fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      this.deps.log.error(`${what}: ${message(err)}`);
    }
  }

  /** The repaint after writes: counts, live calendar, state. */
  private async runRefresh(): Promise<void> {
    if (this.stopped) return;
    const ctx = this.deps.host.workspaceContext;
    this.step('The reminder count could not be brought up to date', () => this.countFrom(ctx ? reminderFacts(ctx) : null));
    await this.calendarRun.ask();
    this.afterDigest();
  }

  /** The scheduler's facts, with this device's pause; no workspace (the recovery screen): nothing due. */
  private facts(): ReminderFacts {
    const ctx = this.deps.host.workspaceContext;
    const f = ctx ? reminderFacts(ctx) : null;
    this.countFrom(f);
    if (!f) {
      return {
        today: this.deps.now().toISOString().slice(0, 10),
        timeZone: 'UTC',
        quietHoursStart: null,
        quietHoursEnd: null,
        notificationsOn: false,
        overdue: [],
        due: [],
      };
    }
    return { ...f, paused: this.pausedToday(ctx) };
  }

  private countFrom(f: ReminderFacts | null): void {
    this.counts = { overdue: f?.overdue.length ?? 0, due: f?.due.length ?? 0 };
    if (this.counts.overdue !== this.lastBadge) {
      this.lastBadge = this.counts.overdue;
      this.safe(() => this.deps.setBadge?.(this.counts.overdue), undefined);
    }
  }

  /** Rewrites the open workspace's live calendar (one at a time: this.calendarRun). */
  private async writeCalendar(): Promise<void> {
    const ctx = this.deps.host.workspaceContext;
    if (!ctx) return;
    try {
      const r = await Promise.resolve(this.calendar.refresh(ctx, this.deps.host.file));
      if (r.error) this.deps.log.warn(`The live calendar could not be written: ${r.error}`);
    } catch (err) {
      this.deps.log.warn(`The live calendar could not be written: ${message(err)}`);
    }
  }

  /** The open workspace's reminder settings are recorded as seen (at start, a switch, a restore): no save by the user. */
  private recordSettings(): void {
    const ctx = this.deps.host.workspaceContext;
    if (!ctx) return;
    this.step('The reminder settings could not be recorded', () => this.device.recordSettings(this.deps.host.file, getSettings(ctx)));
  }

  /**
   * Start at login turns on by itself after the first reminder setting saved in this program (a
   * 'settings' write its host announced), while it has not been decided on this device.
   */
  private noticeSettingsSaved(): void {
    const ctx = this.deps.host.workspaceContext;
    if (!ctx) return;
    const loginItem = this.deps.loginItem;
    if (this.device.recordSettings(this.deps.host.file, getSettings(ctx)) && loginItem) {
      try {
        loginItem.set(true);
        this.device.update({ startAtLogin: true });
        this.deps.log.info('A reminder setting was saved: the app now starts at login, hidden in the tray (Settings → Reviews and reminders turns it off).');
      } catch (err) {
        this.deps.log.warn(`Start at login could not be turned on: ${message(err)}`);
      }
    }
  }

  /** The digest's time before the next 15-minute check: a check then, so it goes out on time. */
  private planDigest(): void {
    if (this.stopped) return;
    if (this.digestTimer !== null) this.timers.clearTimeout(this.digestTimer);
    this.digestTimer = null;
    const at = this.current?.email.nextSendAt;
    if (!at) return;
    const wait = Date.parse(at) - this.deps.now().getTime();
    if (wait > 0 && wait < CHECK_EVERY_MS)
      this.digestTimer = this.timers.setTimeout(() => {
        this.digestTimer = null;
        void this.check();
      }, wait);
  }

  /** Tells the windows and the tray when what they show changed (the time of the last check alone is no change). */
  private publish(): ReminderState {
    const s = this.state();
    this.current = s;
    const key = JSON.stringify({ ...s, lastCheckAt: null });
    if (key !== this.lastState) {
      this.lastState = key;
      this.safe(() => this.deps.emit(s), undefined);
    }
    const tray = this.trayModel();
    const trayKey = JSON.stringify(tray);
    if (trayKey !== this.lastTray) {
      this.lastTray = trayKey;
      this.safe(() => this.deps.onTray?.(tray), undefined);
    }
    return s;
  }

  /** Paused: the open workspace's pause has not ended yet (no workspace open: no pause). */
  private pausedToday(ctx: HandlerContext | null): boolean {
    return ctx !== null && this.device.pausedAt(this.deps.host.file, this.deps.now());
  }

  private requireWorkspace(): HandlerContext {
    const ctx = this.deps.host.workspaceContext;
    if (!ctx) throw new WorkbenchError(ErrorCode.REFUSED, 'No workspace is open: open one to set up its e-mail digest.');
    return ctx;
  }

  private safe<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (err) {
      this.deps.log.warn(`A reminder update could not be shown: ${message(err)}`);
      return fallback;
    }
  }
}
