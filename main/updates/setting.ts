/**
 * Whether this device checks for updates on its own, kept in the host's config folder beside the recent
 * workspaces list (main/workspace-host-recent.ts), written atomically. Default on; a missing, damaged or
 * unreadable file means on, and a damaged one is written again whole. Fields this app does not know (a
 * newer app's) are kept when it writes.
 */
import path from 'node:path';
import { readJsonObject } from '../files';
import type { Logger } from '../rpc/context';
import { writeFileAtomically } from '../workspace-host-recent';

export const UPDATE_SETTINGS_FILE = 'updates.json';

export class UpdateSetting {
  readonly file: string;

  constructor(
    configDir: string,
    private readonly log: Logger,
  ) {
    this.file = path.join(configDir, UPDATE_SETTINGS_FILE);
  }

  /** The stored object, or null when missing or damaged (with whether it was damaged). */
  private read(): { fields: Record<string, unknown> | null; damaged: boolean } {
    return readJsonObject(this.file, (why) => this.log.warn(`The update setting could not be read (${why}); automatic checks stay on.`));
  }

  /** Automatic checks on this device; a damaged file counts as on and is rewritten so. */
  automatic(): boolean {
    const { fields, damaged } = this.read();
    if (damaged) {
      this.log.warn(`${this.file} was damaged: automatic update checks are on, and the file is written again.`);
      try {
        this.save({ automatic: true });
      } catch {
        // Logged by save; the answer stands.
      }
      return true;
    }
    return typeof fields?.automatic === 'boolean' ? fields.automatic : true;
  }

  setAutomatic(on: boolean): void {
    const { fields } = this.read();
    this.save({ ...(fields ?? {}), automatic: on });
  }

  private save(fields: Record<string, unknown>): void {
    try {
      writeFileAtomically(this.file, `${JSON.stringify({ version: 1, ...fields }, null, 2)}\n`);
    } catch (err) {
      this.log.warn(`The update setting could not be saved to ${this.file}: ${(err as Error).message}`);
      throw err;
    }
  }
}
