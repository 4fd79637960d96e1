/** What the resident reminder loop (main/reminders/resident.ts) is given by the program that holds it. */
import type { ReminderState } from '@core/contract/reminders';
import type { HandlerContext, Logger } from '../rpc/context';
import type { TransportOptions } from './email/index';
import type { SecretStore } from './secret-store';
import type { TrayModel } from './tray-model';

export interface LoginItemPort {
  get(): boolean;
  set(on: boolean): void;
}

export interface ResidentTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(h: unknown): void;
}

export interface ResidentDeps {
  host: { readonly workspaceContext: HandlerContext | null; readonly file: string };
  configDir: string;
  now: () => Date;
  log: Logger;
  secrets: SecretStore;
  /** null: the program cannot start at login (the web harness). */
  loginItem: LoginItemPort | null;
  /** Closing the window keeps the app in the tray (the desktop app). */
  resident: boolean;
  /** Main's save dialog for the live calendar (desktop). */
  chooseCalendarFile?: () => Promise<string | null>;
  /** The desktop notification. */
  notify: (n: { title: string; body: string; overdue: number; due: number }) => void;
  /** Pushes the 'reminders.state' event. */
  emit: (state: ReminderState) => void;
  /** Repaints the tray (desktop). */
  onTray?: (model: TrayModel) => void;
  setBadge?: (overdue: number) => void;
  timers?: ResidentTimers;
  email?: { transportOptions?: TransportOptions };
}

const unref = (h: unknown) => (h as { unref?: () => void } | null)?.unref?.();
export const systemTimers: ResidentTimers = {
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms);
    unref(h);
    return h;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  setInterval: (fn, ms) => {
    const h = setInterval(fn, ms);
    unref(h);
    return h;
  },
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};
