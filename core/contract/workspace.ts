/**
 * The workspace file itself: what it is (info), whether it is sound (verify), and secrets already in it,
 * found and replaced by a marker in stored records and history alike (findSecrets, redactSecrets). A
 * redaction is itself recorded in history, without the secret.
 */
import { z } from 'zod';
import { Id } from './fields';

export const WorkspaceInfo = z.object({
  path: z.string(),
  schemaVersion: z.number().int(),
  actor: z.string(),
  /** True when nothing can be saved (the file, its folder or its disk cannot be written, or it was opened read-only). */
  readOnly: z.boolean(),
  /** Why it is read-only, in words that finish "This workspace is read-only: …"; null when writable. */
  readOnlyReason: z.string().nullable(),
  counts: z.object({ clients: z.number().int(), sites: z.number().int(), people: z.number().int() }),
  /** What opening the workspace found and repaired (e.g. a history guard restored), shown once. */
  notices: z.array(z.string()),
});

/** One check of "Verify workspace", in plain words. */
export const VerifyCheck = z.object({
  key: z.enum(['integrity', 'foreign_keys', 'guards', 'chain']),
  title: z.string(),
  ok: z.boolean(),
  summary: z.string(),
  details: z.array(z.string()),
});
export type VerifyCheck = z.infer<typeof VerifyCheck>;

export const VerifyReport = z.object({
  ok: z.boolean(),
  checkedAt: z.string(),
  checks: z.array(VerifyCheck),
  chain: z.object({
    rows: z.number().int(),
    /** Rows rewritten by a recorded redaction, per day of the redaction. */
    redacted: z.array(z.object({ on: z.string(), rows: z.number().int() })),
    /** The first row whose seal does not hold, and how many rows follow it. */
    firstBreak: z
      .object({ seq: z.number().int().nullable(), id: z.string(), at: z.string(), what: z.string(), problem: z.string(), following: z.number().int() })
      .nullable(),
  }),
});
export type VerifyReport = z.infer<typeof VerifyReport>;

export const SecretLocation = z.object({
  /** Stable for one scan: table, record and column. */
  id: z.string(),
  /** Where, in words: "Site", "Operator", "History". */
  place: z.string(),
  table: z.string(),
  recordId: z.string(),
  /** The record as a user knows it: a site's name, a history row's date and summary. */
  record: z.string(),
  /** The column, in words: "Notes", "Revoke reason", "Before (history)". */
  field: z.string(),
  column: z.string(),
  /** What was found, masked, e.g. "an Anthropic API key (sk-ant…aa)"; never the secret itself. */
  found: z.string(),
  inHistory: z.boolean(),
});
export type SecretLocation = z.infer<typeof SecretLocation>;

export const SecretScan = z.object({
  locations: z.array(SecretLocation),
  /** Records and history rows looked at. */
  scannedRows: z.number().int(),
});
export type SecretScan = z.infer<typeof SecretScan>;

export const RedactionResult = z.object({
  /** Places (a column of a record) where text was replaced. */
  places: z.number().int(),
  /** Secrets replaced by the marker. */
  secrets: z.number().int(),
  historyRows: z.number().int(),
  marker: z.string(),
  /** The summary of the redaction's own history entry. */
  summary: z.string(),
  /** The redaction's history entry. */
  changeId: Id.nullable(),
  /** Backups next to the workspace (made before a migration), which still hold the text it replaced. */
  backups: z.array(z.string()),
});
export type RedactionResult = z.infer<typeof RedactionResult>;

/** One entry of the recent workspaces list. The page names it by `id`; main keeps the path. */
export const RecentWorkspace = z.object({
  id: z.string(),
  name: z.string(),
  folder: z.string(),
  lastOpenedAt: z.string(),
  /** Whether the file is still there (a moved or deleted one stays listed until forgotten). */
  exists: z.boolean(),
  /** The one open now (or the one the recovery screen is about). */
  current: z.boolean(),
});
export type RecentWorkspace = z.infer<typeof RecentWorkspace>;

/** Why the workspace could not be opened, in plain words (main/open-problem.ts). */
export const WorkspaceProblem = z.object({
  title: z.string(),
  body: z.string(),
  actions: z.array(z.string()),
});
export type WorkspaceProblem = z.infer<typeof WorkspaceProblem>;

/**
 * What the window shows: the open workspace, or the recovery screen for a file that failed its checks
 * ('recovery': nothing but the channels that need no workspace work, and the file is never changed).
 */
export const WorkspaceState = z.object({
  mode: z.enum(['open', 'recovery']),
  file: z.string(),
  name: z.string(),
  folder: z.string(),
  /** The window title: "<name> — Rollout Workbench", plus " (read-only)" or " — recovery". */
  title: z.string(),
  readOnly: z.boolean(),
  problem: WorkspaceProblem.nullable(),
  recent: z.array(RecentWorkspace),
  /** Whether main can show a file dialog (the desktop app); the web harness cannot. */
  canChooseFiles: z.boolean(),
});
export type WorkspaceState = z.infer<typeof WorkspaceState>;

/** Names Windows keeps for devices: a file called so (with any extension) cannot be created there. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * A name for a new workspace file: one file name, without folders, that every system the file may
 * travel to accepts. Normalised to NFC (the same name typed on two systems is one file) and at most
 * 100 bytes in UTF-8, so `<name>.sqlite` and its backups' names stay within file-name limits.
 */
/** Bytes of `text` in UTF-8 (core runs where TextEncoder may not be typed). */
function utf8Bytes(text: string): number {
  let n = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

export const WorkspaceName = z
  .string()
  .trim()
  .overwrite((v) => v.normalize('NFC'))
  .min(1, { error: 'The workspace name is empty: name the new workspace, e.g. "Acme rollouts".' })
  .refine((v) => utf8Bytes(v) <= 100, {
    error: 'The workspace name is too long: keep it within 100 bytes (about 100 letters, fewer with accents or other scripts).',
  })
  .refine((v) => !/[\\/]/.test(v), { error: 'The workspace name is a file name: leave out "/" and "\\".' })
  .refine((v) => !/^\.+$/.test(v), { error: 'The workspace name needs letters or digits, not only dots.' })
  .refine((v) => !/\p{Cc}|\p{Cf}/u.test(v), {
    error: 'The workspace name has an invisible character (a control character, a text-direction mark or a zero-width space): type it again without it.',
  })
  .refine((v) => !/[<>:"|?*]/.test(v), { error: 'The workspace name cannot hold < > : " | ? * (not allowed in file names everywhere).' })
  .refine((v) => !/[. ]$/.test(v), { error: 'The workspace name cannot end with a dot or a space (Windows drops them from file names).' })
  .refine((v) => !WINDOWS_RESERVED.test(v), {
    error: 'The workspace name is one Windows keeps for devices (CON, PRN, AUX, NUL, COM1–9, LPT1–9): choose another.',
  });

export const workspaceContract = {
  'workspace.info': { input: z.object({}).default({}), output: WorkspaceInfo },
  'workspace.verify': { input: z.object({}).default({}), output: VerifyReport },
  /** Scans every text of every record and of the history for secrets. Reads only. */
  'workspace.findSecrets': { input: z.object({}).default({}), output: SecretScan },
  /**
   * Replaces every secret a fresh scan finds (in records and history) by "[secret removed <date>]", in
   * one transaction, and records that it did. `confirm` must be true: the old text cannot be brought back.
   */
  'workspace.redactSecrets': {
    input: z.object({
      confirm: z.literal(true, { error: 'Confirm the redaction: the replaced text cannot be brought back.' }),
    }),
    output: RedactionResult,
  },
  /** The open workspace (or the recovery screen's), the recent list and what the host can do. */
  'workspace.state': { input: z.object({}).default({}), output: WorkspaceState },
  /**
   * Opens another workspace: one of the recent list, or one chosen in main's file dialog (desktop only).
   * A workspace that cannot be opened is refused with the problem's words and the current one stays open.
   */
  'workspace.open': {
    input: z.union([z.object({ recentId: z.string().min(1) }).strict(), z.object({ choose: z.literal(true) }).strict()], {
      error: 'Name a workspace of the recent list ({ recentId }) or ask to choose a file ({ choose: true }).',
    }),
    output: WorkspaceState,
  },
  /** Creates `<name>.sqlite` beside the current workspace or in a folder chosen in main, and opens it. */
  'workspace.create': {
    input: z.object({ name: WorkspaceName, where: z.enum(['beside-current', 'choose']).default('beside-current') }),
    output: WorkspaceState,
  },
  /** Removes an entry from the recent list (the file itself is left alone). */
  'workspace.forget': { input: z.object({ recentId: z.string().min(1) }), output: WorkspaceState },
  /** Copies the workspace file (and its -wal/-journal) aside, beside it, never moving or changing it. */
  'workspace.copyAside': { input: z.object({}).default({}), output: z.object({ copy: z.string() }) },
  /** Shows the workspace file in the file manager (desktop); the web harness answers the path only. */
  'workspace.reveal': { input: z.object({}).default({}), output: z.object({ file: z.string(), shown: z.boolean() }) },
} as const;
