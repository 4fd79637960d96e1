/**
 * Which workspace the desktop app opens when its command line names none (a start at login, the Start
 * menu, the Dock): the one last opened on this device, the first of the recent list, while its file is
 * still there; else the default workspace in the user-data folder. Free of Electron, so Node tests it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { RecentList } from '../workspace-host-recent';

export function startWorkspaceFile(o: { requested: string | null | undefined; configDir: string; defaultFile: string }): string {
  if (o.requested) return path.resolve(o.requested);
  const last = new RecentList(o.configDir).entries()[0];
  return last && fs.existsSync(last.file) ? last.file : o.defaultFile;
}
