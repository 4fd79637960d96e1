/**
 * The app's updates as the programs start them (main/index.ts, main/web.ts): a controller over an
 * updater, with the per-device setting in the host's config folder. See main/updates/controller.ts.
 */
import type { UpdateState } from '@core/contract/updates';
import { systemClock, type Clock, type Logger } from '../rpc/context';
import { UpdateController } from './controller';
import type { Timers, Updater } from './port';
import { UpdateSetting } from './setting';

export { UpdateController } from './controller';
export { NOT_PACKAGED_REASON, type Updater } from './port';

export interface StartUpdatesOptions {
  updater: Updater;
  /** The host's config folder (Electron's userData, the harness's --config-dir): the setting lives there. */
  configDir: string;
  log: Logger;
  emit: (state: UpdateState) => void;
  clock?: Clock;
  timers?: Timers;
  firstCheckDelayMs?: number;
}

/** A controller with its schedule started (the first check comes a short while later, when automatic checks are on). */
export function startUpdates(o: StartUpdatesOptions): UpdateController {
  const controller = new UpdateController({
    updater: o.updater,
    setting: new UpdateSetting(o.configDir, o.log),
    clock: o.clock ?? systemClock,
    log: o.log,
    emit: o.emit,
    ...(o.timers ? { timers: o.timers } : {}),
    ...(o.firstCheckDelayMs !== undefined ? { firstCheckDelayMs: o.firstCheckDelayMs } : {}),
  });
  controller.start();
  return controller;
}

/** An updater for a build that cannot update itself: it says why, and is never asked anything else. */
export function unsupportedUpdater(currentVersion: string, reason: string): Updater {
  const never = (): never => {
    throw new Error(reason);
  };
  return { currentVersion, support: { supported: false, reason }, check: never, download: never, installAndRestart: never };
}
