/**
 * `updates.*`: the app keeping itself current from its releases (electron-updater in the desktop app).
 * It checks at start and once a day, downloads a newer version in the background and then offers
 * "Restart to update"; a restart never happens while an export or an import runs (`busy` names them).
 * Automatic checks can be turned off on this device (an agency that works offline); "Check now"
 * still works then. The state is the same for every window and is pushed as 'updates.state'.
 *
 * These channels touch no workspace: the choice is kept per device, beside the recent-workspaces
 * list, and the CLI has none of them.
 */
import { z } from 'zod';
import { Timestamp } from './fields';

export const UPDATE_STATUSES = [
  /** Nothing known yet (no check since start) or automatic checks off and none asked. */
  'idle',
  'checking',
  /** The last check found no newer version. */
  'up-to-date',
  /** A newer version is being downloaded in the background (`progress`). */
  'downloading',
  /** A newer version is downloaded and installs on restart ("Restart to update"). */
  'ready',
  /** The last check or download failed (`error` says why, in plain words); the next daily check tries again. */
  'error',
] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

export const AvailableUpdate = z.object({
  version: z.string(),
  /** The release's name when it has one other than the version. */
  releaseName: z.string().nullable(),
  /** The release notes as plain text (HTML from the release page is turned into text on the main side, never shown as HTML). */
  releaseNotes: z.string().nullable(),
  releaseDate: Timestamp.nullable(),
});
export type AvailableUpdate = z.infer<typeof AvailableUpdate>;

export const UpdateState = z.object({
  /** The running app's version. */
  currentVersion: z.string(),
  /** Whether this build can update itself at all; false in a development run, the web harness without a feed, or a package type the updater does not handle. */
  supported: z.boolean(),
  /** Why not, when `supported` is false, in words for the Settings page. */
  unsupportedReason: z.string().nullable(),
  /** Automatic checks (at start and daily) on this device. */
  automatic: z.boolean(),
  status: z.enum(UPDATE_STATUSES),
  /** The newer version found (downloading or ready); null otherwise. */
  available: AvailableUpdate.nullable(),
  /** Download progress while `status` is 'downloading'. */
  progress: z.object({ percent: z.number(), transferred: z.number(), total: z.number() }).nullable(),
  lastCheckedAt: Timestamp.nullable(),
  /** When the next automatic check is due; null when automatic checks are off or unsupported. */
  nextCheckAt: Timestamp.nullable(),
  /** What went wrong at the last check or download, in plain words; null otherwise. */
  error: z.string().nullable(),
  /** Long operations running now that hold a restart back ("an export of documents", "a spreadsheet import"); empty: a restart may happen now. */
  busy: z.array(z.string()),
});
export type UpdateState = z.infer<typeof UpdateState>;

const NoInput = z.object({}).strict();

export const updatesContract = {
  'updates.state': { input: NoInput, output: UpdateState },
  /** Checks now (also when automatic checks are off); answers once the check has an answer, the download goes on in the background. */
  'updates.check': { input: NoInput, output: UpdateState },
  /** Turns automatic checks on this device on or off. */
  'updates.setAutomatic': { input: z.object({ automatic: z.boolean({ error: 'Automatic updates must be on or off.' }) }).strict(), output: UpdateState },
  /**
   * Restarts into the downloaded version. Refused (BUSY, naming what runs) while an export or an import
   * runs, and refused when no version is ready.
   */
  'updates.install': { input: NoInput, output: z.object({ restarting: z.boolean() }) },
} as const;
