/**
 * Backups of the open workspace (main/backups/ writes and reads them): the list of the automatic
 * backups folder, "Back up now", and a restore in three steps: `backups.inspect` checks a backup and
 * answers a preview with a token, `backups.restore` puts it in place of the workspace, `backups.discard`
 * forgets it. A backup is named by its file name in the list, or by an upload: never by a path from
 * the page. These channels never need the workspace's database, so the recovery screen of a workspace
 * that cannot be opened uses them too.
 */
import { z } from 'zod';

export const BACKUP_REASONS = ['manual', 'daily', 'before-migration', 'before-restore', 'before-import'] as const;
export const BackupReason = z.enum(BACKUP_REASONS);
export type BackupReason = z.infer<typeof BackupReason>;

/** A backup file as its header describes it (main/backups/ BackupInfo). */
export const BackupInfo = z.object({
  file: z.string(),
  name: z.string(),
  createdAt: z.string(),
  reason: BackupReason,
  bytes: z.number().int().min(0),
  encrypted: z.boolean(),
  /** Null for the plain copies written before a migration by older app versions. */
  appVersion: z.string().nullable(),
  schemaVersion: z.number().int().nullable(),
  workspaceName: z.string(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;

export const PASSPHRASE_MIN_LENGTH = 8;

/** Kept only in memory while a backup is written or read; never stored, logged or sent back. */
const Passphrase = z
  .string({ error: 'The passphrase must be text.' })
  .min(PASSPHRASE_MIN_LENGTH, { error: `The passphrase must be at least ${PASSPHRASE_MIN_LENGTH} characters long.` })
  .max(1024, { error: 'The passphrase must be at most 1024 characters long.' });

const Token = z.string().min(1).max(64);

export const BackupSettingsView = z.object({ automatic: z.boolean(), keepDaily: z.number().int(), keepWeekly: z.number().int() });

export const BackupPreview = z.object({
  token: Token,
  name: z.string(),
  createdAt: z.string(),
  reason: BackupReason,
  encrypted: z.boolean(),
  appVersion: z.string().nullable(),
  /** The backup's schema version (migrations applied in it). */
  schemaVersion: z.number().int(),
  /** This app's schema version. */
  appSchemaVersion: z.number().int(),
  /** The backup is older than the app: it is brought up to date when the restored workspace opens (after its own backup). */
  willMigrate: z.boolean(),
  counts: z.object({ clients: z.number().int(), sites: z.number().int(), people: z.number().int(), changes: z.number().int() }),
  lastChange: z.object({ at: z.string(), actor: z.string(), summary: z.string() }).nullable(),
  /** The file name of the workspace the backup was taken from. */
  workspaceName: z.string(),
  /**
   * The backup was taken from another workspace than the one open (their identities, the first
   * history row of each, differ): restoring it replaces this workspace with that one, so the restore
   * asks for `otherWorkspace: true`. False when either identity is unknown (a damaged workspace).
   */
  otherWorkspace: z.boolean(),
});
export type BackupPreview = z.infer<typeof BackupPreview>;

export const backupsContract = {
  'backups.list': {
    input: z.object({}).default({}),
    output: z.object({
      /** The automatic backups folder of the workspace (`<workspace> backups` beside it). */
      folder: z.string(),
      entries: z.array(BackupInfo),
      /** When the newest automatic daily backup was taken, or null. */
      lastAutomatic: z.string().nullable(),
      settings: BackupSettingsView,
    }),
  },
  'backups.create': {
    input: z.object({
      /** 'automatic': the workspace's backups folder; 'choose': a folder main asks for. */
      destination: z.enum(['automatic', 'choose']),
      passphrase: Passphrase.optional(),
    }),
    /** Null when the folder choice was cancelled (nothing written). */
    output: BackupInfo.extend({ durationMs: z.number().min(0) }).nullable(),
  },
  'backups.inspect': {
    input: z.object({
      source: z.union([z.object({ backup: z.string().min(1).max(255) }).strict(), z.object({ uploadId: z.string().min(1).max(64) }).strict()]),
      passphrase: Passphrase.optional(),
    }),
    output: BackupPreview,
  },
  'backups.restore': {
    input: z.object({
      token: Token,
      confirm: z.literal(true, { error: 'Confirm the restore: it replaces the open workspace.' }),
      /** Required when the preview said the backup is of another workspace. */
      otherWorkspace: z.literal(true).optional(),
    }),
    output: z.object({ restoredFrom: z.string(), safetyCopy: z.string().nullable() }),
  },
  'backups.discard': {
    input: z.object({ token: Token }),
    output: z.object({ discarded: z.boolean() }),
  },
} as const;
