/**
 * The updater the controller (main/updates/controller.ts) talks to: electron-updater in the desktop app
 * (main/electron/updater.ts), a reader of the same feed files in the web harness
 * (main/updates/feed-updater.ts), a fake in tests. Nothing here imports Electron.
 */
import type { RawReleaseNotes } from './release-notes';

/** A newer version the feed offers. */
export interface FoundUpdate {
  version: string;
  releaseName: string | null;
  /** As the feed gives them (HTML, Markdown, text or a list per version); turned into text by releaseNotesText. */
  releaseNotes: RawReleaseNotes;
  /** ISO date-time, when the feed says. */
  releaseDate: string | null;
}

export interface DownloadProgress {
  percent: number;
  transferred: number;
  total: number;
}

export type UpdateSupport = { supported: true } | { supported: false; reason: string };

export interface Updater {
  readonly currentVersion: string;
  /** Whether this build can update itself, and why not (a development run, a package type the updater does not handle). */
  readonly support: UpdateSupport;
  /** Asks the feed; a newer version, or null when this one is the latest. Rejects on a network or feed failure. */
  check(): Promise<FoundUpdate | null>;
  /** Downloads the version the last check found and verifies its checksum; rejects on a failure or a mismatch. */
  download(onProgress: (p: DownloadProgress) => void): Promise<void>;
  /**
   * Quits and starts the downloaded version; answers whether the program is restarting. When the restart
   * it started does not happen after all (the installer refused, the program did not quit in time), it
   * calls `failed` once instead.
   */
  installAndRestart(failed: (err: unknown) => void): boolean;
  /** The web harness: a restart is only recorded and the program runs on, so nothing waits for it to quit. */
  readonly restartIsRecordedOnly?: boolean;
  /** Ends what the updater keeps running (listeners); called when the program quits. */
  stop?(): void;
}

/** Timers the controller schedules with; tests drive a fake one. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending check never keeps the program alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export const NOT_PACKAGED_REASON = 'This build does not update itself: it runs from a development checkout.';
