/**
 * The desktop app's updater: electron-updater's `autoUpdater` behind the port the update controller
 * talks to (main/updates/port.ts). Thin on purpose: the schedule, the state, the refusals and the
 * release notes are the controller's, tested under Node. autoUpdater downloads as soon as a check finds
 * a newer version (autoDownload) and installs a downloaded version when the app quits normally
 * (autoInstallOnAppQuit), so "Restart to update" is only the quicker way. Only a packaged app updates
 * itself, and on Linux only the AppImage and the .deb (electron-updater says which it can handle).
 * A build without an update feed (no app-update.yml in its resources: a local `npm run dist` with
 * publish null) says it does not update itself rather than failing every day.
 * "Restart to update" is watched: electron-updater's quitAndInstall does nothing when its installer
 * refuses, and Squirrel on macOS rejects an unsigned update with only an 'error' event, so an 'error'
 * after it, or no quit within RESTART_TIMEOUT_MS, is reported to the controller as a failed restart.
 * It takes `autoUpdater` from its caller, so tests give it a fake emitter and this file never loads Electron.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AppUpdater, ProgressInfo, UpdateCheckResult, UpdateInfo } from 'electron-updater';
import type { Logger } from '../rpc/context';
import { withoutCredentials } from '../updates/failure';
import { foundUpdateOf } from '../updates/found';
import type { DownloadProgress, FoundUpdate, Timers, Updater, UpdateSupport } from '../updates/port';
import { NOT_PACKAGED_REASON, systemTimers } from '../updates/port';
import { unsupportedUpdater } from '../updates/index';
import { signedWithDeveloperId, UNSIGNED_MAC_REASON } from '../updates/mac-signature';

/** What this adapter uses of electron-updater's AppUpdater. */
export type AutoUpdaterLike = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'isUpdaterActive' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall' | 'on' | 'removeListener'
>;

export interface ElectronUpdaterOptions {
  /** app.isPackaged and app.getVersion() of Electron's app. */
  app: { isPackaged: boolean; getVersion(): string };
  /** electron-updater's autoUpdater, asked for only in a packaged app (creating it reads the package's files). */
  autoUpdater: () => AutoUpdaterLike;
  log: Logger;
  platform?: NodeJS.Platform;
  /** Where the package's resources are (process.resourcesPath): app-update.yml, the feed, is there. */
  resourcesPath?: string;
  timers?: Timers;
  restartTimeoutMs?: number;
  /** macOS: whether this app is signed with a Developer ID (main/updates/mac-signature.ts); asked only on macOS. */
  macSigned?: () => boolean;
  /** Linux: an update gave the AppImage a new file name (the start at login entry follows it). */
  onAppImageMoved?: (file: string) => void;
}

/** How long a restart into an update may take to quit the program before it counts as failed. */
export const RESTART_TIMEOUT_MS = 60_000;

export const NO_FEED_REASON =
  'This copy was built without an update feed (a local build), so it cannot update itself: download new versions from the releases page.';

function unsupportedReason(platform: NodeJS.Platform): string {
  if (platform === 'linux')
    return 'This copy was not installed from the AppImage or the .deb package, so it cannot update itself: install one of them from the releases page.';
  return 'This copy cannot update itself: download new versions from the releases page.';
}

function asText(m: unknown): string {
  // electron-updater logs feed addresses and request headers: never a credential in the log.
  return withoutCredentials(m instanceof Error ? m.message : String(m));
}

export function electronUpdater(o: ElectronUpdaterOptions): Updater {
  const currentVersion = o.app.getVersion();
  if (!o.app.isPackaged) return unsupportedUpdater(currentVersion, NOT_PACKAGED_REASON);
  const resources = o.resourcesPath ?? process.resourcesPath;
  if (!resources || !fs.existsSync(path.join(resources, 'app-update.yml'))) return unsupportedUpdater(currentVersion, NO_FEED_REASON);
  if ((o.platform ?? process.platform) === 'darwin' && !(o.macSigned ?? (() => signedWithDeveloperId(process.execPath)))())
    return unsupportedUpdater(currentVersion, UNSIGNED_MAC_REASON);
  const timers = o.timers ?? systemTimers;
  const au = o.autoUpdater();
  au.logger = {
    info: (m?: unknown) => o.log.info(`updater: ${asText(m)}`),
    warn: (m?: unknown) => o.log.warn(`updater: ${asText(m)}`),
    error: (m?: unknown) => o.log.error(`updater: ${asText(m)}`),
  };
  au.autoDownload = true;
  au.autoInstallOnAppQuit = true;
  // electron-updater reports failures as 'error' events as well as rejections; the rejections are handled by the controller.
  let restartFailed: ((err: unknown) => void) | null = null;
  let restartTimer: unknown = null;
  const endRestartWatch = () => {
    if (restartTimer !== null) timers.clearTimeout(restartTimer);
    restartTimer = null;
    restartFailed = null;
  };
  const onError = (err: Error) => {
    o.log.warn(`updater error: ${asText(err)}`);
    const failed = restartFailed;
    endRestartWatch();
    failed?.(err);
  };
  au.on('error', onError);
  const onMoved = o.onAppImageMoved;
  if (onMoved) au.on('appimage-filename-updated', (file: string) => onMoved(file));
  const support: UpdateSupport = au.isUpdaterActive() ? { supported: true } : { supported: false, reason: unsupportedReason(o.platform ?? process.platform) };
  if (!support.supported) return { ...unsupportedUpdater(currentVersion, support.reason), stop: () => au.removeListener('error', onError) };

  let pending: Promise<string[]> | null = null;
  return {
    currentVersion,
    support,
    async check(): Promise<FoundUpdate | null> {
      const result: UpdateCheckResult | null = await au.checkForUpdates();
      if (!result?.isUpdateAvailable) return null;
      pending = result.downloadPromise ?? null;
      // Watched by download(); never left to reject unobserved.
      pending?.catch(() => {});
      return foundOf(result.updateInfo);
    },
    async download(onProgress: (p: DownloadProgress) => void): Promise<void> {
      const progress = (p: ProgressInfo) => onProgress({ percent: p.percent, transferred: p.transferred, total: p.total });
      au.on('download-progress', progress);
      try {
        await (pending ?? au.downloadUpdate());
      } finally {
        pending = null;
        au.removeListener('download-progress', progress);
      }
    },
    installAndRestart(failed: (err: unknown) => void): boolean {
      endRestartWatch();
      restartFailed = failed;
      restartTimer = timers.setTimeout(() => {
        const f = restartFailed;
        endRestartWatch();
        f?.(new Error('The app did not restart to install the update (the installer did not start).'));
      }, o.restartTimeoutMs ?? RESTART_TIMEOUT_MS);
      try {
        // Not silent on Windows (the installer shows its progress), and the new version starts afterwards.
        au.quitAndInstall(false, true);
      } catch (err) {
        endRestartWatch();
        throw err;
      }
      return true;
    },
    stop(): void {
      // The program quits: a restart watch has nothing left to report.
      endRestartWatch();
      au.removeListener('error', onError);
    },
  };
}

function foundOf(info: UpdateInfo | null | undefined): FoundUpdate {
  return foundUpdateOf(info ?? {});
}
