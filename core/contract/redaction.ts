/**
 * Secrets already in a workspace (typed before the scanner knew their shape, or written by another
 * tool) can be found and replaced by a marker, in stored records and in history alike. The redaction
 * is itself recorded in history, without the secret.
 */
import { z } from 'zod';
import { Id } from './fields';

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

export const redactionContract = {
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
