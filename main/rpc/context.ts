import type { EventName, WorkbenchEvents } from '../../core/contract/index';
import type { Db } from '../../db/client';

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

/** Everything a handler may use. Rules take time from `clock`, never from `new Date()`. */
export interface HandlerContext {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Who is acting, written to the change log. */
  actor: string;
  /** Which machine the change came from, written to the change log. */
  device: string;
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
}
