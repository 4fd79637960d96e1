/**
 * Handover bundles (main/bundles/): one site, one client or the whole workspace exported as a zip with
 * its history and documents, and imported in two steps: `bundles.preview` reads a staged upload and
 * answers what would change (problems, per table new / unchanged / conflicts, each conflict side by
 * side) with a token; `bundles.import` writes it with the user's choice for every conflict;
 * `bundles.discard` forgets a preview. Nothing is written before `bundles.import`.
 */
import { z } from 'zod';
import { Id } from './fields';

export const BUNDLE_SCOPES = ['site', 'client', 'all'] as const;
export const BundleScopeKind = z.enum(BUNDLE_SCOPES);

const Token = z.string().min(1).max(64);
const FieldValue = z.union([z.string(), z.number(), z.null()]);

export const BundleProblem = z.object({ path: z.string(), message: z.string() });

export const BundleConflict = z.object({
  /** The conflict's key for `choices`: "<table>:<id>". */
  id: z.string(),
  table: z.string(),
  /** The record as a user knows it ("Site “Northwind Shop”"). */
  label: z.string(),
  /** A hash of the record and the values shown; the import's choice carries it back (a change since the preview is refused). */
  fingerprint: z.string(),
  fields: z.array(z.object({ field: z.string(), label: z.string(), here: FieldValue, bundle: FieldValue })),
});
export type BundleConflict = z.infer<typeof BundleConflict>;

export const BundlePreview = z.object({
  /** Null when the bundle has problems: it cannot be imported. */
  token: Token.nullable(),
  fileName: z.string(),
  manifest: z
    .object({
      appVersion: z.string(),
      schemaVersion: z.number().int(),
      createdAt: z.string(),
      scope: z.object({ kind: BundleScopeKind, id: z.string().optional(), name: z.string().optional() }),
      documents: z.number().int(),
    })
    .nullable(),
  problems: z.array(BundleProblem),
  tables: z.array(z.object({ table: z.string(), label: z.string(), new: z.number().int(), identical: z.number().int(), conflicts: z.number().int() })),
  conflicts: z.array(BundleConflict),
  history: z.object({ new: z.number().int(), identical: z.number().int() }),
});
export type BundlePreview = z.infer<typeof BundlePreview>;

/** "Keep mine" or "Take bundle's" for one conflict, with the fingerprint the preview gave it. */
export const BundleChoice = z.object({ choice: z.enum(['keep', 'take']), fingerprint: z.string().min(1).max(128) });
export type BundleChoice = z.infer<typeof BundleChoice>;

export const bundlesContract = {
  'bundles.export': {
    input: z.object({
      scope: z.object({ kind: BundleScopeKind, id: Id.optional() }),
      /** The page's job id, to follow the documents' progress ('bundle.progress', phase 'documents'). */
      jobId: Id.optional(),
    }),
    /** `file` null: the folder dialog was cancelled. */
    output: z.object({ file: z.string().nullable(), bytes: z.number().int(), counts: z.record(z.string(), z.number().int()) }),
  },
  'bundles.preview': { input: z.object({ uploadId: Id }), output: BundlePreview },
  'bundles.import': {
    input: z.object({
      token: Token,
      choices: z.record(z.string(), BundleChoice).default({}),
      confirm: z.literal(true, { error: 'Confirm the import.' }),
      /** The page's job id, to follow progress ('bundle.progress') and cancel (`jobs.cancel`). */
      jobId: Id.optional(),
    }),
    output: z.object({
      added: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      history: z.number().int(),
      cancelled: z.boolean(),
      backup: z.string().nullable(),
    }),
  },
  'bundles.discard': { input: z.object({ token: Token }), output: z.object({ discarded: z.boolean() }) },
} as const;
