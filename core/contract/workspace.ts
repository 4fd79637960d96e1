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
} as const;
