/** How backups are described on screen, in one place for the Backups page and the recovery screen. */
import type { BackupInfo, BackupReason } from '@core/contract/backups';

export const REASON_LABEL: Record<BackupReason, string> = {
  manual: 'Backed up by hand',
  daily: 'Daily (automatic)',
  'before-migration': 'Before an app update',
  'before-restore': 'Before a restore',
  'before-import': 'Before an import',
};

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** "App 1.4.0 · schema 16", or what is known of a legacy copy. */
export function versionsOf(b: Pick<BackupInfo, 'appVersion' | 'schemaVersion'>): string {
  const app = b.appVersion ? `App ${b.appVersion}` : 'App version not recorded';
  return b.schemaVersion === null ? app : `${app} · schema ${b.schemaVersion}`;
}
