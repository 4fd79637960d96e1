/** The types every backup module shares, and the one error they throw. */
export type BackupReason = 'manual' | 'daily' | 'before-migration' | 'before-restore' | 'before-import';

export interface BackupInfo {
  /** Full path of the backup file. */
  file: string;
  /** Its file name. */
  name: string;
  /** ISO time the backup was taken. */
  createdAt: string;
  reason: BackupReason;
  bytes: number;
  encrypted: boolean;
  /** Null for the plain `.bak-*-before-migration` copies written before a migration. */
  appVersion: string | null;
  schemaVersion: number | null;
  /** Base name of the workspace it was taken from. */
  workspaceName: string;
  /**
   * The identity of the workspace it was taken from: the id of the workspace's first history row,
   * which never changes (history is append-only) and survives a restore. Null for backups written
   * before it was recorded and for the plain copies written before a migration.
   */
  workspaceId: string | null;
}

export type BackupErrorKind = 'not-a-backup' | 'unknown-format' | 'damaged' | 'passphrase-needed' | 'wrong-passphrase' | 'disk-full' | 'failed';

/** A backup that cannot be written or read, with what to do in its message and the file it concerns. */
export class BackupError extends Error {
  override name = 'BackupError';
  constructor(
    readonly kind: BackupErrorKind,
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}
