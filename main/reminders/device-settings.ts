/**
 * This device's reminder settings, kept in `reminders.json` in the host's config folder beside the recent
 * workspaces list, written atomically: start at login (null until decided), per workspace file the instant
 * its pause ends (the next midnight in that workspace's zone), and per workspace file the reminder
 * settings last seen, by name (so that the first reminder setting saved can turn start at login on). A
 * missing file means the defaults; a damaged one means the defaults and is written again whole. Fields
 * this app does not know (a newer app's, or an older one's such as `pausedDay`) are kept.
 */
import path from 'node:path';
import type { Settings } from '@core/contract/settings';
import { addLocalDays, localDate, localTimeInstant } from '@core/domain/cadence';
import { EMAIL_DIGEST_SETTINGS } from '@core/domain/reminders';
import { readJsonObject } from '../files';
import type { Logger } from '../rpc/context';
import { writeFileAtomically } from '../workspace-host-recent';

export const REMINDER_SETTINGS_FILE = 'reminders.json';

export interface DeviceReminderSettings {
  /** null: not decided yet (turned on by the first reminder setting saved). */
  startAtLogin: boolean | null;
  /** Per workspace file, the instant its pause ends (ISO); a past instant means no pause. */
  pausedUntil: Record<string, string>;
  /** Per workspace file, the reminder settings last seen, by setting name (reminderSettingsOf). */
  seenSettings: Record<string, Record<string, unknown>>;
}

/** The workspace settings that are reminder settings: a change of any of them is "a reminder setting saved". */
const REMINDER_KEYS = [
  'desktopNotifications',
  'reminderTime',
  'quietHoursStart',
  'quietHoursEnd',
  ...EMAIL_DIGEST_SETTINGS,
] as const satisfies readonly (keyof Settings)[];

/** The reminder settings by name, as recorded for the comparison with the next save. */
export function reminderSettingsOf(s: Settings): Record<string, unknown> {
  return Object.fromEntries(REMINDER_KEYS.map((k) => [k, s[k]]));
}

/**
 * Whether a reminder setting differs from the ones seen, by name. Only names recorded before count: a
 * setting a newer release adds is no save by the user.
 */
export function reminderSettingChanged(seen: Record<string, unknown>, now: Record<string, unknown>): boolean {
  return Object.keys(seen).some((k) => k in now && JSON.stringify(seen[k]) !== JSON.stringify(now[k]));
}

/** When a pause asked at `now` ends: the next midnight in the workspace's zone (ISO). */
export function pauseEnd(now: Date, timeZone: string): string {
  return localTimeInstant(addLocalDays(localDate(now, timeZone), 1), '00:00', timeZone).toISOString();
}

const isRecord = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

export class DeviceSettings {
  readonly file: string;

  constructor(
    configDir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(configDir, REMINDER_SETTINGS_FILE);
  }

  private raw(): { fields: Record<string, unknown>; damaged: boolean } {
    const { fields, damaged } = readJsonObject(this.file, (why) => this.log.warn(`The reminder settings of this device could not be read (${why}).`));
    return { fields: fields ?? {}, damaged };
  }

  read(): DeviceReminderSettings {
    const { fields, damaged } = this.raw();
    if (damaged) {
      this.log.warn(`${this.file} was damaged: this device's reminder settings are back to their defaults, and the file is written again.`);
      this.save({});
    }
    // An older file's positional text per workspace is no longer read: the next open records the names.
    const seen: Record<string, Record<string, unknown>> = {};
    if (isRecord(fields.seenSettings)) for (const [k, v] of Object.entries(fields.seenSettings)) if (isRecord(v)) seen[k] = v;
    const paused: Record<string, string> = {};
    if (isRecord(fields.pausedUntil))
      for (const [k, v] of Object.entries(fields.pausedUntil)) if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) paused[k] = v;
    return {
      startAtLogin: typeof fields.startAtLogin === 'boolean' ? fields.startAtLogin : null,
      pausedUntil: paused,
      seenSettings: seen,
    };
  }

  /** Whether the pause of `workspaceFile` has not ended at `now`. */
  pausedAt(workspaceFile: string, now: Date): boolean {
    const until = this.read().pausedUntil[workspaceFile];
    return until !== undefined && now.getTime() < Date.parse(until);
  }

  /** Pauses `workspaceFile` until `until` (ISO), or ends its pause (null); the other workspaces' pauses stay. */
  pause(workspaceFile: string, until: string | null): void {
    const { [workspaceFile]: _ended, ...others } = this.read().pausedUntil;
    this.update({ pausedUntil: until ? { ...others, [workspaceFile]: until } : others });
  }

  /**
   * Records `settings` as the reminder settings seen for `workspaceFile`; true when a reminder setting
   * differs from the ones seen before (by name) while start at login is not decided yet.
   */
  recordSettings(workspaceFile: string, settings: Settings): boolean {
    const now = reminderSettingsOf(settings);
    const d = this.read();
    const seen = d.seenSettings[workspaceFile];
    this.update({ seenSettings: { ...d.seenSettings, [workspaceFile]: now } });
    return d.startAtLogin === null && seen !== undefined && reminderSettingChanged(seen, now);
  }

  /** Changes some fields, keeping the rest (and those this app does not know). A failure is logged, never thrown. */
  update(change: Partial<DeviceReminderSettings>): void {
    this.save({ ...this.raw().fields, ...change });
  }

  private save(fields: Record<string, unknown>): void {
    try {
      writeFileAtomically(this.file, `${JSON.stringify({ ...fields, version: 1 }, null, 2)}\n`);
    } catch (err) {
      this.log.warn(`The reminder settings of this device could not be saved to ${this.file}: ${(err as Error).message}`);
    }
  }
}
